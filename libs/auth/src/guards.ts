import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, ErrorCode } from '@app/core';
import type { UserRole } from '@app/users';
import type { AuthUser } from './auth-user';
import { requestOf } from './request-of';

/** Requires a valid access token; works for REST and GraphQL alike. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override getRequest(context: ExecutionContext) {
    return requestOf(context);
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false): T {
    if (error || !user)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A valid access token is required');
    return user;
  }
}

export const ROLES_KEY = 'auth:roles';
export const HOST_ONLY_KEY = 'auth:hostOnly';
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);
export const HostOnly = () => SetMetadata(HOST_ONLY_KEY, true);

/** After JwtAuthGuard: enforces @Roles(...) and @HostOnly() (admins pass both). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    const hostOnly = this.reflector.getAllAndOverride<boolean | undefined>(HOST_ONLY_KEY, targets);
    const user = requestOf(context).user;
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A valid access token is required');
    if (user.role === 'admin') return true;
    if (roles && !roles.includes(user.role))
      throw new DomainError(ErrorCode.FORBIDDEN, 'This action needs another role');
    if (hostOnly && !user.isHost)
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only hosts can do this; become a host first');
    return true;
  }
}

/**
 * After JwtAuthGuard: booking and becoming a host need a verified email (a
 * reachable guest or host), as on Airbnb. One guard for REST and GraphQL.
 */
@Injectable()
export class VerifiedEmailGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = requestOf(context).user;
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A valid access token is required');
    if (user.unverifiedEmail === null) return true;
    throw new DomainError(
      ErrorCode.EMAIL_NOT_VERIFIED,
      `Verify your email first: we sent a link to ${user.unverifiedEmail}; POST /api/v1/auth/verify-email/resend to get a new one`,
    );
  }
}
