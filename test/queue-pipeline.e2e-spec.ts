import { afterAll, describe, expect, it } from '@jest/globals';
import { json, startApi, type RunningApi } from './support/api-server';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import {
  OPERATOR_AUTH,
  isolatedStores,
  testConfig,
  testEnv,
  QUEUE_BACKENDS,
} from './support/test-env';

interface JobView {
  id: string;
  state: string;
  result: { echo: string; processedBy: { pid: number } } | null;
}

describe.each(QUEUE_BACKENDS)(
  'API -> queue -> worker process on the $name backend',
  ({ redisUrl }) => {
    let api: RunningApi | undefined;
    let worker: RunningProcess | undefined;

    afterAll(async () => {
      await worker?.stop('SIGKILL');
      await api?.close();
    });

    it('a job enqueued through the API is completed by a separate worker process, which then shuts down cleanly', async () => {
      // Its own stores: the worker's only work is this test's job.
      const overrides = { ...(await isolatedStores('pipeline')), REDIS_URL: redisUrl };
      api = await startApi(await testConfig(overrides));
      const healthPort = await freePort();
      worker = startProcess(
        'dist/apps/worker/src/main.js',
        await testEnv({ ...overrides, WORKER_HEALTH_PORT: String(healthPort) }),
      );

      const live = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${healthPort}/health/live`);
        return res.status === 200 ? res : undefined;
      }, 50_000).catch((error: unknown) => {
        throw new Error(`worker did not become live: ${String(error)}\n${worker?.output()}`);
      });
      expect(await live.json()).toEqual({ status: 'ok' });

      const enqueued = await api.request(
        '/api/v1/system/jobs/ping',
        json({ message: 'hello worker' }, { authorization: OPERATOR_AUTH }),
      );
      expect(enqueued.status).toBe(202);
      const job = (await enqueued.json()) as JobView;
      expect(job.state).toBe('waiting');

      const done = await eventually(async () => {
        const res = await api!.request(`/api/v1/system/jobs/${job.id}`, {
          headers: { authorization: OPERATOR_AUTH },
        });
        const view = (await res.json()) as JobView;
        return view.state === 'completed' ? view : undefined;
      });
      expect(done.result?.echo).toBe('hello worker');
      expect(done.result?.processedBy.pid).toBe(worker.child.pid);
      expect(done.result?.processedBy.pid).not.toBe(process.pid);

      const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
      expect(metrics).toMatch(/queue_jobs\{queue="system",state="completed"\} [1-9]/);

      // SIGTERM: the worker closes its queues and exits by itself, leaving nothing listening.
      const exit = await worker.stop('SIGTERM');
      if (exit !== 0) throw new Error(`worker exited with ${exit} on SIGTERM:\n${worker.output()}`);
      await expect(fetch(`http://127.0.0.1:${healthPort}/health/live`)).rejects.toThrow();
    });
  },
);
