import { Injectable, type ExecutionContext } from '@nestjs/common';
import { JwtAuthGuard } from '@app/auth';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';

/** Signs the caller in when a token is sent (owners see their drafts); anonymous otherwise. */
@Injectable()
export class OptionalAuthGuard extends JwtAuthGuard {
  override canActivate(context: ExecutionContext) {
    const request =
      context.getType<GqlContextType>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ reply: { request: FastifyRequest } }>()
            .reply.request
        : context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.headers.authorization) return true;
    return super.canActivate(context);
  }
}
