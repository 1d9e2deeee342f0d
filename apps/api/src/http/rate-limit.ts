import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, redisOptionsFromUrl } from '@app/core';
import { Redis } from 'ioredis';

// Route patterns (what the router matched, never the raw URL) of probes, metrics and Stripe's webhook deliveries (a burst from a few of Stripe's addresses
// must not be refused: a refused delivery is retried for days and delays the booking).
const UNLIMITED = /^\/(health\/|metrics$|api\/v1\/payments\/webhooks\/)/;

/**
 * A per-client-IP request budget for every route (@fastify/rate-limit).
 * With REDIS_URL the counters live in Redis, so all API processes share one
 * budget; without it each process counts in memory. Over budget -> 429
 * RATE_LIMITED (problem+json, Retry-After). Probes, metrics and webhooks are exempt.
 */
export async function installRateLimit(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  const max = config.env.RATE_LIMIT_PER_MINUTE;
  if (max === 0) return;
  let redis: Redis | undefined;
  if (config.env.REDIS_URL) {
    // Fail fast: a slow Redis must not hold requests (skipOnError lets them through).
    redis = new Redis({
      ...redisOptionsFromUrl(config.env.REDIS_URL),
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      enableOfflineQueue: false,
    });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => {
        await redis?.quit().catch(() => undefined);
      });
  }
  await app.register(rateLimit as never, {
    global: true,
    max,
    timeWindow: 60_000,
    redis,
    nameSpace: `${config.env.KEY_PREFIX}:ratelimit:`,
    skipOnError: true,
    allowList: (request: { routeOptions: { url?: string } }) =>
      UNLIMITED.test(request.routeOptions.url ?? ''),
  });
}
