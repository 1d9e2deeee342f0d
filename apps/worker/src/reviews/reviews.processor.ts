import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { QueueName } from '@app/core';
import {
  RatingAggregates,
  ReviewJob,
  ReviewWindows,
  type RecomputeResult,
  type ReviewSweepResult,
} from '@app/reviews';
import { UnrecoverableError, type Job } from 'bullmq';

export type ReviewJobResult =
  ReviewSweepResult | { listingsCorrected: number; guestsCorrected: number };

/**
 * Consumes the `reviews` queue: the review-window sweep (reminders and
 * publication at the close) and the nightly recompute of the rating
 * aggregates. Both are idempotent and safe in several workers at once.
 */
@Processor(QueueName.REVIEWS)
export class ReviewsProcessor extends WorkerHost {
  private readonly logger = new Logger(ReviewsProcessor.name);

  constructor(
    private readonly windows: ReviewWindows,
    private readonly aggregates: RatingAggregates,
  ) {
    super();
  }

  async process(job: Job): Promise<ReviewJobResult> {
    switch (job.name) {
      case ReviewJob.SWEEP_WINDOWS:
        return this.windows.sweep();
      case ReviewJob.RECOMPUTE_RATINGS: {
        const result: RecomputeResult = await this.aggregates.recomputeAll();
        const counts = {
          listingsCorrected: result.listingsCorrected.length,
          guestsCorrected: result.guestsCorrected.length,
        };
        // A correction means an incremental update went wrong somewhere: worth a look.
        if (counts.listingsCorrected + counts.guestsCorrected > 0)
          this.logger.warn({ ...result }, 'rating aggregates corrected by the recompute');
        return counts;
      }
      default:
        throw new UnrecoverableError(`Unknown reviews job: ${job.name}`);
    }
  }
}
