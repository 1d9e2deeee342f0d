import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@app/core';
import {
  RATINGS_RECOMPUTE_CRON,
  RATINGS_RECOMPUTE_SCHEDULER_ID,
  REVIEW_WINDOWS_EVERY_MS,
  REVIEW_WINDOWS_SCHEDULER_ID,
  ReviewJob,
} from '@app/reviews';
import type { Queue } from 'bullmq';

/**
 * Registers the review job schedulers when a worker starts: the window sweep
 * every minute and the nightly ratings recompute. A job scheduler is one
 * record per id, so however many workers upsert it, one job runs per tick.
 */
@Injectable()
export class ReviewJobsScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.REVIEWS) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    // The next tick is the retry; keep only a short history.
    const opts = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
    await this.queue.upsertJobScheduler(
      REVIEW_WINDOWS_SCHEDULER_ID,
      { every: REVIEW_WINDOWS_EVERY_MS },
      { name: ReviewJob.SWEEP_WINDOWS, data: {}, opts },
    );
    await this.queue.upsertJobScheduler(
      RATINGS_RECOMPUTE_SCHEDULER_ID,
      { pattern: RATINGS_RECOMPUTE_CRON, tz: 'UTC' },
      { name: ReviewJob.RECOMPUTE_RATINGS, data: {}, opts },
    );
  }
}
