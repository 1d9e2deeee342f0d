import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitGracefullyOnSignals, loadConfigOrExit } from '@app/core';
import type { Server } from 'node:http';
import { startLivenessServer } from './liveness-server';
import { createWorker } from './worker.factory';

async function bootstrap(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const worker = await createWorker(config);
  const logger = new Logger('Worker');
  let liveness: Server | undefined;
  if (config.env.WORKER_HEALTH_PORT > 0) {
    liveness = await startLivenessServer(
      worker.app,
      config.env.WORKER_HEALTH_PORT,
      worker.isRunning,
      config.env.HOST,
    );
  }
  logger.log(`Backends: ${config.describeBackends()}`);
  logger.log(
    `Worker ready in ${Math.round(performance.now() - startedAt)} ms (pid ${process.pid})`,
  );
  // Closing the context closes the BullMQ workers, which wait for their running jobs.
  exitGracefullyOnSignals(async () => {
    await worker.app.close();
    await new Promise<void>((done) => (liveness ? liveness.close(() => done()) : done()));
  }, config.env.SHUTDOWN_TIMEOUT_MS);
}

bootstrap().catch((error: unknown) => {
  console.error('Worker failed to start:', error);
  process.exit(1);
});
