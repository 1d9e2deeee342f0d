import { afterAll, describe, expect, it } from '@jest/globals';
import { QueueName, queueRootOptions } from '@app/core';
import { NotificationJob } from '@app/notifications';
import { Queue } from 'bullmq';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import { isolatedStores, QUEUE_BACKENDS, testConfig, testEnv } from './support/test-env';

describe.each(QUEUE_BACKENDS)('worker shutdown on the $name queue backend', ({ redisUrl }) => {
  let worker: RunningProcess | undefined;
  let observer: Queue | undefined;
  let db: pg.Client | undefined;

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await db?.end();
    await observer?.close();
  });

  it('a job still running at SIGTERM finishes with its queue and database open, then the worker exits 0', async () => {
    const overrides = { ...(await isolatedStores('closeorder')), REDIS_URL: redisUrl };
    const config = await testConfig(overrides);
    const healthPort = await freePort();
    worker = startProcess(
      'dist/apps/worker/src/main.js',
      await testEnv({ ...overrides, WORKER_HEALTH_PORT: String(healthPort) }),
    );
    await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${healthPort}/health/live`);
      return res.status === 200 ? true : undefined;
    }, 50_000);
    observer = new Queue(QueueName.NOTIFICATIONS, queueRootOptions(config));
    db = new pg.Client({ connectionString: config.databaseUrl });
    await db.connect();

    // Hold the outbox table so that an outbox sweep, once running, waits on its first query.
    // The row it will then find is one a crash left pending before it was queued.
    await db.query('BEGIN');
    await db.query('LOCK TABLE outbox_messages IN ACCESS EXCLUSIVE MODE');
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO outbox_messages (channel, template, recipient, data, created_at)
       VALUES ('email', 'password-changed', $1, '{"firstName":"Ada"}', now() - interval '1 minute')
       RETURNING id`,
      [`guest-${randomUUID()}@example.test`],
    );
    const outboxId = rows[0].id;
    const sweep = await observer.add(NotificationJob.SWEEP_OUTBOX, {}, { jobId: randomUUID() });
    await eventually(async () => ((await sweep.getState()) === 'active' ? true : undefined));

    // SIGTERM while the sweep runs; let it go on only once the shutdown has begun.
    const exit = worker.stop('SIGTERM');
    await sleep(500);
    expect(worker.child.exitCode).toBeNull();
    await db.query('COMMIT');

    // Within the shutdown deadline (10 s), or the exit code is 1.
    const code = await exit;
    if (code !== 0) throw new Error(`worker exited with ${code} on SIGTERM:\n${worker.output()}`);
    const finished = await observer.getJob(sweep.id!);
    expect(await finished?.getState()).toBe('completed');
    // The sweep re-queued the row through its queue: the email waits for the next worker.
    expect(finished?.returnvalue).toEqual({ requeued: 1 });
    expect(await observer.getJobState(outboxId)).toBe('waiting');
  });
});
