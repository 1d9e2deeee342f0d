import type { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// or rediss:// URL (db from the path, TLS for rediss). */
export function redisOptionsFromUrl(raw: string): RedisOptions {
  const url = new URL(raw);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers need blocking commands that never give up on their own.
    maxRetriesPerRequest: null,
  };
}
