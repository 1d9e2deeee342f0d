import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { networkInterfaces } from 'node:os';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { newAccount } from './support/accounts';
import { startApi, type RunningApi } from './support/api-server';
import { eventually, freePort, startProcess } from './support/processes';
import { PRODUCTION } from './support/production-env';
import { testConfig, testEnv } from './support/test-env';

const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { accessToken } }`;

/** A GraphQL POST with the given content type and body text. */
const graphqlPost = (api: RunningApi, contentType: string, body: string) =>
  api.request('/graphql', { method: 'POST', headers: { 'content-type': contentType }, body });
const graphql = async (api: RunningApi, query: string, variables?: object) => {
  const res = await graphqlPost(api, 'application/json', JSON.stringify({ query, variables }));
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
};

describe('CORS: credentials only for an allowlist', () => {
  let wildcard: RunningApi;
  let allowlist: RunningApi;
  beforeAll(async () => {
    wildcard = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    allowlist = await startApi(
      await testConfig({ CORS_ORIGINS: 'https://app.example.com', RATE_LIMIT_PER_MINUTE: '0' }),
    );
  });
  afterAll(async () => {
    await wildcard?.close();
    await allowlist?.close();
  });

  const preflight = (api: RunningApi, origin: string) =>
    api.request('/api/v1/users/me', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });

  it('the default * answers any origin with *, never with access-control-allow-credentials', async () => {
    for (const res of [
      await preflight(wildcard, 'https://evil.example'),
      await wildcard.request('/health/live', { headers: { origin: 'https://evil.example' } }),
    ]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('an allowlist answers its origins with credentials and other origins with nothing', async () => {
    const allowed = await preflight(allowlist, 'https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    // No allow-origin: the browser keeps the answer from the page.
    const other = await preflight(allowlist, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GraphQL: JSON POSTs only, in every environment', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ['text/plain', (body: string) => body],
    ['text/plain;charset=UTF-8', (body: string) => body],
    ['application/x-www-form-urlencoded', (body: string) => `query=${encodeURIComponent(body)}`],
    ['multipart/form-data; boundary=x', (body: string) => body],
    ['application/graphql', () => 'mutation { logout }'],
  ])(
    'a %s POST (what a cross-site form can send) is refused with 415 problem+json before it runs',
    async (contentType, encode) => {
      const account = newAccount();
      const body = JSON.stringify({ query: REGISTER, variables: { input: account } });
      const res = await graphqlPost(api, contentType, encode(body));
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      // Nothing ran: the same registration still succeeds as JSON.
      const json = await graphql(api, REGISTER, { input: account });
      expect(json.body.errors).toBeUndefined();
      expect(json.body.data?.register).toHaveProperty('accessToken');
    },
  );

  it('GET runs queries but never mutations', async () => {
    const query = await api.request(`/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const account = newAccount();
    const mutation = await api.request(
      `/graphql?query=${encodeURIComponent(REGISTER)}&variables=${encodeURIComponent(JSON.stringify({ input: account }))}`,
    );
    expect(mutation.status).toBeGreaterThanOrEqual(400);
    const json = await graphql(api, REGISTER, { input: account });
    expect(json.body.data?.register).toHaveProperty('accessToken');
  });

  it('outside production introspection and suggestions stay on', async () => {
    const schema = await graphql(api, '{ __schema { queryType { name } } }');
    expect(schema.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const typo = await graphql(api, '{ listingz { totalCount } }');
    expect(typo.body.errors?.[0].message).toContain('Did you mean');
  });
});

describe('GraphQL in production: no introspection, no suggestions, unless GRAPHQL_INTROSPECTION=true', () => {
  let api: RunningApi;
  let introspectable: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig(PRODUCTION));
    introspectable = await startApi(
      await testConfig({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' }),
    );
  });
  afterAll(async () => {
    await api?.close();
    await introspectable?.close();
  });

  it('refuses __schema and __type, and says nothing of the schema in a typo error', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      const res = await graphql(api, query);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0].message).toMatch(/introspection/i);
    }
    const typo = await graphql(api, '{ listingz { totalCount } }');
    expect(typo.body.errors?.[0].message).toBe('Cannot query field "listingz" on type "Query".');
    // __typename is not introspection of the schema: clients (caches) rely on it.
    expect((await graphql(api, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });

  it('GRAPHQL_INTROSPECTION=true turns both back on', async () => {
    const schema = await graphql(introspectable, '{ __schema { queryType { name } } }');
    expect(schema.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const typo = await graphql(introspectable, '{ listingz { totalCount } }');
    expect(typo.body.errors?.[0].message).toContain('Did you mean');
  });
});

describe('TRUST_PROXY as the Kubernetes config sets it', () => {
  const k8s = parseYaml(readFileSync('deploy/k8s/configmap.yaml', 'utf8')) as {
    data: Record<string, string>;
  };
  const BUDGET = 5;
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(
      await testConfig({
        TRUST_PROXY: k8s.data.TRUST_PROXY,
        RATE_LIMIT_PER_MINUTE: String(BUDGET),
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is a hop count or a list of proxies, not true', () => {
    expect(k8s.data.TRUST_PROXY).not.toBe('true');
    expect(k8s.data.TRUST_PROXY).toMatch(/^\d+$|\//);
  });

  it('a client writing its own X-Forwarded-For entries still spends one budget (the address the ingress appended)', async () => {
    // The test client plays the ingress: it appends the client's real address last.
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET + 2; i++) {
      const res = await api.request('/api/v1/listings', {
        headers: { 'x-forwarded-for': `10.9.${i}.${i + 1}, 198.51.100.${i + 7}, 203.0.113.77` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, BUDGET).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(BUDGET)).toEqual([429, 429]);
    // Another real client (another address appended by the ingress) has its own budget.
    const other = await api.request('/api/v1/listings', {
      headers: { 'x-forwarded-for': '203.0.113.78' },
    });
    expect(other.status).toBe(200);
  });
});

describe('start-up refusals in production (exit 78 naming the variable)', () => {
  const productionEnv = (overrides: Record<string, string | undefined>) =>
    testEnv({
      ...PRODUCTION,
      ADMIN_BASIC_PASSWORD: 'q8Vw-operators-own-login',
      ...overrides,
    });

  it.each([
    ['the API', 'dist/apps/api/src/main.js', { CORS_ORIGINS: undefined }, 'CORS_ORIGINS'],
    [
      'the API',
      'dist/apps/api/src/main.js',
      { JWT_SECRET: 'development-only-jwt-secret-change-me-in-production' },
      'JWT_SECRET',
    ],
    [
      'the worker',
      'dist/apps/worker/src/main.js',
      { ADMIN_BASIC_PASSWORD: 'admin-password' },
      'ADMIN_BASIC_PASSWORD',
    ],
    ['the API', 'dist/apps/api/src/main.js', { TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
  ])('%s refuses %j', async (_, entry, overrides, variable) => {
    const env = await productionEnv(overrides);
    if ('CORS_ORIGINS' in overrides && overrides.CORS_ORIGINS === undefined)
      delete env.CORS_ORIGINS;
    const run = startProcess(entry, env);
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain('Invalid configuration');
    expect(run.output()).toContain(variable);
  });
});

describe("the worker's health server binds HOST", () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  (external ? it : it.skip)(
    'with HOST=127.0.0.1 it answers on loopback and not on the machine address',
    async () => {
      const port = await freePort();
      const worker = startProcess(
        'dist/apps/worker/src/main.js',
        await testEnv({ HOST: '127.0.0.1', WORKER_HEALTH_PORT: String(port), LOG_LEVEL: 'warn' }),
      );
      try {
        const live = await eventually(async () => {
          const res = await fetch(`http://127.0.0.1:${port}/health/live`);
          return res.status === 200 ? res.status : undefined;
        }, 30_000).catch((error: unknown) => {
          throw new Error(`worker did not start: ${String(error)}\n${worker.output()}`);
        });
        expect(live).toBe(200);
        await expect(fetch(`http://${external}:${port}/health/live`)).rejects.toThrow();
      } finally {
        await worker.stop();
      }
    },
  );
});

describe('GraphQL: aliased repeats of a field count towards the complexity limit', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
  });
  afterAll(async () => {
    await api?.close();
  });

  const searches = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `s${i}: listings(first: 1) { pageInfo { hasNextPage } }`).join(' ')} }`;

  it('900 aliased searches (each one database query) are refused with QUERY_TOO_COMPLEX before running', async () => {
    const res = await graphql(api, searches(900));
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.data ?? null).toBeNull();
  });

  it('a few aliases still run (3 searches at once)', async () => {
    const res = await graphql(api, searches(3));
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(res.body.data ?? {})).toEqual(['s0', 's1', 's2']);
  });
});
