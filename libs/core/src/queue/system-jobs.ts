import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors/domain-error';
import { QueueName } from './queue-names';

export const SystemJob = { PING: 'ping' } as const;

export interface PingJobData {
  correlationId: string;
  message: string;
  requestedAt: string;
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

  async enqueuePing(message: string, correlationId: string = randomUUID()): Promise<JobView> {
    const job = await this.queue.add(SystemJob.PING, {
      correlationId,
      message,
      requestedAt: new Date().toISOString(),
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
