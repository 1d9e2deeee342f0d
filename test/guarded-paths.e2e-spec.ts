import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { UsersService } from '@app/users';
import { register } from './support/accounts';
import { startApi, type RunningApi } from './support/api-server';
import { PRODUCTION } from './support/production-env';
import { rawRequest, spellings } from './support/raw-http';
import { OPERATOR_AUTH, testConfig } from './support/test-env';

/**
 * Every guarded surface, one line each: a new guarded prefix is covered by adding its line.
 * `body` is sent as JSON; `as` is who opens it (default: the operators' basic-auth login).
 * /metrics is deliberately public (docs/operations/bull-board.md says why).
 */
const GUARDED: readonly {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  as?: 'operator' | 'admin';
}[] = [
  { name: 'bull board page', method: 'GET', path: '/admin/queues' },
  { name: 'bull board asset', method: 'GET', path: '/admin/queues/static/favicon.ico' },
  { name: 'bull board api', method: 'GET', path: '/admin/queues/api/queues' },
  { name: 'bull board pause', method: 'PUT', path: '/admin/queues/api/queues/system/pause' },
  {
    name: 'bull board add job',
    method: 'POST',
    path: '/admin/queues/api/queues/system/add',
    body: { name: 'ping', data: {} },
  },
  { name: 'system job', method: 'GET', path: '/api/v1/system/jobs/1' },
  {
    name: 'system ping',
    method: 'POST',
    path: '/api/v1/system/jobs/ping',
    body: { message: 'hi' },
  },
  { name: 'admin users', method: 'GET', path: '/api/v1/admin/users', as: 'admin' },
  { name: 'admin audit log', method: 'GET', path: '/api/v1/admin/audit-log', as: 'admin' },
];

/** What a refused request may answer: unauthenticated, forbidden, not found (or a malformed URL refused). */
const REFUSED = [400, 401, 403, 404, 405];

/** Guarded only in production (unless SWAGGER_PUBLIC=true): Swagger UI, its assets, the document. */
const GUARDED_IN_PRODUCTION: readonly { name: string; method: string; path: string }[] = [
  { name: 'swagger ui', method: 'GET', path: '/docs' },
  { name: 'swagger ui asset', method: 'GET', path: '/docs/swagger-ui-bundle.js' },
  { name: 'swagger ui init', method: 'GET', path: '/docs/swagger-ui-init.js' },
  { name: 'openapi json', method: 'GET', path: '/docs-json' },
  { name: 'openapi yaml', method: 'GET', path: '/docs-yaml' },
];

/** Sends every spelling of `route` without credentials; returns those not refused. */
async function opened(
  api: RunningApi,
  route: { method: string; path: string; body?: unknown },
): Promise<string[]> {
  const found: string[] = [];
  for (const spelled of spellings(route.path)) {
    const res = await rawRequest(api.baseUrl, route.method, spelled.path, route.body);
    if (!REFUSED.includes(res.status))
      found.push(`${res.status} ${route.method} ${spelled.path} (${spelled.how})`);
  }
  return found;
}

describe('guarded paths: no spelling of a guarded path opens it without credentials', () => {
  let api: RunningApi;
  let adminAuth: string;
  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    const admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
    adminAuth = `Bearer ${admin.accessToken}`;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('each guarded path as written answers 2xx to the operator (the table names real routes)', async () => {
    for (const route of GUARDED) {
      if (route.method !== 'GET') continue; // actions would change the queues
      const auth = route.as === 'admin' ? adminAuth : OPERATOR_AUTH;
      const res = await rawRequest(api.baseUrl, route.method, route.path, undefined, auth);
      // /system/jobs/1 may not exist: a 404 problem from the handler still proves the guard let it in.
      expect({ route: route.name, ok: res.status < 300 || res.status === 404 }).toEqual({
        route: route.name,
        ok: true,
      });
    }
  });

  it.each(GUARDED)(
    '$name ($method $path): every spelling without credentials is refused',
    async (route) => {
      expect(await opened(api, route)).toEqual([]);
    },
  );

  it('random combinations of spellings stay refused (fast-check, fixed seed)', async () => {
    const transforms = (path: string) => spellings(path).map((s) => s.path);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GUARDED), fc.nat(), fc.nat(), async (route, a, b) => {
        const once = transforms(route.path);
        const first = once[a % once.length];
        // A second transform applied to the first spelling's path part.
        const [pathPart, query] = first.split('?');
        const twice = transforms(pathPart);
        const spelled = twice[b % twice.length] + (query === undefined ? '' : `?${query}`);
        const res = await rawRequest(api.baseUrl, route.method, spelled, route.body);
        return REFUSED.includes(res.status);
      }),
      { seed: 14_001, numRuns: 300 },
    );
  });

  it('outside production Swagger UI and the document stay open', async () => {
    for (const route of GUARDED_IN_PRODUCTION)
      expect([route.path, (await rawRequest(api.baseUrl, 'GET', route.path)).status]).toEqual([
        route.path,
        200,
      ]);
  });
});

describe('guarded paths in production: Swagger UI and the OpenAPI document need the operator login', () => {
  let api: RunningApi;
  let open: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig(PRODUCTION));
    open = await startApi(await testConfig({ ...PRODUCTION, SWAGGER_PUBLIC: 'true' }));
  });
  afterAll(async () => {
    await api?.close();
    await open?.close();
  });

  it.each(GUARDED_IN_PRODUCTION)(
    '$name ($path): every spelling without credentials is refused; the operator gets 200',
    async (route) => {
      expect(await opened(api, route)).toEqual([]);
      const anonymous = await rawRequest(api.baseUrl, 'GET', route.path);
      expect(anonymous.status).toBe(401);
      expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'UNAUTHENTICATED' });
      const operator = await rawRequest(api.baseUrl, 'GET', route.path, undefined, OPERATOR_AUTH);
      expect(operator.status).toBe(200);
    },
  );

  it('SWAGGER_PUBLIC=true opens them to everyone', async () => {
    for (const route of GUARDED_IN_PRODUCTION)
      expect([route.path, (await rawRequest(open.baseUrl, 'GET', route.path)).status]).toEqual([
        route.path,
        200,
      ]);
  });
});
