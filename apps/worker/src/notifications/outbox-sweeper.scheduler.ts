import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@app/core';
import { NotificationJob, OUTBOX_SWEEP_EVERY_MS, OUTBOX_SWEEPER_ID } from '@app/notifications';
import type { Queue } from 'bullmq';

/**
 * Registers the outbox sweeper when a worker starts. A BullMQ job scheduler
 * is one record per id: every worker process upserts the same one, and the
 * queue produces one sweep job per interval however many workers there are.
 */
@Injectable()
export class OutboxSweeperScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.NOTIFICATIONS) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      OUTBOX_SWEEPER_ID,
      { every: OUTBOX_SWEEP_EVERY_MS },
      {
        name: NotificationJob.SWEEP_OUTBOX,
        data: {},
        // The next sweep is the retry; keep only a short history.
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  }
}
