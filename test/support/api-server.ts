import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/core';
import { createApp } from '../../apps/api/src/app.factory';
import type { ApiModuleOptions } from '../../apps/api/src/app.module';
import { buildOpenApiDocument } from '../../apps/api/src/swagger';
import { OpenApiResponses } from './openapi-responses';

export interface RunningApi {
  app: NestFastifyApplication;
  baseUrl: string;
  /**
   * fetch() against the API; a response that contradicts the OpenAPI document
   * (undocumented status, content type or body shape) rejects with the reason.
   */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Boots the API through the same factory as main.ts and listens on a free port. */
export async function startApi(
  config: AppConfig,
  options: ApiModuleOptions = {},
): Promise<RunningApi> {
  const app = await createApp(config, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // The document /docs-json serves, built in process: fetching it would spend rate-limit budget.
  let contract: OpenApiResponses | undefined;
  return {
    app,
    baseUrl,
    request: async (path, init) => {
      const response = await fetch(`${baseUrl}${path}`, init);
      contract ??= new OpenApiResponses(buildOpenApiDocument(app));
      const problem = await contract.problem(init?.method ?? 'GET', response.url, response);
      if (problem) throw new Error(`Response contradicts the OpenAPI document: ${problem}`);
      return response;
    },
    close: () => app.close(),
  };
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
