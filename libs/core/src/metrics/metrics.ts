import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueStats } from '../queue/queue-stats';
import { databasePoolGauges } from './database-pool.metrics';

/** Seconds buckets for work that takes milliseconds to minutes (requests, jobs). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * This process's Prometheus registry (one per app instance, so tests can run
 * several apps in one process). Queue depth and the database pool are read at
 * scrape time; `counter()` and `histogram()` give any service its own series
 * in one line (e.g. `metrics.counter('bookings_created_total', 'Bookings created').inc()`).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor(queueStats: QueueStats, dataSource: DataSource) {
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
    databasePoolGauges(this.registry, dataSource);
  }

  /** The counter of that name, created on first use; the same instance for every caller. */
  counter<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Counter<L> {
    return this.getOrCreate(
      name,
      Counter,
      () => new Counter<L>({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  /** The gauge of that name, created on first use. */
  gauge<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Gauge<L> {
    return this.getOrCreate(
      name,
      Gauge,
      () => new Gauge<L>({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  /** The histogram of that name (seconds by default), created on first use. */
  histogram<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets: HistogramConfiguration<L>['buckets'] = DURATION_BUCKETS,
  ): Histogram<L> {
    return this.getOrCreate(
      name,
      Histogram,
      () => new Histogram<L>({ name, help, labelNames, buckets, registers: [this.registry] }),
    );
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private getOrCreate<M extends Metric>(
    name: string,
    type: abstract new (...args: never[]) => M,
    create: () => M,
  ): M {
    const existing = this.registry.getSingleMetric(name);
    if (!existing) return create();
    if (!(existing instanceof type))
      throw new Error(`Metric ${name} already exists as another type`);
    return existing;
  }
}
