import { Logger as NestLogger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, runMigrationsLocked } from '@app/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { mountBullBoard } from './admin/bull-board';
import { AppModule, type ApiModuleOptions } from './app.module';
import { echoRequestId, genReqId } from './http/http-hooks';
import { installJsonBodyParser } from './http/json-body';
import { installRateLimit } from './http/rate-limit';
import { installSecurityHeaders } from './http/security-headers';
import { installFastifyErrorHandler } from './http/send-problem';
import { createValidationPipe } from './http/validation';
import { HttpMetrics } from './metrics/http-metrics';
import { setupSwagger } from './swagger';
import { installUi } from './ui/install-ui';

export const API_PREFIX = 'api/v1';

/**
 * Fastify binds a route to the error handler in place when the route is
 * added. Ours (installFastifyErrorHandler) is set before any route, so it
 * answers parse errors, oversized bodies and hook errors as problem+json;
 * Nest's late fallback handler would only stack a second handler on top.
 */
class ApiFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}

/**
 * Builds the API application exactly as production runs it; main.ts and the
 * e2e tests both call this. Migrations run here (under an advisory lock)
 * before the app starts serving.
 */
export async function createApp(
  config: AppConfig,
  options: ApiModuleOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new ApiFastifyAdapter({
    bodyLimit: config.env.BODY_LIMIT_BYTES,
    genReqId,
    requestIdHeader: false,
    trustProxy: config.env.TRUST_PROXY,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();

  installJsonBodyParser(app, config.env.BODY_LIMIT_BYTES);
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  installFastifyErrorHandler(fastify);
  app.get(HttpMetrics).install(fastify);
  installSecurityHeaders(fastify);
  await installRateLimit(app, config);
  app.enableCors({
    origin: config.corsOrigins,
    credentials: true,
    exposedHeaders: ['x-request-id'],
  });

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  if (config.env.SWAGGER_ENABLED) setupSwagger(app);
  await installUi(app, config);
  await mountBullBoard(app, config);

  if (config.env.MIGRATIONS_RUN_ON_START) {
    const ran = await runMigrationsLocked(app.get(DataSource));
    if (ran.length > 0)
      new NestLogger('Migrations').log(`Applied ${ran.map((m) => m.name).join(', ')}`);
  }
  await app.init();
  return app;
}
