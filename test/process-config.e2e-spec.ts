import { describe, expect, it } from '@jest/globals';
import { startProcess } from './support/processes';
import { testEnv } from './support/test-env';

describe('configuration is validated once at boot', () => {
  it.each([
    ['API', 'dist/apps/api/src/main.js', { PORT: 'eighty' }, 'PORT'],
    ['API', 'dist/apps/api/src/main.js', { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL'],
    ['worker', 'dist/apps/worker/src/main.js', { REDIS_URL: 'http://not-redis' }, 'REDIS_URL'],
    ['worker', 'dist/apps/worker/src/main.js', { WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY'],
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
