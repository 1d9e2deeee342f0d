import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppConfig, DomainError, ErrorCode } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BASIC_CHALLENGE, isOperatorAuthorization } from './operator-credentials';

/** Lets through requests carrying the operators' basic-auth login (REST only). */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (isOperatorAuthorization(request.headers.authorization, this.config)) return true;
    void http.getResponse<FastifyReply>().header('www-authenticate', BASIC_CHALLENGE);
    throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Operator credentials are required');
  }
}
