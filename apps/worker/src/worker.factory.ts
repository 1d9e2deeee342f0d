import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, NestFactory } from '@nestjs/core';
import { AppConfig, type CoreModuleOptions } from '@app/core';
import { Logger } from 'nestjs-pino';
import { waitForSchema } from './schema-wait';
import { workerHosts } from './worker-hosts';
import { WorkerModule } from './worker.module';

export interface WorkerApp {
  app: INestApplicationContext;
  /** True while every BullMQ worker of this process is consuming. */
  isRunning(): boolean;
}

/**
 * Builds the worker exactly as production runs it (main.ts and the tests):
 * a Nest application context with the processors, no HTTP stack.
 */
export async function createWorker(
  config: AppConfig,
  options: CoreModuleOptions = {},
): Promise<WorkerApp> {
  // Processors and schedulers start with the context: not before the tables they use exist.
  await waitForSchema(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  const hosts = workerHosts(app.get(DiscoveryService));
  return { app, isRunning: () => hosts.length > 0 && hosts.every((h) => h.worker.isRunning()) };
}
