import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * One request header's value, like `@Headers(name)` but unseen by Swagger:
 * `@Headers` documents a required header under its lower-case name, so a route
 * states the headers clients send with `@ApiHeader` alone (canonical spelling,
 * required only when the server refuses a request without it).
 */
export const RequestHeader = createParamDecorator(
  (name: string, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<FastifyRequest>().headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  },
);
