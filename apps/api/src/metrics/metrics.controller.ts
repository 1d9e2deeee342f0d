import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Metrics } from '@app/core';
import type { FastifyReply } from 'fastify';

/** Prometheus scrape endpoint. Expose it only on the internal network. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.metrics.render();
    void reply.header('content-type', this.metrics.contentType()).send(body);
  }
}
