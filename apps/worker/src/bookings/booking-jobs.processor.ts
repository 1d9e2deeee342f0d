import { Processor, WorkerHost } from '@nestjs/bullmq';
import { AppConfig, QueueName } from '@app/core';
import { BookingJob, BookingLifecycle, type BookingJobData } from '@app/bookings';
import { UnrecoverableError, type Job } from 'bullmq';

/**
 * Consumes the `bookings` queue: deadlines, stays ending, and the payment
 * calls that follow a host's answer or a cancellation. Every job may run
 * twice (a retry, a stalled job taken over): the lifecycle methods check the
 * current state under a row lock and the provider calls carry idempotency keys.
 */
@Processor(QueueName.BOOKINGS)
export class BookingJobsProcessor extends WorkerHost {
  readonly concurrency: number;

  constructor(
    private readonly lifecycle: BookingLifecycle,
    config: AppConfig,
  ) {
    super();
    this.concurrency = config.env.WORKER_CONCURRENCY;
  }

  async process(job: Job<BookingJobData>): Promise<unknown> {
    const { bookingId, refundId } = job.data;
    switch (job.name) {
      case BookingJob.EXPIRE_BOOKING:
        return { expired: await this.lifecycle.expire(required(bookingId)) };
      case BookingJob.SWEEP:
        return this.lifecycle.sweep();
      case BookingJob.CAPTURE_PAYMENT:
        await this.lifecycle.capture(required(bookingId));
        return { done: true };
      case BookingJob.CANCEL_PAYMENT:
        await this.lifecycle.cancelPayment(required(bookingId));
        return { done: true };
      case BookingJob.REFUND:
        await this.lifecycle.refund(required(refundId));
        return { done: true };
      default:
        throw new UnrecoverableError(`Unknown bookings job: ${job.name}`);
    }
  }
}

function required(id: string | undefined): string {
  if (!id) throw new UnrecoverableError('The job has no id to work on');
  return id;
}
