import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@app/core';
import { BOOKING_SWEEP_EVERY_MS, BOOKING_SWEEPER_ID, BookingJob } from '@app/bookings';
import type { Queue } from 'bullmq';

/**
 * Registers the bookings sweeper (one job scheduler for all workers): it
 * expires what the delayed deadline jobs missed and completes ended stays.
 */
@Injectable()
export class BookingSweeperScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.BOOKINGS) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      BOOKING_SWEEPER_ID,
      { every: BOOKING_SWEEP_EVERY_MS },
      {
        name: BookingJob.SWEEP,
        data: {},
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  }
}
