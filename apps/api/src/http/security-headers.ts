import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's security headers on every response. The middleware is built once,
 * at start-up: building it per request (as @fastify/helmet does) cost more
 * CPU than the rest of a cached listing read. CSP is left to the clients' own
 * front ends: this server only serves JSON and the docs UIs.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const setHeaders = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  fastify.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
