import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** Routes that verify a signature over the body as sent (Stripe's webhook). */
export const RAW_BODY_PATHS = ['/api/v1/payments/webhooks/stripe'] as const;

/**
 * The API's JSON parser: Fastify's own (prototype poisoning refused), with the
 * bytes as received kept in `request.rawBody` for the routes in
 * `RAW_BODY_PATHS` only, so no other request holds a second copy of its body.
 */
export function installJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const path = request.url.split('?', 1)[0];
    if ((RAW_BODY_PATHS as readonly string[]).includes(path))
      (request as FastifyRequest & { rawBody?: Buffer }).rawBody = body;
    parseJson(request as FastifyRequest, body.toString('utf8'), done);
  });
}
