import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, QueueStats } from '@app/core';
import type { FastifyPluginCallback } from 'fastify';
import { registerOperatorScope } from './operator-scope';

export const BULL_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board over every queue, mounted as a plain Fastify plugin (its Nest
 * wrapper is CommonJS-only and would load a second copy of Nest in tests),
 * inside the operator scope: its page, static assets and API all need the
 * operator login or an admin's access token.
 */
export async function mountBullBoard(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_ROUTE);
  createBullBoard({
    queues: app
      .get(QueueStats)
      .all()
      .map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: config.env.APP_NAME } },
  });
  await registerOperatorScope(
    app,
    config,
    BULL_BOARD_ROUTE,
    serverAdapter.registerPlugin() as unknown as FastifyPluginCallback,
  );
}
