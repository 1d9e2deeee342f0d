import { describe, expect, it } from '@jest/globals';
import { eventually, freePort, startProcess } from './support/processes';
import { testEnv } from './support/test-env';

describe('configuration is validated once at boot', () => {
  it.each([
    ['API', 'dist/apps/api/src/main.js', { PORT: 'eighty' }, 'PORT'],
    ['API', 'dist/apps/api/src/main.js', { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL'],
    ['worker', 'dist/apps/worker/src/main.js', { REDIS_URL: 'http://not-redis' }, 'REDIS_URL'],
    ['worker', 'dist/apps/worker/src/main.js', { WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY'],
    ['API', 'dist/apps/api/src/main.js', { PAYMENTS_PROVIDER: 'stripe' }, 'STRIPE_SECRET_KEY'],
    [
      'worker',
      'dist/apps/worker/src/main.js',
      { PAYMENTS_PROVIDER: 'stripe' },
      'STRIPE_WEBHOOK_SECRET',
    ],
  ])('the %s exits non-zero naming a bad variable (%j)', async (_, entry, overrides, variable) => {
    const run = startProcess(entry, await testEnv(overrides));
    const code = await run.exited;
    expect(code).toBe(78);
    expect(run.output()).toContain('Invalid configuration');
    expect(run.output()).toContain(variable);
  });

  it('the API refuses to start without DATABASE_URL and says so', async () => {
    const run = startProcess('dist/apps/api/src/main.js', await testEnv({ DATABASE_URL: '' }));
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain('DATABASE_URL');
  });
});

describe('the API as a process', () => {
  it('serves once ready and, on SIGTERM, stops listening and exits 0', async () => {
    const port = await freePort();
    const api = startProcess(
      'dist/apps/api/src/main.js',
      await testEnv({ PORT: String(port), LOG_LEVEL: 'info' }),
    );
    const ready = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return res.status === 200 ? res : undefined;
    }, 50_000);
    expect(ready.status).toBe(200);
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(api.output()).toContain('SIGTERM received');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });
});
