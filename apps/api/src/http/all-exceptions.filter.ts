import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { GqlArgumentsHost, type GqlContextType } from '@nestjs/graphql';
import { normalizeError } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { sendProblem } from './send-problem';

/**
 * The single place where a thrown value becomes a response: problem+json for
 * REST, a GraphQLError with extensions.code for GraphQL. Unexpected errors are
 * logged with their stack and the request id; the client gets neither stack
 * nor message.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const error = normalizeError(exception);
    if (host.getType<GqlContextType>() === 'graphql') {
      const context = GqlArgumentsHost.create(host).getContext<{ reply?: FastifyReply }>();
      const requestId = String(context.reply?.request.id ?? 'unknown');
      this.log(error.unexpected, exception, requestId);
      return new GraphQLError(error.message, {
        extensions: {
          code: error.code,
          requestId,
          ...(error.fieldErrors.length > 0 ? { errors: error.fieldErrors } : {}),
          ...(error.details ? { details: error.details } : {}),
        },
      });
    }
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    this.log(error.unexpected, exception, String(request.id));
    void sendProblem(request, reply, error);
    return undefined;
  }

  private log(unexpected: boolean, exception: unknown, requestId: string): void {
    if (unexpected) this.logger.error({ err: exception, requestId }, 'Unhandled error');
  }
}
