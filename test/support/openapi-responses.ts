import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Record<string, { content?: Record<string, { schema?: object }> }>;

interface Route {
  template: string;
  pattern: RegExp;
  /** Literal paths win over templated ones (`/users/me` before `/users/{id}`). */
  params: number;
  operations: Record<string, Operation>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Checks a response against the OpenAPI document the API serves: its status
 * is documented for the operation the path and method match, its content type
 * is one the status documents, and a JSON body fits that media type's schema.
 * Paths the document does not describe (GraphQL, Swagger UI, Bull Board,
 * metrics, unknown routes) are not checked.
 */
export class OpenApiResponses {
  private readonly routes: Route[];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    this.routes = Object.entries(document.paths)
      .map(([template, item]) => {
        const source = template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[^/]+');
        const operations = Object.fromEntries(
          METHODS.flatMap((method) => {
            const operation = item[method as 'get'];
            return operation ? [[method, operation]] : [];
          }),
        );
        return {
          template,
          pattern: new RegExp(`^${source}$`),
          params: (template.match(/\{/g) ?? []).length,
          operations,
        };
      })
      .sort((a, b) => a.params - b.params);
    // OpenAPI 3.0 schemas: `nullable` is understood, `example` and friends are annotations.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
  }

  /** Why the response contradicts the document, or undefined when it fits (or is not described). */
  async problem(method: string, url: string, response: Response): Promise<string | undefined> {
    const path = new URL(url).pathname;
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const operation = route?.operations[method.toLowerCase()];
    if (!route || !operation) return undefined;
    const name = `${method.toUpperCase()} ${route.template}`;
    const status = String(response.status);
    const responses = operation.responses as Responses;
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!documented)
      return `${name} answered ${status}, which its document does not list (${Object.keys(responses).join(', ')}); body: ${await response.clone().text()}`;
    const body = await response.clone().text();
    const contentType = response.headers.get('content-type')?.split(';')[0].trim();
    const content = documented.content ?? {};
    if (body === '') return undefined;
    if (!contentType || !content[contentType])
      return `${name} ${status} answered ${contentType ?? 'no content type'}; documented: ${Object.keys(content).join(', ') || 'no body'}`;
    const schema = content[contentType].schema;
    if (!schema || !/json/.test(contentType)) return undefined;
    const validate = this.validator(`${name} ${status} ${contentType}`, schema);
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return `${name} ${status} ${contentType}: the body is not JSON: ${body.slice(0, 200)}`;
    }
    if (validate(data)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 10)
      .map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`)
      .join('; ');
    return `${name} ${status} body does not fit its schema: ${errors}; body: ${body.slice(0, 500)}`;
  }

  private validator(key: string, schema: object): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // The document's components travel with the schema so its `#/components/...` refs resolve.
      validate = this.ajv.compile(
        // Converted apart: a nullable root becomes `anyOf`, and the refs need `components` at the root.
        {
          ...(withNullable(schema) as object),
          components: withNullable(this.document.components),
        },
      );
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: "this, or null". Ajv reads
 * `nullable` only beside a `type` and still applies an `enum` to null, while
 * Swagger also puts it beside `$ref`/`allOf` and on enums.
 */
function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, withNullable(value)]),
  );
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}
