import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { destination } from 'pino';
import { AppConfig } from '../config/app-config';

/** Paths pino masks in every log line: credentials, tokens and payment secrets. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.clientSecret',
];

const QUIET_ROUTES = /^\/(health\/|metrics)/;

/** Structured JSON logs (pino); one line per request carrying its request id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = {
          level: config.env.LOG_LEVEL,
          redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
          base: { app: config.env.APP_NAME },
          // Fastify assigns the id (see request-id.ts) before middleware runs.
          genReqId: (req: IncomingMessage) =>
            (req as IncomingMessage & { id?: string }).id ?? 'unknown',
          customAttributeKeys: { reqId: 'requestId' },
          // originalUrl: middleware mounted on a path (routes outside the global prefix) sees a relative url.
          autoLogging: {
            ignore: (req: IncomingMessage & { originalUrl?: string }) =>
              QUIET_ROUTES.test(req.originalUrl ?? req.url ?? ''),
          },
          serializers: {
            req: (req: { id?: string; method?: string; url?: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
        };
        if (config.env.LOG_PRETTY)
          return {
            pinoHttp: {
              ...options,
              transport: { target: 'pino-pretty', options: { singleLine: true } },
            },
          };
        // JSON lines go to stdout without blocking the event loop on each write (a line a
        // request adds up under load); pino flushes what is pending when the process exits.
        return { pinoHttp: [options, destination({ dest: 1, sync: false })] };
      },
    }),
  ],
})
export class LoggingModule {}
