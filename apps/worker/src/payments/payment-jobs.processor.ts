import { Processor, WorkerHost } from '@nestjs/bullmq';
import { AppConfig, QueueName } from '@app/core';
import { BookingPayouts, PaymentEventApplier, PaymentReconciliation } from '@app/bookings';
import { PaymentJob, type PaymentJobData } from '@app/payments';
import { UnrecoverableError, type Job } from 'bullmq';

/**
 * Consumes the `payments` queue: stored webhook events, reconciliation and
 * host payouts. Every job may run twice: events are applied by re-reading the
 * provider and moving forward only, and transfers carry idempotency keys.
 */
@Processor(QueueName.PAYMENTS)
export class PaymentJobsProcessor extends WorkerHost {
  readonly concurrency: number;

  constructor(
    private readonly events: PaymentEventApplier,
    private readonly reconciliation: PaymentReconciliation,
    private readonly payouts: BookingPayouts,
    config: AppConfig,
  ) {
    super();
    this.concurrency = config.env.WORKER_CONCURRENCY;
  }

  async process(job: Job<PaymentJobData>): Promise<unknown> {
    const { eventId, payoutId } = job.data;
    switch (job.name) {
      case PaymentJob.APPLY_EVENT:
        return { outcome: (await this.events.apply(required(eventId))) ?? 'missing' };
      case PaymentJob.RECONCILE:
        return this.reconciliation.run();
      case PaymentJob.SWEEP_PAYOUTS:
        return this.payouts.sweep();
      case PaymentJob.PAY_OUT:
        return { status: (await this.payouts.payOut(required(payoutId))) ?? 'missing' };
      case PaymentJob.REVERSE_PAYOUT:
        await this.payouts.reverse(required(payoutId));
        return { done: true };
      default:
        throw new UnrecoverableError(`Unknown payments job: ${job.name}`);
    }
  }
}

function required(id: string | undefined): string {
  if (!id) throw new UnrecoverableError('The job has no id to work on');
  return id;
}
