import {
  applyDecorators,
  createParamDecorator,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthUser } from './auth-user';
import { JwtAuthGuard, RolesGuard, VerifiedEmailGuard } from './guards';
import { requestOf } from './request-of';

/** The authenticated caller (REST and GraphQL). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser | undefined => requestOf(context).user,
);

/** Requires a signed-in user; add @Roles('admin') or @HostOnly() for more. */
export const Authenticated = () =>
  applyDecorators(
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'Missing, invalid or revoked access token (UNAUTHENTICATED)',
    }),
  );

/**
 * Requires a verified email; place it above `@Authenticated()` (or the
 * resolver's JwtAuthGuard), since guards run in the order they are applied.
 */
export const VerifiedEmailRequired = () =>
  applyDecorators(
    UseGuards(VerifiedEmailGuard),
    ApiForbiddenResponse({
      description: 'EMAIL_NOT_VERIFIED: verify the email first (POST /auth/verify-email/resend)',
    }),
  );
