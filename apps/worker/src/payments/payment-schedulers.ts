import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@app/core';
import {
  PAYMENT_RECONCILE_EVERY_MS,
  PAYMENT_RECONCILER_ID,
  PaymentJob,
  PAYOUT_SWEEP_EVERY_MS,
  PAYOUT_SWEEPER_ID,
} from '@app/payments';
import type { Queue } from 'bullmq';

const ONCE = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/**
 * Registers the payments job schedulers (one of each for all workers): the
 * reconciler, which repairs what lost webhooks left behind, and the payout
 * sweep, which pays hosts once their payouts fall due.
 */
@Injectable()
export class PaymentSchedulers implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.PAYMENTS) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      PAYMENT_RECONCILER_ID,
      { every: PAYMENT_RECONCILE_EVERY_MS },
      { name: PaymentJob.RECONCILE, data: {}, opts: ONCE },
    );
    await this.queue.upsertJobScheduler(
      PAYOUT_SWEEPER_ID,
      { every: PAYOUT_SWEEP_EVERY_MS },
      { name: PaymentJob.SWEEP_PAYOUTS, data: {}, opts: ONCE },
    );
  }
}
