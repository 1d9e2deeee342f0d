import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QueueName } from '@app/core';
import type { Queue } from 'bullmq';

/** Jobs of the payments queue. Each is idempotent: running one twice changes nothing more. */
export const PaymentJob = {
  /** Apply a stored provider event (job id = the event id). */
  APPLY_EVENT: 'apply-payment-event',
  /** Periodic: compare open payments and refunds with the provider and repair them. */
  RECONCILE: 'reconcile-payments',
  /** Periodic: pay the payouts that fell due. */
  SWEEP_PAYOUTS: 'sweep-payouts',
  /** Transfer one payout to its host. */
  PAY_OUT: 'pay-out',
  /** Take back what a refund removed from a payout already transferred. */
  REVERSE_PAYOUT: 'reverse-payout',
} as const;
export type PaymentJob = (typeof PaymentJob)[keyof typeof PaymentJob];

export interface PaymentJobData {
  eventId?: string;
  payoutId?: string;
}

export const PAYMENT_RECONCILER_ID = 'payments-reconciler';
export const PAYMENT_RECONCILE_EVERY_MS = 5 * 60_000;
export const PAYOUT_SWEEPER_ID = 'payouts-sweeper';
export const PAYOUT_SWEEP_EVERY_MS = 10 * 60_000;

/** Producer of payment jobs; job ids come from our ids (or the provider's event id). */
@Injectable()
export class PaymentJobs {
  constructor(@InjectQueue(QueueName.PAYMENTS) private readonly queue: Queue<PaymentJobData>) {}

  async applyEvent(eventId: string): Promise<void> {
    await this.queue.add(PaymentJob.APPLY_EVENT, { eventId }, { jobId: eventId });
  }

  async payOut(payoutId: string): Promise<void> {
    await this.queue.add(PaymentJob.PAY_OUT, { payoutId }, { jobId: `pay-out-${payoutId}` });
  }

  async reversePayout(payoutId: string): Promise<void> {
    await this.queue.add(
      PaymentJob.REVERSE_PAYOUT,
      { payoutId },
      { jobId: `reverse-payout-${payoutId}` },
    );
  }

  /** Runs a reconciliation now (besides the periodic one); answers the job id. */
  async reconcileNow(): Promise<string> {
    const job = await this.queue.add(PaymentJob.RECONCILE, {});
    return String(job.id);
  }
}
