import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROBLEM_CONTENT_TYPE } from './http/problem-details';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine `code` and the request id',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string', example: 'urn:problem-type:validation-failed' },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields' },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    instance: { type: 'string', example: '/api/v1/auth/register' },
    requestId: { type: 'string', example: '3f0c2a9e-8d4b-4c1e-9a57-0f6d1e2b3c4d' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    details: { type: 'object', additionalProperties: true },
  },
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

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

/**
 * Every REST operation can answer a malformed request (400), too many requests
 * (429) and an unexpected failure (500), all as problem+json; the error
 * responses each route declares get the same body schema.
 */
function documentProblems(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_SCHEMA },
  };
  const content = {
    [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation))
        continue;
      const responses = operation.responses as Record<
        string,
        { description: string; content?: object }
      >;
      responses['400'] ??= { description: 'VALIDATION_FAILED or BAD_REQUEST' };
      responses['429'] ??= { description: 'RATE_LIMITED (see Retry-After)' };
      responses['500'] ??= {
        description: 'INTERNAL: an unexpected failure (logged with the request id)',
      };
      for (const [status, response] of Object.entries(responses))
        if (Number(status) >= 400) response.content ??= content;
    }
  }
}

/** OpenAPI document at /docs-json and Swagger UI at /docs. */
export function setupSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Rental marketplace API')
    .setDescription(
      'REST API of the rental marketplace. Errors are application/problem+json (RFC 9457) with a stable `code`. ' +
        'Lists use cursor paging: `?limit=&cursor=` returns `{ data, nextCursor }`.\n\n' +
        'To try the signed-in routes: `POST /api/v1/auth/login` (with `npm start`: `guest@demo.local` / ' +
        '`demo-password-2026`), copy `accessToken`, press **Authorize** and paste it under `bearer`.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .addBasicAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentProblems(document);
  documentPathIds(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
