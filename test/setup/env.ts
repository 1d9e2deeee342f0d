// Every e2e test file: quiet logs (tests provoke errors on purpose); LOG_LEVEL=debug npm test to see them.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'fatal';
