import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { GqlArgumentsHost, type GqlContextType } from '@nestjs/graphql';
import { normalizeError } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details';

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
    const requestId = String(request.id);
    this.log(error.unexpected, exception, requestId);
    const path = request.url.split('?')[0];
    void reply.status(error.status).header('content-type', PROBLEM_CONTENT_TYPE).send(toProblemDetails(error, requestId, path));
    return undefined;
  }

  private log(unexpected: boolean, exception: unknown, requestId: string): void {
    if (unexpected) this.logger.error({ err: exception, requestId }, 'Unhandled error');
  }
}
