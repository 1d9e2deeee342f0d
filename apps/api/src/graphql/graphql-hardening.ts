import { DomainError, ErrorCode, normalizeError } from '@app/core';
import type { FastifyInstance } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { sendProblem } from '../http/send-problem';

export const GRAPHQL_ROUTE = '/graphql';

/**
 * Only `application/json` POSTs reach GraphQL. A browser sends a form or text/plain
 * body cross-site without a preflight, so accepting those would let any page run
 * mutations with the visitor's credentials. GET stays (Mercurius runs only queries
 * over GET). Decided on the route the router matched, before the body is parsed.
 */
export function requireJsonGraphqlPosts(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== GRAPHQL_ROUTE || request.method !== 'POST') return;
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType === 'application/json') return;
    return void sendProblem(
      request,
      reply,
      normalizeError(
        new DomainError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          'GraphQL POST requests must have Content-Type: application/json',
        ),
      ),
    );
  });
}

type ErrorFormatter = NonNullable<MercuriusDriverConfig['errorFormatter']>;

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Drops graphql-js' "Did you mean ...?" hints, which spell out the schema to a stranger. */
export function withoutSuggestions(format: ErrorFormatter): ErrorFormatter {
  return (execution, context) => {
    const formatted = format(execution, context);
    const response = formatted.response as { errors?: { message?: unknown }[] };
    for (const error of response.errors ?? [])
      if (typeof error.message === 'string') error.message = error.message.replace(SUGGESTION, '');
    return formatted;
  };
}

/** Validation rules that refuse `__schema` / `__type` queries (production default). */
export const NO_INTROSPECTION = [NoSchemaIntrospectionCustomRule];
