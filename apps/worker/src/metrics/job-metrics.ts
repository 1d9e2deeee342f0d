import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Metrics } from '@app/core';
import type { Job } from 'bullmq';
import { workerHosts } from '../worker-hosts';

/**
 * Jobs this process finished, per queue and outcome, and how long each ran
 * (from pick-up to finish), fed by every BullMQ worker's completed/failed events.
 */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const finished = this.metrics.counter(
      'queue_jobs_finished_total',
      'Jobs finished by this process, per queue and status (completed, failed)',
      ['queue', 'status'],
    );
    const duration = this.metrics.histogram(
      'queue_job_duration_seconds',
      'Time from pick-up to finish per queue, job name and status',
      ['queue', 'name', 'status'],
    );
    const record = (queue: string, status: 'completed' | 'failed', job: Job | undefined) => {
      finished.inc({ queue, status });
      if (job?.processedOn && job.finishedOn)
        duration.observe(
          { queue, name: job.name, status },
          (job.finishedOn - job.processedOn) / 1000,
        );
    };
    for (const host of workerHosts(this.discovery)) {
      const queue = host.worker.name;
      host.worker.on('completed', (job: Job) => record(queue, 'completed', job));
      host.worker.on('failed', (job: Job | undefined) => record(queue, 'failed', job));
    }
  }
}
