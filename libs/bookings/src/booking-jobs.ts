import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QueueName } from '@app/core';
import type { Queue } from 'bullmq';

/** Jobs of the bookings queue. Each is idempotent: running one twice changes nothing more. */
export const BookingJob = {
  /** At a booking's deadline: expire it if still unpaid / unanswered. */
  EXPIRE_BOOKING: 'expire-booking',
  /** Periodic: expire what is past its deadline, complete stays past check-out. */
  SWEEP: 'sweep-bookings',
  /** Capture the authorised payment of an accepted request. */
  CAPTURE_PAYMENT: 'capture-payment',
  /** Release the authorisation (or abandon the payment) of a booking that will not happen. */
  CANCEL_PAYMENT: 'cancel-payment',
  /** Send a refund to the provider. */
  REFUND: 'refund',
} as const;
export type BookingJob = (typeof BookingJob)[keyof typeof BookingJob];

export interface BookingJobData {
  bookingId?: string;
  refundId?: string;
}

export const BOOKING_SWEEPER_ID = 'bookings-sweeper';
export const BOOKING_SWEEP_EVERY_MS = 60_000;
/** Unpaid bookings keep their dates this long. */
export const PAYMENT_WINDOW_MS = 15 * 60_000;
/** Hosts answer a request within this. */
export const HOST_ANSWER_WINDOW_MS = 24 * 3_600_000;

/** Producer of booking jobs; job ids come from our ids, so queuing twice adds one job. */
@Injectable()
export class BookingJobs {
  constructor(@InjectQueue(QueueName.BOOKINGS) private readonly queue: Queue<BookingJobData>) {}

  /** Expire `bookingId` at `deadline` unless it moved on (the sweeper is the safety net). */
  async expireAt(bookingId: string, deadline: Date, now: Date, stage: string): Promise<void> {
    await this.queue.add(
      BookingJob.EXPIRE_BOOKING,
      { bookingId },
      {
        jobId: `expire-${stage}-${bookingId}`,
        delay: Math.max(0, deadline.getTime() - now.getTime()),
      },
    );
  }

  async capture(bookingId: string): Promise<void> {
    await this.queue.add(
      BookingJob.CAPTURE_PAYMENT,
      { bookingId },
      { jobId: `capture-${bookingId}` },
    );
  }

  async cancelPayment(bookingId: string): Promise<void> {
    await this.queue.add(
      BookingJob.CANCEL_PAYMENT,
      { bookingId },
      { jobId: `cancel-payment-${bookingId}` },
    );
  }

  async refund(refundId: string): Promise<void> {
    await this.queue.add(BookingJob.REFUND, { refundId }, { jobId: `refund-${refundId}` });
  }
}
