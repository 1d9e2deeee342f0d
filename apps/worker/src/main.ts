import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/core';
import { startLivenessServer } from './liveness-server';
import { createWorker } from './worker.factory';

async function bootstrap(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const worker = await createWorker(config);
  const logger = new Logger('Worker');
  if (config.env.WORKER_HEALTH_PORT > 0) {
    // Not closed explicitly: Nest re-raises the signal once the workers have stopped.
    await startLivenessServer(worker.app, config.env.WORKER_HEALTH_PORT, worker.isRunning);
  }
  logger.log(`Backends: ${config.describeBackends()}`);
  logger.log(`Worker ready in ${Math.round(performance.now() - startedAt)} ms (pid ${process.pid})`);
  // Nest's shutdown hooks close the BullMQ workers, which wait for running jobs.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.env.SHUTDOWN_TIMEOUT_MS * 3).unref());
  }
}

bootstrap().catch((error: unknown) => {
  console.error('Worker failed to start:', error);
  process.exit(1);
});
