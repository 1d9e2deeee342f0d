import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/core';
import { devMailboxEnabled } from '@app/notifications';
import { GRAPHIQL_ROUTE } from './graphiql';
import { DEV_MAILBOX_ROUTE } from './dev-mailbox-pages';
import { ApiIndex } from './ui.dto';

/** GET /api/v1: where everything is, for a newcomer or a script. */
@ApiTags('system')
@Controller()
export class ApiIndexController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Index of the API: links to its docs, GraphQL and health' })
  @ApiOkResponse({ type: ApiIndex })
  index(): ApiIndex {
    const { config } = this;
    const swagger = config.env.SWAGGER_ENABLED;
    const mailbox = devMailboxEnabled(config);
    return {
      name: config.env.APP_NAME,
      version: 'v1',
      links: {
        ...(swagger ? { docs: '/docs', openapi: '/docs-json' } : {}),
        graphql: '/graphql',
        ...(config.graphqlIde ? { graphiql: GRAPHIQL_ROUTE } : {}),
        health: '/health/ready',
        liveness: '/health/live',
        ...(mailbox ? { mailbox: DEV_MAILBOX_ROUTE, mails: '/api/v1/dev/mails' } : {}),
      },
    };
  }
}
