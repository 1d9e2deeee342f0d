import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ErrorCode, httpStatusOf } from '@app/core';
import { PROBLEM_CONTENT_TYPE } from './http/problem-details';
import { PROBLEM_SCHEMA } from './openapi/problem.schema';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type PathItemObject = OpenAPIObject['paths'][string];

/**
 * Path ids are UUIDs (every `:id` and `:blockId` goes through ParseUUIDPipe),
 * except a queue job's id: the document says so once here, with an example.
 */
function documentPathIds(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const jobId = path.startsWith('/api/v1/system/jobs/');
    for (const method of HTTP_METHODS) {
      for (const parameter of item[method]?.parameters ?? []) {
        if (!('in' in parameter) || parameter.in !== 'path' || parameter.example !== undefined)
          continue;
        const example = jobId ? '42' : '7c9e6679-7425-40de-944b-e07fc1f90ae7';
        parameter.schema = { type: 'string', ...(jobId ? {} : { format: 'uuid' }), example };
        parameter.example = example;
      }
    }
  }
}

/** Codes any operation may answer with these statuses, whatever the route declares. */
const ALWAYS: Record<string, ErrorCode[]> = {
  '400': [ErrorCode.VALIDATION_FAILED, ErrorCode.BAD_REQUEST],
  '429': [ErrorCode.RATE_LIMITED],
  '500': [ErrorCode.INTERNAL],
};

const CODES = Object.values(ErrorCode);

/**
 * The codes an error response can carry: those its description names (with
 * this status), or, when it names none, every code of this status.
 */
function codesOf(status: string, description: string): ErrorCode[] {
  const ofStatus = CODES.filter((code) => String(httpStatusOf(code)) === status);
  const words = new Set(description.match(/\b[A-Z][A-Z_]+[A-Z]\b/g) ?? []);
  const named = ofStatus.filter((code) => words.has(code));
  return [...new Set([...(ALWAYS[status] ?? []), ...(named.length > 0 ? named : ofStatus)])];
}

interface DocumentedResponse {
  description: string;
  content?: Record<string, { schema: object }>;
}

/**
 * Every REST operation can answer a malformed request (400), too many requests
 * (429) and an unexpected failure (500), all as problem+json. Each error
 * response gets the shared `Problem` schema narrowed to the codes it can carry
 * (those its description names), so a client and the e2e response check both
 * know which `code` comes with which status.
 */
function documentProblems(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, DocumentedResponse>;
      responses['400'] ??= { description: 'VALIDATION_FAILED or BAD_REQUEST' };
      responses['429'] ??= { description: 'RATE_LIMITED (see Retry-After)' };
      responses['500'] ??= {
        description: 'INTERNAL: an unexpected failure (logged with the request id)',
      };
      // Guarded routes (bearer or operator basic auth) refuse missing credentials.
      if (operation.security?.length) responses['401'] ??= { description: 'UNAUTHENTICATED' };
      if (operation.requestBody) {
        responses['413'] ??= { description: 'PAYLOAD_TOO_LARGE' };
        responses['415'] ??= { description: 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON' };
      }
      const paged = (operation.parameters ?? []).some(
        (parameter) => 'name' in parameter && parameter.name === 'cursor',
      );
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400 || response.content) continue;
        const codes = codesOf(status, response.description);
        if (paged && status === '400' && !codes.includes(ErrorCode.INVALID_CURSOR))
          codes.push(ErrorCode.INVALID_CURSOR);
        // A body is parsed before any rule runs: unreadable or too deeply nested JSON.
        if (method !== 'get' && status === '400')
          for (const code of [ErrorCode.MALFORMED_JSON, ErrorCode.BODY_TOO_DEEP])
            if (!codes.includes(code)) codes.push(code);
        response.content = {
          [PROBLEM_CONTENT_TYPE]: {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/Problem' },
                {
                  type: 'object',
                  properties: {
                    status: { type: 'integer', enum: [Number(status)] },
                    code: { type: 'string', enum: codes, example: codes[0] },
                  },
                },
              ],
            },
          },
        };
      }
    }
  }
}

/** Operations without a guard say so (`security: []`), so no reader guesses. */
function documentPublicOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths))
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
}

/** Tags in the order a newcomer needs them: sign in, find a place, book and pay, then the rest. */
const TAGS: { name: string; description: string }[] = [
  { name: 'auth', description: 'Register, sign in (the demo guest is pre-filled), tokens' },
  {
    name: 'listings',
    description: 'Search places, read one, its calendar and a quote; hosts list',
  },
  { name: 'bookings', description: 'Book a stay, answer requests, cancel' },
  { name: 'payments', description: "A booking's payment, the local provider, Stripe's webhook" },
  { name: 'payouts', description: "A host's payouts and payout account" },
  { name: 'reviews', description: 'Two-sided reviews after a stay' },
  { name: 'users', description: 'Your account and public profiles' },
  { name: 'admin', description: 'Administrators: users, listings, bookings, reviews, audit' },
  { name: 'system', description: 'Operators (basic auth): jobs and reconciliation' },
  { name: 'health', description: 'Liveness and readiness probes' },
];

/**
 * Swagger UI lists tags by the document's `tags` and the paths' order: both
 * follow TAGS, other tags last.
 */
function orderByTag(document: OpenAPIObject): void {
  const rank = (tag: string | undefined): number => {
    const index = TAGS.findIndex(({ name }) => name === tag);
    return index === -1 ? TAGS.length : index;
  };
  const firstTag = (item: PathItemObject): string | undefined =>
    HTTP_METHODS.map((method) => item[method]?.tags?.[0]).find(Boolean);
  document.paths = Object.fromEntries(
    Object.entries(document.paths).sort(([, a], [, b]) => rank(firstTag(a)) - rank(firstTag(b))),
  );
}

/** The OpenAPI document the API serves at /docs-json. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Rental marketplace API')
    .setDescription(
      'REST API of the rental marketplace. Errors are application/problem+json (RFC 9457) with a stable `code`. ' +
        'Lists use cursor paging: `?limit=&cursor=` returns `{ data, nextCursor }`.\n\n' +
        'To try the signed-in routes: `POST /api/v1/auth/login` (with `npm start`: `guest@demo.local` / ' +
        '`demo-password-2026`, pre-filled), copy `accessToken`, press **Authorize** and paste it under `bearer`.',
    )
    .setVersion('1.0')
    // Without a PUBLIC_URL the page's own origin: Try-it-out then works on any host and port.
    .addServer(app.get(AppConfig).env.PUBLIC_URL ?? '/')
    .addBearerAuth()
    .addBasicAuth();
  for (const { name, description } of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  documentProblems(document);
  documentPathIds(document);
  documentPublicOperations(document);
  orderByTag(document);
  return document;
}

/** OpenAPI document at /docs-json and Swagger UI at /docs. */
export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
