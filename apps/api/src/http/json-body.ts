import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DomainError, ErrorCode } from '@app/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Routes that verify a signature over the body as sent (Stripe's webhook). */
export const RAW_BODY_PATHS = ['/api/v1/payments/webhooks/stripe'] as const;

/** No input of this API nests deeper; validation recurses, so depth is capped before it. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of arrays/objects in a JSON text, counted without parsing
 * (brackets inside strings are skipped). Stops as soon as `limit` is passed.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

export function bodyTooDeepError(): DomainError {
  return new DomainError(
    ErrorCode.BODY_TOO_DEEP,
    `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; no request to this API needs that.`,
    { details: { maxDepth: MAX_JSON_DEPTH } },
  );
}

/**
 * The API's JSON parser: Fastify's own (prototype poisoning refused), with a
 * nesting limit checked first, unreadable JSON answered as MALFORMED_JSON, and
 * the bytes as received kept in `request.rawBody` for the routes in
 * `RAW_BODY_PATHS` only, so no other request holds a second copy of its body.
 * GraphQL POSTs go through this parser too, so their variables get the same limit.
 */
export function installJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const path = request.url.split('?', 1)[0];
    if ((RAW_BODY_PATHS as readonly string[]).includes(path))
      (request as FastifyRequest & { rawBody?: Buffer }).rawBody = body;
    const text = body.toString('utf8');
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(bodyTooDeepError(), undefined);
      return;
    }
    parseJson(request as FastifyRequest, text, (error, parsed) => {
      if (!error) return done(null, parsed);
      done(
        new DomainError(
          ErrorCode.MALFORMED_JSON,
          text.trim() === ''
            ? 'The request says its body is JSON, but the body is empty.'
            : 'The request body is not valid JSON.',
          { cause: error },
        ),
        undefined,
      );
    });
  });
}

/** GraphQL GETs carry their variables as JSON in the query string: the same depth limit. */
export function installGraphqlQueryDepthLimit(fastify: FastifyInstance, graphqlPath: string): void {
  fastify.addHook('preValidation', async (request) => {
    if (request.method !== 'GET' || request.routeOptions.url !== graphqlPath) return;
    const { variables, extensions } = (request.query ?? {}) as Record<string, unknown>;
    for (const value of [variables, extensions])
      if (typeof value === 'string' && jsonDepthExceeds(value, MAX_JSON_DEPTH))
        throw bodyTooDeepError();
  });
}
