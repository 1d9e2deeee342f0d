import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitGracefullyOnSignals, loadConfigOrExit } from '@app/core';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen({ port: config.env.PORT, host: config.env.HOST });
  const logger = new Logger('Bootstrap');
  logger.log(`Backends: ${config.describeBackends()}`);
  logger.log(
    `API ready on ${await app.getUrl()} in ${Math.round(performance.now() - startedAt)} ms (pid ${process.pid})`,
  );
  // Fastify stops accepting connections, answers in-flight requests, then Nest closes pools and queues.
  exitGracefullyOnSignals(() => app.close(), config.env.SHUTDOWN_TIMEOUT_MS);
}

bootstrap().catch((error: unknown) => {
  console.error('API failed to start:', error);
  process.exit(1);
});
