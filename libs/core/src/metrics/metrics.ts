import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { QueueStats } from '../queue/queue-stats';

/**
 * This process's Prometheus registry (one per app instance, so tests can run
 * several apps in one process). Queue depth is read from the queues at scrape time.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor(queueStats: QueueStats) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        const counts = await queueStats.counts();
        for (const [queue, states] of Object.entries(counts)) {
          for (const [state, value] of Object.entries(states)) this.set({ queue, state }, value);
        }
      },
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
