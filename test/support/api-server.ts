import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/core';
import { createApp } from '../../apps/api/src/app.factory';
import type { ApiModuleOptions } from '../../apps/api/src/app.module';

export interface RunningApi {
  app: NestFastifyApplication;
  baseUrl: string;
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
  return {
    app,
    baseUrl,
    request: (path, init) => fetch(`${baseUrl}${path}`, init),
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
