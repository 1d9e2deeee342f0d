import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_QUEUES, dataSourceOptions, queueRootOptions, runMigrationsLocked } from '@app/core';
import { Queue } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import {
  emptyDatabaseUrl,
  isolatedStores,
  QUEUE_BACKENDS,
  testConfig,
  testEnv,
} from './support/test-env';

describe.each(QUEUE_BACKENDS)(
  'a worker started before the migrations ($name queues)',
  ({ redisUrl }) => {
    let worker: RunningProcess | undefined;
    const queues: Queue[] = [];

    afterAll(async () => {
      await worker?.stop('SIGKILL');
      await Promise.all(queues.map((q) => q.close()));
    });

    it('waits for the schema, says so, then runs its schedulers without a single failed job', async () => {
      const { KEY_PREFIX } = await isolatedStores('schemawait');
      const overrides = {
        DATABASE_URL: await emptyDatabaseUrl('schemawait'),
        KEY_PREFIX,
        REDIS_URL: redisUrl,
      };
      const config = await testConfig(overrides);
      const healthPort = await freePort();
      worker = startProcess(
        'dist/apps/worker/src/main.js',
        await testEnv({ ...overrides, WORKER_HEALTH_PORT: String(healthPort), LOG_LEVEL: 'info' }),
      );

      // On an unmigrated database it waits, says what for, and is not live (consumes nothing).
      await eventually(
        async () => (/Waiting for \d+ migration/.test(worker!.output()) ? true : undefined),
        60_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; the worker's output:\n${worker!.output()}`);
      });
      expect(worker.output()).toMatch(
        /Waiting for \d+ migration\(s\) to be applied \(.*CreateOutboxMessages/,
      );
      await sleep(1_000);
      const early = await fetch(`http://127.0.0.1:${healthPort}/health/live`).catch(
        () => undefined,
      );
      expect(early?.status).toBeUndefined();
      expect(worker.child.exitCode).toBeNull();

      // The API's migrate step, as `npm start` runs it beside the worker.
      const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
      try {
        await runMigrationsLocked(dataSource);
      } finally {
        await dataSource.destroy();
      }

      await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${healthPort}/health/live`);
        return res.status === 200 ? true : undefined;
      }, 60_000);
      for (const name of ALL_QUEUES) queues.push(new Queue(name, queueRootOptions(config)));
      // Schedulers run their first job at once: wait until some have completed.
      const completed = await eventually(async () => {
        const counts = await Promise.all(
          queues.map((q) => q.getJobCounts('completed', 'active', 'waiting')),
        );
        const done = counts.reduce((sum, c) => sum + (c.completed ?? 0), 0);
        const busy = counts.reduce((sum, c) => sum + (c.active ?? 0) + (c.waiting ?? 0), 0);
        return done >= 3 && busy === 0 ? done : undefined;
      }, 60_000);
      expect(completed).toBeGreaterThanOrEqual(3);
      const failed = await Promise.all(
        queues.map(async (q) => [q.name, (await q.getJobCounts('failed')).failed ?? 0] as const),
      );
      expect(failed).toEqual(ALL_QUEUES.map((name) => [name, 0]));
    });
  },
);
