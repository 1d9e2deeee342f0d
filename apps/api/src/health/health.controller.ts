import { CACHE_MANAGER } from '@nestjs/cache-manager';
import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { AppConfig, QueueStats } from '@app/core';
import type { Cache } from 'cache-manager';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

const CHECK_TIMEOUT_MS = 2000;

/** Terminus' health report, documented here (its own decorator's schema is not always picked up). */
function healthSchema(status: 'ok' | 'error') {
  const dependencies = {
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', example: status === 'ok' ? 'up' : 'down' } },
      additionalProperties: true,
    },
    example: { database: { status: status === 'ok' ? 'up' : 'down' } },
  };
  return {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'error', 'shutting_down'], example: status },
      info: { ...dependencies, nullable: true },
      error: { ...dependencies, nullable: true },
      details: dependencies,
    },
  };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queues: QueueStats,
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** Once seen, the demo data stays: no query per probe after that. */
  private demoSeeded = false;

  /** The process is up and serving HTTP (Kubernetes liveness). */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({
    description: 'The process is alive',
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'], example: 'ok' } },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Database, queue backend and cache answer (Kubernetes readiness, load balancers). */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, queues and cache reachable' })
  @HealthCheck()
  @ApiOkResponse({ description: 'Every dependency answers', schema: healthSchema('ok') })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down; the body says which',
    schema: healthSchema('error'),
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () =>
          this.indicators
            .check('queues')
            .attempt(async () => ({ queues: Object.keys(await this.queues.counts()).length }))
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('cache')
            .attempt(async () => {
              const key = `health:${randomUUID()}`;
              await this.cache.set(key, 1, 5000);
              if ((await this.cache.get(key)) !== 1)
                throw new Error('cache did not return what was stored');
              await this.cache.del(key);
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        // Under `npm start`, ready means a newcomer can log in and find bookings to act on.
        ...(this.config.env.READY_AFTER_DEMO_SEED ? [() => this.demoData()] : []),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private demoData() {
    return this.indicators
      .check('demoData')
      .attempt(async () => {
        if (this.demoSeeded) return;
        // The demo guest's bookings are the seed's last step.
        const rows = (await this.dataSource.query(
          `SELECT 1 FROM bookings b JOIN users u ON u.id = b.guest_id
            WHERE u.email = 'guest@demo.local' LIMIT 1`,
        )) as unknown[];
        if (rows.length === 0) throw new Error('the demo data is still being seeded');
        this.demoSeeded = true;
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
