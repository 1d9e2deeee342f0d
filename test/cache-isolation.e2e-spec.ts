import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/core';
import { bearer } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { listingInput, registerHost, uniqueCity } from './support/listings';
import { freshDatabaseUrl, runId, testConfig } from './support/test-env';

const redisUrl = process.env.REDIS_URL;

describe('cache keys on a shared Redis', () => {
  const apis: RunningApi[] = [];
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
  });

  (redisUrl ? it : it.skip)(
    'live under KEY_PREFIX: an API on another database never reads them',
    async () => {
      // Run-prefixed, so the global teardown removes the keys.
      const prefix = () => `${runId()}ci${randomUUID().slice(0, 8)}`;
      const first = await startApi(
        await testConfig({ REDIS_URL: redisUrl, KEY_PREFIX: prefix(), RATE_LIMIT_PER_MINUTE: '0' }),
      );
      apis.push(first);

      const host = await registerHost(first);
      const city = uniqueCity();
      const created = (await (
        await first.request(
          '/api/v1/listings',
          json(listingInput({ city }), bearer(host.accessToken)),
        )
      ).json()) as { id: string };
      await first.request(`/api/v1/listings/${created.id}/publish`, {
        method: 'POST',
        headers: bearer(host.accessToken),
      });

      const search = `/api/v1/listings?city=${encodeURIComponent(city)}`;
      const found = await first.request(search);
      expect(((await found.json()) as { data: unknown[] }).data).toHaveLength(1);
      expect((await first.request(search)).headers.get('x-cache')).toBe('HIT');

      // Started last: Passport's strategies are process-wide, so the signed-in
      // steps above are done before another app in this process registers its own.
      const other = await startApi(
        await testConfig({
          REDIS_URL: redisUrl,
          KEY_PREFIX: prefix(),
          RATE_LIMIT_PER_MINUTE: '0',
          DATABASE_URL: await freshDatabaseUrl('cacheiso'),
        }),
      );
      apis.push(other);

      // The same search on the other database: its own miss, its own (empty) answer.
      const elsewhere = await other.request(search);
      expect(elsewhere.headers.get('x-cache')).toBe('MISS');
      expect(((await elsewhere.json()) as { data: unknown[] }).data).toEqual([]);

      const keyPrefix = first.app.get(AppConfig).env.KEY_PREFIX;
      const redis = new Redis(redisUrl!);
      try {
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await redis.scan(cursor, 'MATCH', `${keyPrefix}:cache:*`);
          keys.push(...batch);
          cursor = next;
        } while (cursor !== '0');
        expect(keys.some((k) => k.startsWith(`${keyPrefix}:cache:listing-search:`))).toBe(true);
      } finally {
        redis.disconnect();
      }
    },
  );
});
