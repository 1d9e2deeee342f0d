import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { json, startApi, type RunningApi } from './support/api-server';
import { testConfig } from './support/test-env';

const query = json({ query: '{ serverInfo { name } }' });

describe('rate limits', () => {
  const apis: RunningApi[] = [];
  afterEach(async () => {
    await Promise.all(apis.splice(0).map((a) => a.close()));
  });

  it('over the budget -> 429 problem+json RATE_LIMITED with Retry-After; probes are never limited', async () => {
    const api = await startApi(
      await testConfig({ RATE_LIMIT_PER_MINUTE: '3', KEY_PREFIX: `rl${randomUUID().slice(0, 8)}` }),
    );
    apis.push(api);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.request('/graphql', query)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await api.request('/api/v1/system/jobs/1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // GraphQL clients get the same code, in GraphQL's error shape.
    const limitedGraphql = await api.request('/graphql', query);
    expect(limitedGraphql.status).toBe(429);
    expect(await limitedGraphql.json()).toMatchObject({
      data: null,
      errors: [{ extensions: { code: 'RATE_LIMITED' } }],
    });
    for (let i = 0; i < 5; i++) expect((await api.request('/health/live')).status).toBe(200);
  });

  (process.env.REDIS_URL ? it : it.skip)('with Redis, API processes share one budget', async () => {
    const env = {
      RATE_LIMIT_PER_MINUTE: '4',
      KEY_PREFIX: `rl${randomUUID().slice(0, 8)}`,
      REDIS_URL: process.env.REDIS_URL,
    };
    const first = await startApi(await testConfig(env));
    const second = await startApi(await testConfig(env));
    apis.push(first, second);
    const statuses: number[] = [];
    for (const api of [first, second, first, second, first])
      statuses.push((await api.request('/graphql', query)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
