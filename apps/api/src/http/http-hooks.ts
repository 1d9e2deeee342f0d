import { REQUEST_ID_HEADER, requestIdFrom } from '@app/core';
import type { FastifyInstance, FastifyServerOptions, RawRequestDefaultExpression } from 'fastify';

/**
 * Fastify assigns the request id before anything else runs. It is also put on
 * the raw request so pino-http (which sees the raw request) logs the same id.
 */
export const genReqId: NonNullable<FastifyServerOptions['genReqId']> = (
  raw: RawRequestDefaultExpression,
) => {
  const id = requestIdFrom(raw.headers[REQUEST_ID_HEADER]);
  (raw as RawRequestDefaultExpression & { id?: string }).id = id;
  return id;
};

/** Echoes the request id on every response, errors included. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
}
