import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@app/core';
import { DevMailbox, devMailboxEnabled } from '@app/notifications';
import { BULL_BOARD_ROUTE } from '../admin/bull-board';
import { keepBullBoardOffline } from './bull-board-offline';
import { installDevMailboxPages } from './dev-mailbox-pages';
import { installGraphiql } from './graphiql';
import { installMailLinkPages } from './mail-link-pages';
import { UI_ASSETS, UI_ASSETS_ROUTE } from './ui-assets';

/**
 * The pages the API serves beside its JSON routes, each working offline:
 * GraphiQL, the development mailbox, the pages mail links open, and `/`.
 * Called before Bull Board is mounted, so its hook covers the board.
 */
export async function installUi(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  keepBullBoardOffline(fastify, BULL_BOARD_ROUTE);

  fastify.get<{ Params: { name: string } }>(`${UI_ASSETS_ROUTE}/:name`, (request, reply) => {
    const asset = Object.hasOwn(UI_ASSETS, request.params.name)
      ? UI_ASSETS[request.params.name]
      : undefined;
    if (!asset) return reply.callNotFound();
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'no-cache')
      .send(asset.body);
  });

  if (!config.isProduction) {
    const home = config.env.SWAGGER_ENABLED ? '/docs' : '/api/v1';
    fastify.get('/', (_request, reply) => reply.redirect(home, 302));
  }
  if (config.graphqlIde) await installGraphiql(fastify);
  if (devMailboxEnabled(config))
    installDevMailboxPages(fastify, config, app.get(DevMailbox, { strict: false }));
  if (!config.env.WEB_APP_URL) installMailLinkPages(fastify, config.env.SWAGGER_ENABLED);
}
