import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type RunningApi } from './support/api-server';
import { testConfig } from './support/test-env';

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
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  examples?: Record<string, unknown>;
  schema?: Schema;
}

type Content = Record<string, { schema?: Schema; example?: unknown; examples?: unknown }>;

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Content };
  responses: Record<string, { content?: Content }>;
}

interface OpenApiDocument {
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
