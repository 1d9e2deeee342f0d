import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors/domain-error';
import { QueueName } from './queue-names';

export const SystemJob = { PING: 'ping', BACKUP_DATABASE: 'backup-database' } as const;

/** Id of the job scheduler that runs the database backup on BACKUP_CRON. */
export const BACKUP_SCHEDULER_ID = 'database-backup';

export interface PingJobData {
  correlationId: string;
  message: string;
  requestedAt: string;
  /** How long the worker holds the job before answering (shutdown and failover drills). */
  workMs?: number;
}

export interface PingJobResult {
  echo: string;
  processedBy: { hostname: string; pid: number };
  processedAt: string;
}

export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: string;
  attemptsMade: number;
  data: unknown;
  result: unknown;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Producer for the `system` queue: what the API enqueues and how it reads the outcome back. */
@Injectable()
export class SystemJobs {
  constructor(
    @InjectQueue(QueueName.SYSTEM) private readonly queue: Queue<PingJobData, PingJobResult>,
  ) {}

  async enqueuePing(
    message: string,
    options: { workMs?: number; correlationId?: string } = {},
  ): Promise<JobView> {
    const job = await this.queue.add(SystemJob.PING, {
      correlationId: options.correlationId ?? randomUUID(),
      message,
      requestedAt: new Date().toISOString(),
      ...(options.workMs ? { workMs: options.workMs } : {}),
    });
    return this.view(job, 'waiting');
  }

  async find(id: string): Promise<JobView> {
    // State first: a job read after its state already holds that state's result.
    const state = await this.queue.getJobState(id);
    const job = state === 'unknown' ? undefined : await this.queue.getJob(id);
    if (!job) throw new NotFoundError('Job', id);
    return this.view(job, state);
  }

  private view(job: Job<PingJobData, PingJobResult>, state: string): JobView {
    return {
      id: String(job.id),
      queue: this.queue.name,
      name: job.name,
      state,
      attemptsMade: job.attemptsMade,
      data: job.data,
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}
