import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, loadConfigOrExit } from '@app/core';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen({ port: config.env.PORT, host: config.env.HOST });
  const logger = new Logger('Bootstrap');
  logger.log(`Backends: ${config.describeBackends()}`);
  logger.log(`API ready on ${await app.getUrl()} in ${Math.round(performance.now() - startedAt)} ms (pid ${process.pid})`);
  installShutdownDeadline(config);
}

/** If graceful shutdown hangs (a stuck request), exit anyway after the deadline. */
function installShutdownDeadline(config: AppConfig): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.env.SHUTDOWN_TIMEOUT_MS).unref());
  }
}

bootstrap().catch((error: unknown) => {
  console.error('API failed to start:', error);
  process.exit(1);
});
