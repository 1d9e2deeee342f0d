import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  DomainError,
  ErrorCode,
  normalizeError,
  REQUEST_ID_HEADER,
  type NormalizedError,
} from '@app/core';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
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
    .header(REQUEST_ID_HEADER, String(request.id))
    .send(toProblemDetails(error, String(request.id), path));
}

/**
 * Fastify's own errors carry developer wording ("FST_ERR_CTP_INVALID_MEDIA_TYPE:
 * Unsupported Media Type: text/plain"); these are the sentences a client sees.
 */
function fromFramework(error: unknown): unknown {
  const { code } = (error ?? {}) as Partial<FastifyError>;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'This API reads request bodies as JSON only: send them with content-type application/json.',
        { cause: error },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        'The request body is larger than this API accepts.',
        { cause: error },
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError(
        ErrorCode.MALFORMED_JSON,
        'The request says its body is JSON, but the body is empty.',
        { cause: error },
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError(
        ErrorCode.BAD_REQUEST,
        'The request body does not match its content-length header.',
        { cause: error },
      );
    case 'FST_ERR_BAD_URL':
      return new DomainError(ErrorCode.BAD_REQUEST, 'The URL is not correctly encoded.', {
        cause: error,
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new DomainError(ErrorCode.ROUTE_NOT_FOUND, 'No resource has an address that long.', {
        cause: error,
      });
    default:
      return error;
  }
}

/**
 * Errors Fastify raises before a Nest handler runs (malformed JSON, body too
 * large, wrong content type) get the same problem+json as everything else.
 */
export function installFastifyErrorHandler(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error, request, reply) => {
    const normalized = normalizeError(fromFramework(error));
    if (normalized.unexpected)
      request.log.error({ err: error, requestId: request.id }, 'Unhandled error');
    return sendProblem(request, reply, normalized);
  });
  // Only JSON bodies: Fastify's built-in text/plain parser would hand a string to
  // validation, which then lists every field as wrong instead of saying 415.
  fastify.removeContentTypeParser('text/plain');
}

/** Router errors (a badly encoded URL, an over-long path parameter), before any hook runs. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (
  error,
  request,
  reply,
) => {
  void sendProblem(request, reply, normalizeError(fromFramework(error)));
};

/**
 * Errors Node's HTTP parser finds before Fastify sees a request (headers or URL
 * over the size limit, a malformed request line, a header that never ends):
 * written straight to the socket, as problem+json like every other answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          ErrorCode.HEADERS_TOO_LARGE,
          'The URL or the request headers are larger than this API accepts.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [ErrorCode.REQUEST_TIMEOUT, 'The request was not received in time.']
        : [ErrorCode.BAD_REQUEST, 'The request is not valid HTTP.'];
  const normalized = normalizeError(new DomainError(code, detail));
  const requestId = randomUUID();
  const body = JSON.stringify(toProblemDetails(normalized, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${normalized.status} ${STATUS_CODES[normalized.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
