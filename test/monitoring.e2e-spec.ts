import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { json, startApi, type RunningApi } from './support/api-server';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import { ProbeModule } from './support/probe/probe.module';
import { OPERATOR_AUTH, testConfig, testEnv } from './support/test-env';

const TIMEOUT = 60_000;

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('monitoring: /metrics of the API and the worker', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(await testConfig({ DATABASE_POOL_SIZE: '2' }), {
      extraModules: [ProbeModule],
    });
  }, TIMEOUT);
  afterAll(() => api?.close());

  const scrape = async () => (await api.request('/metrics')).text();

  it(
    'shows database connections in use and queries waiting for one',
    async () => {
      const idle = await scrape();
      expect(idle).toMatch(/^db_pool_connections\{state="in_use"\} \d+$/m);
      expect(sample(idle, 'db_pool_waiting_clients')).toBe(0);

      // Four slow queries on a pool of two: two run, two wait.
      const dataSource = api.app.get(DataSource);
      const slow = Array.from({ length: 4 }, () => dataSource.query('SELECT pg_sleep(1)'));
      const busy = await eventually(async () => {
        const text = await scrape();
        return sample(text, 'db_pool_waiting_clients') >= 2 ? text : undefined;
      }, 5000);
      expect(sample(busy, 'db_pool_connections{state="in_use"}')).toBe(2);
      await Promise.all(slow);

      const after = await scrape();
      expect(sample(after, 'db_pool_waiting_clients')).toBe(0);
      expect(sample(after, 'db_pool_connections{state="in_use"}')).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'counts cache hits and misses per keyspace',
    async () => {
      const before = await scrape();
      const key = randomUUID();
      const first = await (await api.request(`/api/v1/probe/cached/${key}`)).json();
      const second = await (await api.request(`/api/v1/probe/cached/${key}`)).json();
      const third = await (await api.request(`/api/v1/probe/cached/${key}`)).json();
      expect(second).toEqual(first);
      expect(third).toEqual(first);

      const after = await scrape();
      const hits = 'cache_lookups_total{keyspace="probe",result="hit"}';
      const misses = 'cache_lookups_total{keyspace="probe",result="miss"}';
      expect(sample(after, hits) - sample(before, hits)).toBe(2);
      expect(sample(after, misses) - sample(before, misses)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'times failed requests under their route template and status code',
    async () => {
      const count = (route: string, status: number) =>
        `http_request_duration_seconds_count{method="GET",route="${route}",status_code="${status}"}`;
      const notFound = count('/api/v1/listings/:id', 404);
      const badQuery = count('/api/v1/listings', 400);
      const ids = [randomUUID(), randomUUID()];

      let previous = await scrape();
      const start = previous;
      for (const id of ids) {
        expect((await api.request(`/api/v1/listings/${id}`)).status).toBe(404);
        expect((await api.request('/api/v1/listings?limit=many')).status).toBe(400);
        // The response hook records after the answer is sent: wait for both series to move.
        const now = await eventually(async () => {
          const text = await scrape();
          return sample(text, notFound) > sample(previous, notFound) &&
            sample(text, badQuery) > sample(previous, badQuery)
            ? text
            : undefined;
        }, 5000);
        expect(sample(now, notFound) - sample(previous, notFound)).toBe(1);
        expect(sample(now, badQuery) - sample(previous, badQuery)).toBe(1);
        previous = now;
      }
      expect(sample(previous, notFound) - sample(start, notFound)).toBe(2);
      expect(sample(previous, badQuery) - sample(start, badQuery)).toBe(2);
      // Errors are not counted as successes, and raw paths never become labels.
      expect(sample(previous, count('/api/v1/listings/:id', 200))).toBe(
        sample(start, count('/api/v1/listings/:id', 200)),
      );
      for (const id of ids) expect(previous).not.toContain(id);
    },
    TIMEOUT,
  );

  describe('the worker process', () => {
    let worker: RunningProcess | undefined;
    let workerMetrics: () => Promise<string>;
    const depth = (state: string, queue = 'system') =>
      `queue_jobs{queue="${queue}",state="${state}"}`;

    beforeAll(async () => {
      const port = await freePort();
      // One job at a time per queue, so a second job visibly waits behind a running one.
      worker = startProcess(
        'dist/apps/worker/src/main.js',
        await testEnv({ WORKER_HEALTH_PORT: String(port), WORKER_CONCURRENCY: '1' }),
      );
      workerMetrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      await eventually(workerMetrics, 30_000).catch((error: unknown) => {
        throw new Error(`worker did not start: ${String(error)}\n${worker?.output()}`);
      });
      // Jobs an earlier test file left in this store are worked off first.
      await eventually(async () => {
        const text = await scrape();
        return sample(text, depth('waiting')) === 0 && sample(text, depth('active')) === 0
          ? true
          : undefined;
      }, 20_000);
    }, TIMEOUT);
    afterAll(() => worker?.stop('SIGKILL'));

    it(
      'counts finished jobs per queue and status and times them',
      async () => {
        const before = await workerMetrics();

        const completedCount = 'queue_jobs_finished_total{queue="system",status="completed"}';
        const failedCount = 'queue_jobs_finished_total{queue="system",status="failed"}';
        const duration =
          'queue_job_duration_seconds_count{queue="system",name="ping",status="completed"}';

        for (let i = 0; i < 3; i++) {
          const res = await api.request(
            '/api/v1/system/jobs/ping',
            json({ message: `metrics ${i}` }, { authorization: OPERATOR_AUTH }),
          );
          expect(res.status).toBe(202);
        }
        // A job the worker does not know fails (once: one attempt).
        const queue = api.app.get<Queue>(getQueueToken('system'), { strict: false });
        await queue.add('no-such-job', {}, { attempts: 1 });

        const after = await eventually(async () => {
          const text = await workerMetrics();
          return sample(text, completedCount) - sample(before, completedCount) >= 3 &&
            sample(text, failedCount) - sample(before, failedCount) >= 1
            ? text
            : undefined;
        }, 20_000);
        expect(sample(after, completedCount) - sample(before, completedCount)).toBe(3);
        expect(sample(after, failedCount) - sample(before, failedCount)).toBe(1);
        expect(sample(after, duration) - sample(before, duration)).toBe(3);
        expect(after).toMatch(/^db_pool_connections\{state="in_use"\} \d+$/m);
      },
      TIMEOUT,
    );

    it(
      "shows each queue's jobs per state on the API's /metrics, a failed job included",
      async () => {
        const before = await scrape();
        for (const queue of ['system', 'notifications', 'bookings', 'payments', 'reviews'])
          for (const state of ['waiting', 'active', 'completed', 'failed'])
            expect(before).toMatch(
              new RegExp(`^queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+$`, 'm'),
            );

        // Two slow pings with one job at a time: one runs while the other waits.
        for (const message of ['slow 1', 'slow 2']) {
          const res = await api.request(
            '/api/v1/system/jobs/ping',
            json({ message, workMs: 2000 }, { authorization: OPERATOR_AUTH }),
          );
          expect(res.status).toBe(202);
        }
        const busy = await eventually(async () => {
          const text = await scrape();
          return sample(text, depth('active')) >= 1 && sample(text, depth('waiting')) >= 1
            ? text
            : undefined;
        }, 10_000);
        expect(sample(busy, depth('active'))).toBe(1);
        expect(sample(busy, depth('waiting'))).toBe(1);

        // A job the worker does not know fails (once: one attempt).
        const queue = api.app.get<Queue>(getQueueToken('system'), { strict: false });
        await queue.add('no-such-job', {}, { attempts: 1 });

        const after = await eventually(async () => {
          const text = await scrape();
          return sample(text, depth('completed')) - sample(before, depth('completed')) >= 2 &&
            sample(text, depth('failed')) - sample(before, depth('failed')) >= 1 &&
            sample(text, depth('active')) === 0 &&
            sample(text, depth('waiting')) === 0
            ? text
            : undefined;
        }, 20_000);
        expect(sample(after, depth('completed')) - sample(before, depth('completed'))).toBe(2);
        expect(sample(after, depth('failed')) - sample(before, depth('failed'))).toBe(1);
        expect(sample(after, depth('active'))).toBe(0);
        expect(sample(after, depth('waiting'))).toBe(0);
      },
      TIMEOUT,
    );
  });
});
