import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from './auth-user';

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

/** The HTTP request behind a REST call or a GraphQL operation. */
export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{
      reply: { request: AuthenticatedRequest };
    }>().reply.request;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
