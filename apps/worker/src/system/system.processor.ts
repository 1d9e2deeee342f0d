import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import {
  AppConfig,
  backupDatabase,
  Clock,
  type BackupResult,
  QueueName,
  SystemJob,
  type PingJobData,
  type PingJobResult,
} from '@app/core';
import type { Job } from 'bullmq';
import { hostname } from 'node:os';

/** Consumes the `system` queue. Each job is idempotent: running it twice gives the same outcome. */
@Processor(QueueName.SYSTEM)
export class SystemProcessor extends WorkerHost {
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
    this.concurrency = config.env.WORKER_CONCURRENCY;
  }

  readonly concurrency: number;

  async process(job: Job<PingJobData>): Promise<PingJobResult | BackupResult> {
    switch (job.name) {
      case SystemJob.PING:
        this.logger.log({ jobId: job.id, correlationId: job.data.correlationId }, 'ping');
        if (job.data.workMs) await new Promise((done) => setTimeout(done, job.data.workMs));
        return {
          echo: job.data.message,
          processedBy: { hostname: hostname(), pid: process.pid },
          processedAt: this.clock.now().toISOString(),
        };
      case SystemJob.BACKUP_DATABASE: {
        const result = await backupDatabase(this.config);
        this.logger.log({ jobId: job.id, ...result }, 'database backup written');
        return result;
      }
      default:
        throw new Error(`Unknown system job: ${job.name}`);
    }
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.concurrency;
  }
}
