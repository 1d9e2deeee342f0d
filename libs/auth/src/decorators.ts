import {
  applyDecorators,
  createParamDecorator,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthUser } from './auth-user';
import { JwtAuthGuard, RolesGuard } from './guards';
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
