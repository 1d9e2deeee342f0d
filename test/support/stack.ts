import type { TestClock } from '@app/core';
import { startApi, type RunningApi } from './api-server';
import { MailCatcher } from './mail-catcher';
import { freePort, startProcess, type RunningProcess } from './processes';
import { testConfig, testEnv } from './test-env';

/** The API in this process, a real worker process and a real SMTP server. */
export interface Stack {
  api: RunningApi;
  worker: RunningProcess;
  smtp: MailCatcher;
  /** SIGTERM to the worker, then the API and the SMTP server close. */
  stop(): Promise<void>;
}

/**
 * Starts the API (its clock the test's) and a worker process on this Jest
 * worker's stores, both sending mail to a new SMTP server, request rate
 * limits off; `env` adds to or overrides the settings of both.
 */
export async function startStack(
  clock: TestClock,
  env: Record<string, string | undefined> = {},
): Promise<Stack> {
  const smtp = new MailCatcher();
  await smtp.start();
  const settings = {
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    RATE_LIMIT_PER_MINUTE: '0',
    REDIS_URL: process.env.REDIS_URL,
    ...env,
  };
  const api = await startApi(await testConfig(settings), { clock });
  const worker = startProcess(
    'dist/apps/worker/src/main.js',
    await testEnv({ ...settings, WORKER_HEALTH_PORT: String(await freePort()) }),
  );
  return {
    api,
    worker,
    smtp,
    stop: async () => {
      await worker.stop('SIGTERM');
      await api.close();
      await smtp.stop();
    },
  };
}
