import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type RunningApi } from './support/api-server';
import { testConfig } from './support/test-env';

/** Header names as the HTTP specifications spell them (`Idempotency-Key`, `If-None-Match`). */
const CANONICAL_HEADER = /^[A-Z][a-z]*(-[A-Z][a-z]*)*$/;

/** Operations anyone may call without signing in. */
const PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'GET /api/v1',
  'GET /api/v1/dev/mails',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/verify-email',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'GET /api/v1/users/{id}',
  'GET /api/v1/users/{id}/reviews',
  'GET /api/v1/amenities',
  'GET /api/v1/listings',
  'GET /api/v1/listings/{id}',
  'GET /api/v1/listings/{id}/calendar',
  'GET /api/v1/listings/{id}/quote',
  'GET /api/v1/listings/{id}/reviews',
  'POST /api/v1/payments/webhooks/stripe',
];

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  example?: unknown;
  examples?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, unknown>;
  schema?: Schema;
}

type Content = Record<string, { schema?: Schema; example?: unknown; examples?: unknown }>;

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Content };
  responses: Record<string, { content?: Content }>;
}

interface OpenApiDocument {
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);
const JSON_MEDIA = /^application\/(.+\+)?json/;
const REF_PREFIX = '#/components/schemas/';

const hasExample = (node: { example?: unknown; examples?: unknown }): boolean =>
  node.example !== undefined || node.examples !== undefined;

/**
 * Where a schema leaves a reader without an example, as JSON paths. A node is
 * covered by its own `example`; otherwise a `$ref` is followed, an object needs
 * each of its properties (required or not) covered, an array its items, a
 * composition each of its parts, and a plain value (string, number, boolean,
 * enum, free-form object) is a gap.
 */
function gaps(
  document: OpenApiDocument,
  schema: Schema | undefined,
  path: string,
  seen: ReadonlySet<string> = new Set(),
): string[] {
  if (!schema) return [`${path} (no schema)`];
  if (hasExample(schema)) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    const target = document.components.schemas[schema.$ref.replace(REF_PREFIX, '')];
    if (!target) return [`${path} (unresolved ${schema.$ref})`];
    return gaps(document, target, path, new Set([...seen, schema.$ref]));
  }
  const parts = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (parts) return parts.flatMap((part) => gaps(document, part, path, seen));
  if (schema.type === 'array' || schema.items) {
    if (!schema.items) return [path];
    return gaps(document, schema.items, `${path}[]`, seen);
  }
  if (schema.properties && Object.keys(schema.properties).length > 0) {
    return Object.entries(schema.properties).flatMap(([key, property]) =>
      gaps(document, property, `${path}.${key}`, seen),
    );
  }
  return [path];
}

/** The JSON media types of a body, with a media-level example standing in for its schema. */
function jsonSchemas(content: Content | undefined): { media: string; schema?: Schema }[] {
  return Object.entries(content ?? {})
    .filter(([media]) => JSON_MEDIA.test(media))
    .map(([media, entry]) => ({
      media,
      schema: hasExample(entry) ? { example: entry.example ?? entry.examples } : entry.schema,
    }));
}

function operationGaps(document: OpenApiDocument, operation: Operation): string[] {
  const found: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query' && parameter.in !== 'path') continue;
    if (hasExample(parameter) || (parameter.schema && hasExample(parameter.schema))) continue;
    found.push(`${parameter.in} parameter ${parameter.name}`);
  }
  for (const { media, schema } of jsonSchemas(operation.requestBody?.content))
    found.push(...gaps(document, schema, `requestBody[${media}] $`));
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    for (const { media, schema } of jsonSchemas(response.content))
      found.push(...gaps(document, schema, `response ${status}[${media}] $`));
  }
  return found;
}

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uri: /^https?:\/\/\S+$/,
};

/** Why an example contradicts the schema it illustrates, if it does. */
function misfit(schema: Schema, example: unknown): string | undefined {
  if (example === null) return schema.nullable ? undefined : 'null but not nullable';
  if (schema.enum && !schema.enum.includes(example)) return `not one of ${schema.enum.join('|')}`;
  const actual = Array.isArray(example) ? 'array' : typeof example;
  const expected = schema.type === 'integer' ? 'number' : schema.type;
  if (expected && expected !== actual) return `a ${actual}, not a ${schema.type}`;
  if (schema.type === 'integer' && !Number.isInteger(example)) return 'not an integer';
  if (typeof example === 'number') {
    if (schema.minimum !== undefined && example < schema.minimum) return 'below minimum';
    if (schema.maximum !== undefined && example > schema.maximum) return 'above maximum';
  }
  if (typeof example === 'string') {
    if (schema.minLength !== undefined && example.length < schema.minLength) return 'too short';
    if (schema.maxLength !== undefined && example.length > schema.maxLength) return 'too long';
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(example))
      return `not matching ${schema.pattern}`;
    const format = schema.format && FORMATS[schema.format];
    if (format && !format.test(example)) return `not a ${schema.format}`;
  }
  return undefined;
}

/** Every example in a schema tree that contradicts its own schema, as `path: reason`. */
function misfits(schema: Schema, path: string): string[] {
  const found: string[] = [];
  if (schema.example !== undefined) {
    const reason = misfit(schema, schema.example);
    if (reason) found.push(`${path}: ${JSON.stringify(schema.example)} is ${reason}`);
  }
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    found.push(...misfits(property, `${path}.${key}`));
  if (schema.items) found.push(...misfits(schema.items, `${path}[]`));
  return found;
}

/**
 * Every /api/v1 operation shows an example for each query and path parameter
 * (enums included) and for every value of its JSON request body and 2xx JSON
 * response (all properties, required or not, following $refs, arrays and
 * compositions, unless a schema-level example covers them); every example
 * fits its schema.
 */
describe('Swagger examples on every /api/v1 operation (/docs-json)', () => {
  let api: RunningApi;
  let document: OpenApiDocument;
  let operations: { path: string; method: string; operation: Operation }[];

  beforeAll(async () => {
    api = await startApi(await testConfig());
    const res = await api.request('/docs-json');
    expect(res.status).toBe(200);
    document = (await res.json()) as OpenApiDocument;
    operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.has(method))
          .map(([method, operation]) => ({ path, method, operation })),
      );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('no operation leaves a parameter or a JSON body value without an example', () => {
    expect(operations.length).toBeGreaterThan(40);
    const offenders = operations.flatMap(({ path, method, operation }) =>
      operationGaps(document, operation).map((gap) => `${method.toUpperCase()} ${path}: ${gap}`),
    );
    expect(offenders).toEqual([]);
  });

  it('every example matches its enum, type, format, bounds and lengths', () => {
    const offenders = [
      ...Object.entries(document.components.schemas).flatMap(([name, schema]) =>
        misfits(schema, name),
      ),
      ...operations.flatMap(({ path, method, operation }) =>
        (operation.parameters ?? [])
          .filter((parameter) => parameter.example !== undefined)
          .flatMap((parameter) =>
            misfits(
              { ...parameter.schema, example: parameter.example },
              `${method.toUpperCase()} ${path} ${parameter.in} parameter ${parameter.name}`,
            ),
          ),
      ),
    ];
    expect(offenders).toEqual([]);
  });
});

/**
 * What a newcomer relies on in Swagger UI: every operation is summarised and
 * says whether it needs a token, the server is named, the tags come in the
 * order of a first journey, headers appear once with their canonical spelling
 * and only the ones the server refuses to do without are required, and the
 * pre-filled login is the demo guest's.
 */
describe('The OpenAPI document as a newcomer reads it (/docs-json)', () => {
  let api: RunningApi;
  let document: OpenApiDocument;
  let all: { name: string; operation: Operation }[];

  beforeAll(async () => {
    api = await startApi(await testConfig({ PUBLIC_URL: 'https://stay.example' }));
    document = (await (await api.request('/docs-json')).json()) as OpenApiDocument;
    all = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('names the server by PUBLIC_URL', () => {
    expect(document.servers).toEqual([{ url: 'https://stay.example' }]);
  });

  it('every operation has a summary and declares its security, public ones as `security: []`', () => {
    expect(
      all.filter(({ operation }) => !operation.summary?.trim()).map(({ name }) => name),
    ).toEqual([]);
    const declared = Object.fromEntries(
      all.map(({ name, operation }) => [name, operation.security]),
    );
    expect(Object.entries(declared).filter(([, security]) => !Array.isArray(security))).toEqual([]);
    const open = Object.entries(declared)
      .filter(([, security]) => security?.length === 0)
      .map(([name]) => name);
    expect(open.sort()).toEqual([...PUBLIC].sort());
    expect(declared['GET /api/v1/users/me']).toEqual([{ bearer: [] }]);
    expect(declared['POST /api/v1/system/jobs/ping']).toEqual([{ basic: [] }]);
  });

  it('lists tags in the order of a first journey, system and health last', () => {
    const order = [
      'auth',
      'listings',
      'bookings',
      'payments',
      'payouts',
      'reviews',
      'users',
      'admin',
      'system',
      'health',
    ];
    expect(document.tags?.map(({ name }) => name)).toEqual(order);
    const seen: string[] = [];
    for (const { operation } of all)
      for (const tag of operation.tags ?? []) if (!seen.includes(tag)) seen.push(tag);
    expect(seen.filter((tag) => order.includes(tag))).toEqual(order);
  });

  it('documents each header once, canonically spelt, required only where the server refuses without it', () => {
    const headers = all.map(({ name, operation }) => ({
      name,
      headers: (operation.parameters ?? []).filter((parameter) => parameter.in === 'header'),
    }));
    const misspelt = headers.flatMap(({ name, headers: list }) =>
      list.filter((header) => !CANONICAL_HEADER.test(header.name)).map((h) => `${name} ${h.name}`),
    );
    expect(misspelt).toEqual([]);
    const repeated = headers.filter(
      ({ headers: list }) =>
        new Set(list.map((header) => header.name.toLowerCase())).size !== list.length,
    );
    expect(repeated.map(({ name }) => name)).toEqual([]);
    const required = headers.flatMap(({ name, headers: list }) =>
      list.filter((header) => header.required).map((header) => `${name} ${header.name}`),
    );
    expect(required).toEqual(['POST /api/v1/payments/webhooks/stripe Stripe-Signature']);
    const byName = Object.fromEntries(
      headers.map(({ name, headers: list }) => [name, list.map((header) => header.name)]),
    );
    for (const action of ['', '/{id}/accept', '/{id}/decline', '/{id}/cancel'])
      expect(byName[`POST /api/v1/bookings${action}`]).toEqual(['Idempotency-Key']);
    for (const auth of ['register', 'login', 'refresh'])
      expect(byName[`POST /api/v1/auth/${auth}`]).toEqual([]);
  });

  it("every error status names the problem codes it can carry; login's example is the demo guest", () => {
    const uncoded = all.flatMap(({ name, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .filter(([, response]) => {
          const schema = response.content?.['application/problem+json']?.schema;
          const code = schema?.allOf?.[1]?.properties?.code;
          return !schema?.allOf?.[0].$ref?.endsWith('/Problem') || !code?.enum?.length;
        })
        .map(([status]) => `${name} ${status}`),
    );
    expect(uncoded.filter((name) => name.includes(' /api/'))).toEqual([]);
    const login = document.paths['/api/v1/auth/login'].post;
    const bad = login.responses['401'].content?.['application/problem+json']?.schema;
    expect(bad?.allOf?.[1]?.properties?.code?.enum).toEqual(['INVALID_CREDENTIALS']);
    const body = login.requestBody?.content?.['application/json']?.schema;
    const input = document.components.schemas[String(body?.$ref).replace(REF_PREFIX, '')];
    expect(input.properties?.email.example).toBe('guest@demo.local');
    expect(input.properties?.password.example).toBe('demo-password-2026');
  });
});
