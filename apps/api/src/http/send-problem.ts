import { normalizeError, type NormalizedError } from '@app/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details';

/** Writes a normalized error as application/problem+json. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: NormalizedError,
): FastifyReply {
  const path = request.url.split('?')[0];
  return reply
    .status(error.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(toProblemDetails(error, String(request.id), path));
}

/**
 * Errors Fastify raises before a Nest handler runs (malformed JSON, body too
 * large, wrong content type) get the same problem+json as everything else.
 */
export function installFastifyErrorHandler(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error, request, reply) => {
    const normalized = normalizeError(error);
    if (normalized.unexpected)
      request.log.error({ err: error, requestId: request.id }, 'Unhandled error');
    return sendProblem(request, reply, normalized);
  });
}
