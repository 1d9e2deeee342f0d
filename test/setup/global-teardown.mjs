// Drops every database of this run, removes this run's Redis keys and stops
// the embedded PostgreSQL if one was started.
import { adminQuery } from './pg-admin.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default async function globalTeardown() {
  const run = globalThis.__TEST_RUN__;
  if (!run) return;
  const { rows } = await adminQuery(
    run.serverUrl,
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${run.runId}_%`],
  );
  for (const { datname } of rows) {
    await adminQuery(run.serverUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  if (process.env.REDIS_URL) {
    const Redis = require('ioredis');
    const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${run.runId}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
  if (globalThis.__EMBEDDED_PG__) await globalThis.__EMBEDDED_PG__.stop();
}
