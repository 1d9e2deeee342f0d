import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './queue-names';

export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'completed',
  'failed',
  'prioritized',
] as const;
export type JobCounts = Record<(typeof JOB_STATES)[number], number>;

/** Read-only view over every queue, for health checks, metrics and Bull Board. */
@Injectable()
export class QueueStats {
  private queues?: Queue[];

  constructor(private readonly moduleRef: ModuleRef) {}

  all(): Queue[] {
    this.queues ??= ALL_QUEUES.map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    return this.queues;
  }

  async counts(): Promise<Record<string, JobCounts>> {
    const entries = await Promise.all(
      this.all().map(
        async (q) => [q.name, (await q.getJobCounts(...JOB_STATES)) as JobCounts] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
}
