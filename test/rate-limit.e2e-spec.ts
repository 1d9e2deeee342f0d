import { afterEach, describe, expect, it } from '@jest/globals';
import { AppConfig } from '@app/core';
import { randomUUID } from 'node:crypto';
import { bearer, newAccount, register } from './support/accounts';
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
    // Payment webhooks are never limited either: this one is refused for its signature, not its rate.
    const webhook = await api.request(
      '/api/v1/payments/webhooks/stripe',
      json({ id: 'evt_1', type: 'payment_intent.succeeded' }, { 'stripe-signature': 't=1,v1=00' }),
    );
    expect(webhook.status).toBe(400);
    expect(await webhook.json()).toMatchObject({ code: 'INVALID_WEBHOOK_SIGNATURE' });
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

  const signInBudget = async (redisUrl = '') => {
    const env = {
      AUTH_RATE_LIMIT_PER_MINUTE: '5',
      RATE_LIMIT_PER_MINUTE: '0',
      KEY_PREFIX: `rl${randomUUID().slice(0, 8)}`,
      REDIS_URL: redisUrl,
    };
    const api = await startApi(await testConfig(env));
    apis.push(api);
    return api;
  };
  const loginAs = (api: RunningApi, email: string) =>
    api.request('/api/v1/auth/login', json({ email, password: 'not the password at all' }));
  const gqlLogin = (api: RunningApi, email: string) =>
    api.request(
      '/graphql',
      json({
        query:
          'mutation($e: String!) { login(input: { email: $e, password: "wrong password 1" }) { accessToken } }',
        variables: { e: email },
      }),
    );

  it('login: 5 a minute per client and email, REST and GraphQL together; then 429 RATE_LIMITED with Retry-After; other emails unaffected', async () => {
    const api = await signInBudget();
    const { account } = await register(api);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await loginAs(api, account.email)).status);
    for (let i = 0; i < 2; i++)
      statuses.push(
        (
          (await (await gqlLogin(api, account.email.toUpperCase())).json()) as {
            errors: { extensions: { code: string } }[];
          }
        ).errors[0].extensions.code === 'INVALID_CREDENTIALS'
          ? 401
          : 0,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Even the right password is refused now: the budget protects the account.
    const limited = await api.request(
      '/api/v1/auth/login',
      json({ email: account.email, password: account.password }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const limitedGql = (await (await gqlLogin(api, account.email)).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(limitedGql.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await loginAs(api, `other-${randomUUID()}@example.com`)).status).toBe(401);
  });

  it('register and password reset: 5 a minute per client', async () => {
    const api = await signInBudget();
    const registrations: number[] = [];
    for (let i = 0; i < 6; i++)
      registrations.push((await api.request('/api/v1/auth/register', json(newAccount()))).status);
    expect(registrations).toEqual([201, 201, 201, 201, 201, 429]);
    const resets: number[] = [];
    for (let i = 0; i < 6; i++)
      resets.push(
        (
          await api.request(
            '/api/v1/auth/password/forgot',
            json({ email: `someone-${i}@example.com` }),
          )
        ).status,
      );
    expect(resets).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('password checks of a signed-in user (change password, delete account; REST and GraphQL): 5 a minute per user and client, then 429 RATE_LIMITED with Retry-After', async () => {
    const api = await signInBudget();
    const victim = await register(api);
    const wrong = 'not my password at all';
    const gql = (query: string) =>
      api
        .request('/graphql', json({ query }, bearer(victim.accessToken)))
        .then(
          async (r) =>
            ((await r.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]
              ?.extensions.code,
        );
    const codes: (number | string | undefined)[] = [];
    for (let i = 0; i < 2; i++)
      codes.push(
        (
          await api.request(
            '/api/v1/users/me/password',
            json(
              { currentPassword: wrong, newPassword: 'a brand new passphrase 43' },
              bearer(victim.accessToken),
            ),
          )
        ).status,
      );
    codes.push(
      (
        await api.request('/api/v1/users/me', {
          ...json({ password: wrong }, bearer(victim.accessToken)),
          method: 'DELETE',
        })
      ).status,
    );
    codes.push(
      await gql(
        `mutation { changePassword(input: { currentPassword: "${wrong}", newPassword: "a brand new passphrase 43" }) }`,
      ),
    );
    codes.push(await gql(`mutation { deleteAccount(input: { password: "${wrong}" }) }`));
    expect(codes).toEqual([401, 401, 401, 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    // The sixth check is refused even with the right password.
    const limited = await api.request('/api/v1/users/me', {
      ...json({ password: victim.account.password }, bearer(victim.accessToken)),
      method: 'DELETE',
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(
      await gql(
        `mutation { changePassword(input: { currentPassword: "${wrong}", newPassword: "a brand new passphrase 43" }) }`,
      ),
    ).toBe('RATE_LIMITED');
    // The account is still there, and another user's budget is untouched.
    expect(
      (await api.request('/api/v1/users/me', { headers: bearer(victim.accessToken) })).status,
    ).toBe(200);
    const other = await register(api);
    const otherTry = await api.request(
      '/api/v1/users/me/password',
      json(
        { currentPassword: wrong, newPassword: 'a brand new passphrase 43' },
        bearer(other.accessToken),
      ),
    );
    expect(otherTry.status).toBe(401);
  });

  (process.env.REDIS_URL ? it : it.skip)(
    'with Redis, API processes share the sign-in budget',
    async () => {
      const first = await signInBudget(process.env.REDIS_URL);
      const prefix = first.app.get(AppConfig).env.KEY_PREFIX;
      const second = await startApi(
        await testConfig({
          AUTH_RATE_LIMIT_PER_MINUTE: '5',
          RATE_LIMIT_PER_MINUTE: '0',
          KEY_PREFIX: prefix,
          REDIS_URL: process.env.REDIS_URL,
        }),
      );
      apis.push(second);
      const email = `target-${randomUUID()}@example.com`;
      const statuses: number[] = [];
      for (const api of [first, second, first, second, first, second])
        statuses.push((await loginAs(api, email)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    },
  );
});
