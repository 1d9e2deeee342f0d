import { Logger as NestLogger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, runMigrationsLocked } from '@app/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { mountBullBoard } from './admin/bull-board';
import { guardSwagger } from './admin/operator-scope';
import { AppModule, type ApiModuleOptions } from './app.module';
import { requireJsonGraphqlPosts } from './graphql/graphql-hardening';
import { echoRequestId, genReqId } from './http/http-hooks';
import { installGraphqlQueryDepthLimit, installJsonBodyParser } from './http/json-body';
import { installRateLimit } from './http/rate-limit';
import { installSecurityHeaders } from './http/security-headers';
import {
  clientErrorHandler,
  frameworkErrors,
  installFastifyErrorHandler,
} from './http/send-problem';
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
 * A hop count becomes "trust the first N addresses from our side" (the TCP peer is hop 0):
 * Fastify itself refuses every address for a plain number.
 */
function trustProxyOption(
  trust: false | number | string[],
): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
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
    trustProxy: trustProxyOption(config.trustProxy),
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
      // JSON is the only body type (installJsonBodyParser); anything else is 415.
      bodyParser: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();

  installJsonBodyParser(app, config.env.BODY_LIMIT_BYTES);
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  installFastifyErrorHandler(fastify);
  installGraphqlQueryDepthLimit(fastify, '/graphql');
  app.get(HttpMetrics).install(fastify);
  installSecurityHeaders(fastify);
  requireJsonGraphqlPosts(fastify);
  await installRateLimit(app, config);
  // Credentials (cookies, HTTP auth) only for an explicit allowlist, never for `*`.
  const corsOrigins = config.corsOrigins;
  app.enableCors({
    origin: corsOrigins,
    credentials: corsOrigins !== '*',
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
  if (config.env.SWAGGER_ENABLED) {
    if (config.swaggerGuarded) guardSwagger(app, config);
    setupSwagger(app);
  }
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
