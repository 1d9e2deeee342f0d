import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { json, startApi, type RunningApi } from './support/api-server';
import { ProbeModule } from './support/probe/probe.module';
import { OPERATOR_AUTH, testConfig } from './support/test-env';

const PROBLEM = /^application\/problem\+json/;

describe('API foundation (HTTP + GraphQL, real PostgreSQL and queue backend)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(
      await testConfig({
        BODY_LIMIT_BYTES: '4096',
        GRAPHQL_MAX_DEPTH: '3',
        GRAPHQL_MAX_COMPLEXITY: '20',
      }),
      {
        extraModules: [ProbeModule],
      },
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('health', () => {
    it('is live and ready, with each dependency reported', async () => {
      expect((await api.request('/health/live')).status).toBe(200);
      const ready = await api.request('/health/ready');
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as {
        status: string;
        details: Record<string, { status: string }>;
      };
      expect(body.status).toBe('ok');
      expect(body.details.database.status).toBe('up');
      expect(body.details.queues.status).toBe('up');
      expect(body.details.cache.status).toBe('up');
    });
  });

  describe('request ids', () => {
    it('echoes a caller-supplied id and puts it in error bodies', async () => {
      const res = await api.request('/api/v1/nowhere', {
        headers: { 'x-request-id': 'trace-abc-123' },
      });
      expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
      expect(((await res.json()) as { requestId: string }).requestId).toBe('trace-abc-123');
    });

    it('generates one when none (or an unsafe one) is sent', async () => {
      const res = await api.request('/health/live', {
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('errors are problem+json with a stable code', () => {
    it('unknown route -> 404 ROUTE_NOT_FOUND', async () => {
      const res = await api.request('/api/v1/does-not-exist');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(PROBLEM);
      expect(await res.json()).toMatchObject({
        status: 404,
        code: 'ROUTE_NOT_FOUND',
        title: 'Route not found',
        instance: '/api/v1/does-not-exist',
      });
    });

    it('unknown field -> 400 VALIDATION_FAILED naming the field; nothing is enqueued', async () => {
      const res = await api.request(
        '/api/v1/system/jobs/ping',
        json({ message: 'hi', isAdmin: true }, { authorization: OPERATOR_AUTH }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(PROBLEM);
      const body = (await res.json()) as {
        code: string;
        errors: { field: string; message: string }[];
      };
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.errors).toEqual([
        { field: 'isAdmin', message: 'property isAdmin should not exist' },
      ]);
    });

    it('wrong type -> 400 VALIDATION_FAILED with the field errors', async () => {
      const res = await api.request(
        '/api/v1/system/jobs/ping',
        json({ message: 42 }, { authorization: OPERATOR_AUTH }),
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        code: string;
        errors: { field: string; message: string }[];
      };
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.errors).toContainEqual({ field: 'message', message: 'message must be a string' });
    });

    it('malformed JSON -> 400 MALFORMED_JSON', async () => {
      const res = await api.request('/api/v1/system/jobs/ping', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: OPERATOR_AUTH },
        body: '{"message": ',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(PROBLEM);
      expect(await res.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    });

    it('a body over the limit -> 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await api.request(
        '/api/v1/system/jobs/ping',
        json({ message: 'x'.repeat(10_000) }, { authorization: OPERATOR_AUTH }),
      );
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('a domain error keeps its code and message', async () => {
      const res = await api.request('/api/v1/probe/not-found');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        code: 'NOT_FOUND',
        detail: 'Listing 42 was not found',
      });
    });

    it('an unexpected error -> 500 INTERNAL with the request id and no stack or message', async () => {
      const res = await api.request('/api/v1/probe/crash', {
        headers: { 'x-request-id': 'crash-1' },
      });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(PROBLEM);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({
        status: 500,
        code: 'INTERNAL',
        requestId: 'crash-1',
      });
      expect(text).not.toMatch(/secret|stack|at .*\.ts|postgres:/);
    });

    it.each([
      ['unique', 409, 'ALREADY_EXISTS'],
      ['exclusion', 409, 'DATES_UNAVAILABLE'],
      ['foreign-key', 422, 'REFERENCE_NOT_FOUND'],
    ])('PostgreSQL SQLSTATE (%s) -> %i %s', async (kind, status, code) => {
      const res = await api.request(`/api/v1/probe/sqlstate/${kind}`, { method: 'POST' });
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ code });
    });
  });

  describe('OpenAPI and Swagger UI', () => {
    it('/docs-json is a valid OpenAPI 3 document', async () => {
      const res = await api.request('/docs-json');
      expect(res.status).toBe(200);
      const document = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(document.openapi).toMatch(/^3\./);
      await expect(
        SwaggerParser.validate(structuredClone(document) as never),
      ).resolves.toBeDefined();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/v1/system/jobs/ping', '/health/ready']),
      );
    });

    it('every REST operation documents its error responses as problem+json; signed-in routes need the bearer token', async () => {
      type Operation = {
        security?: Record<string, unknown>[];
        responses: Record<
          string,
          { content?: Record<string, { schema: { allOf?: { $ref?: string }[] } }> }
        >;
      };
      const document = (await (await api.request('/docs-json')).json()) as {
        paths: Record<string, Record<string, Operation>>;
      };
      const operations = Object.entries(document.paths)
        .filter(([path]) => path.startsWith('/api/'))
        .flatMap(([path, item]) =>
          Object.entries(item).map(([method, op]) => ({ path, method, op })),
        );
      expect(operations.length).toBeGreaterThan(10);
      for (const { op } of operations) {
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect(errors.map(([status]) => status)).toEqual(
          expect.arrayContaining(['400', '429', '500']),
        );
        for (const [, response] of errors)
          expect(response.content?.['application/problem+json'].schema.allOf?.[0].$ref).toBe(
            '#/components/schemas/Problem',
          );
      }
      const me = document.paths['/api/v1/users/me'].get;
      expect(me.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(me.responses)).toEqual(expect.arrayContaining(['200', '401']));
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/register',
          '/api/v1/auth/login',
          '/api/v1/auth/refresh',
          '/api/v1/auth/logout',
          '/api/v1/auth/verify-email',
          '/api/v1/auth/password/forgot',
          '/api/v1/auth/password/reset',
          '/api/v1/users/me/password',
          '/api/v1/users/me/host',
          '/api/v1/users/{id}',
        ]),
      );
    });

    it('/docs serves Swagger UI', async () => {
      const res = await api.request('/docs');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('swagger-ui');
    });
  });

  describe('GraphQL', () => {
    const gql = (query: string) => api.request('/graphql', json({ query }));

    it('answers a query', async () => {
      const res = await gql('{ serverInfo { name queueBackend time } }');
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        data: { serverInfo: { name: string; queueBackend: string; time: string } };
      };
      expect(body.data.serverInfo.name).toBe('airbnb-clone-backend');
      expect(['redis', 'postgres']).toContain(body.data.serverInfo.queueBackend);
      expect(Number.isNaN(Date.parse(body.data.serverInfo.time))).toBe(false);
    });

    it('puts the domain code in extensions.code', async () => {
      const body = (await (await gql('{ probeNotFound }')).json()) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(body.errors[0]).toMatchObject({
        message: 'Listing 42 was not found',
        extensions: { code: 'NOT_FOUND' },
      });
    });

    it('hides unexpected errors behind INTERNAL', async () => {
      const text = await (await gql('{ probeCrash }')).text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL');
      expect(text).not.toContain('secret');
    });

    it('rejects an invalid query with BAD_REQUEST', async () => {
      const res = await gql('{ noSuchField }');
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('refuses a query costlier than the limit with QUERY_TOO_COMPLEX before running it', async () => {
      const aliases = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `s${i}: serverInfo { name time queueBackend }`).join(' ')} }`;
      const cheap = await gql(aliases(4)); // 4 x (1 + 3) = 16
      expect(cheap.status).toBe(200);
      const costly = await gql(aliases(6)); // 24 > 20
      const body = (await costly.json()) as {
        data: unknown;
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors[0].message).toContain('cost 24');
      expect(body.data ?? null).toBeNull();
    });

    it('refuses a query deeper than the limit with QUERY_TOO_COMPLEX', async () => {
      const res = await gql('{ __schema { types { fields { type { ofType { name } } } } } }');
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    });
  });

  describe('Bull Board', () => {
    it('401 problem+json without credentials, and with wrong ones', async () => {
      const anonymous = await api.request('/admin/queues');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      const wrong = await api.request('/admin/queues', {
        headers: { authorization: `Basic ${Buffer.from('operator:nope').toString('base64')}` },
      });
      expect(wrong.status).toBe(401);
      const api401 = await api.request('/admin/queues/api/queues', {
        headers: { authorization: 'Bearer x' },
      });
      expect(api401.status).toBe(401);
    });

    it('200 with operator credentials, listing the queues', async () => {
      const page = await api.request('/admin/queues', {
        headers: { authorization: OPERATOR_AUTH },
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const queues = await api.request('/admin/queues/api/queues', {
        headers: { authorization: OPERATOR_AUTH },
      });
      expect(queues.status).toBe(200);
      const body = (await queues.json()) as { queues: { name: string }[] };
      expect(body.queues.map((q) => q.name)).toContain('system');
    });
  });

  describe('metrics', () => {
    it('exposes request durations by route and queue depth', async () => {
      await api.request('/health/live');
      const res = await api.request('/metrics');
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/,
      );
      expect(text).toMatch(/queue_jobs\{queue="system",state="waiting"\} \d+/);
    });
  });

  describe('security headers and CORS', () => {
    it('sends helmet headers and answers CORS preflight', async () => {
      for (const path of ['/health/live', '/api/v1/no-such-route']) {
        const res = await api.request(path);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
        expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(res.headers.get('content-security-policy')).toBeNull();
      }
      const preflight = await api.request('/api/v1/system/jobs/ping', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      // The default CORS_ORIGINS=* answers any origin, never with credentials.
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });
});
