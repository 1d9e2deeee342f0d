import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AppConfig, DomainError, ErrorCode, redisOptionsFromUrl } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * The endpoints with their own, tighter budget (brute force and sign-up spam).
 * `password-check` covers every other route that verifies the current password
 * (change password, delete account): a stolen access token must not become an
 * unlimited password oracle. `verification-resend` keeps the resend route
 * from being used to flood an inbox.
 */
export type AuthRateLimitPolicy =
  'login' | 'register' | 'password-reset' | 'password-check' | 'verification-resend';
const POLICIES: AuthRateLimitPolicy[] = [
  'login',
  'register',
  'password-reset',
  'password-check',
  'verification-resend',
];
/** Budgets counted per signed-in user and client: they must follow @Authenticated(). */
const PER_USER: ReadonlySet<AuthRateLimitPolicy> = new Set([
  'password-check',
  'verification-resend',
]);
const POLICY_KEY = 'auth:rateLimitPolicy';

/**
 * Per-minute counters for the sign-in endpoints (rate-limiter-flexible): in
 * Redis with REDIS_URL, so every API process shares them, in memory otherwise.
 */
@Injectable()
export class AuthRateLimiter implements OnApplicationShutdown {
  private readonly limiters = new Map<AuthRateLimitPolicy, RateLimiterAbstract>();
  private readonly redis?: Redis;

  constructor(config: AppConfig) {
    const points = config.env.AUTH_RATE_LIMIT_PER_MINUTE;
    if (points === 0) return;
    if (config.env.REDIS_URL) {
      // Fail fast: a slow Redis must not hold sign-ins (errors let the request through).
      this.redis = new Redis({
        ...redisOptionsFromUrl(config.env.REDIS_URL),
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        enableOfflineQueue: false,
      });
    }
    for (const policy of POLICIES) {
      const options = {
        points,
        duration: 60,
        keyPrefix: `${config.env.KEY_PREFIX}:auth-rl:${policy}`,
      };
      this.limiters.set(
        policy,
        this.redis
          ? new RateLimiterRedis({ ...options, storeClient: this.redis })
          : new RateLimiterMemory(options),
      );
    }
  }

  /** Spends one point; the seconds to wait when the budget is spent, else null. */
  async consume(policy: AuthRateLimitPolicy, key: string): Promise<number | null> {
    const limiter = this.limiters.get(policy);
    if (!limiter) return null;
    try {
      await limiter.consume(key);
      return null;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes)
        return Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      return null; // the store failed: let the request through rather than lock everyone out
    }
  }

  /** After the HTTP server has answered its last request (Nest closes it before this phase). */
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

/** The request, its reply and its input (REST body or the GraphQL `input` argument). */
function callOf(context: ExecutionContext) {
  if (context.getType<GqlContextType>() === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    const reply = gql.getContext<{ reply: FastifyReply }>().reply;
    const input = gql.getArgs<{ input?: Record<string, unknown> }>().input;
    return { request: reply.request, reply, input };
  }
  const http = context.switchToHttp();
  const request = http.getRequest<FastifyRequest>();
  return {
    request,
    reply: http.getResponse<FastifyReply>(),
    input: request.body as Record<string, unknown> | undefined,
  };
}

/** The signed-in caller's id; a per-user budget must run after the JWT guard. */
function userIdOf(request: FastifyRequest): string {
  const user = (request as FastifyRequest & { user?: { id: string } }).user;
  if (!user) throw new Error('A per-user AuthRateLimit must follow @Authenticated()');
  return user.id;
}

@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: AuthRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<AuthRateLimitPolicy | undefined>(
      POLICY_KEY,
      context.getHandler(),
    );
    if (!policy) return true;
    const { request, reply, input } = callOf(context);
    // Login counts per IP and email, so one attacker cannot lock a victim out from elsewhere.
    const email = typeof input?.email === 'string' ? input.email.trim().toLowerCase() : '';
    const key =
      policy === 'login'
        ? `${request.ip}|${email}`
        : PER_USER.has(policy)
          ? `${userIdOf(request)}|${request.ip}`
          : request.ip;
    const retryAfter = await this.limiter.consume(policy, key);
    if (retryAfter === null) return true;
    void reply.header('retry-after', String(retryAfter));
    throw new DomainError(ErrorCode.RATE_LIMITED, `Too many attempts; retry in ${retryAfter} s`, {
      details: { retryAfterSeconds: retryAfter },
    });
  }
}

/**
 * Applies a sign-in budget to a REST route or GraphQL mutation. Guards run in
 * the order their decorators are applied (bottom-up), so put a per-user
 * policy above `@Authenticated()`.
 */
export const AuthRateLimit = (policy: AuthRateLimitPolicy) =>
  applyDecorators(
    SetMetadata(POLICY_KEY, policy),
    UseGuards(AuthRateLimitGuard),
    ApiTooManyRequestsResponse({
      description: 'RATE_LIMITED: too many attempts from this client (see Retry-After)',
    }),
  );
