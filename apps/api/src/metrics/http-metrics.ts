import { Injectable } from '@nestjs/common';
import { Metrics } from '@app/core';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';

/** Request duration by method, route template and status, fed by a Fastify onResponse hook. */
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(metrics: Metrics) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metrics.registry],
    });
  }

  install(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      // The route template (`/api/v1/listings/:id`) keeps label cardinality bounded.
      const route = request.routeOptions.url ?? 'unmatched';
      this.duration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }
}
