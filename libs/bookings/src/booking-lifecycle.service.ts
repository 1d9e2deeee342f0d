import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Clock,
  DomainError,
  ErrorCode,
  Metrics,
  NotFoundError,
  TransactionRunner,
} from '@app/core';
import { ListingCache, ListingCalendar } from '@app/listings';
import {
  isOpen,
  LocalPaymentProvider,
  Payment,
  PAYMENT_PROVIDER,
  paymentEventOf,
  refundEventOf,
  RefundRecord,
  transitionPayment,
  type PaymentProvider,
  type ProviderPaymentSnapshot,
} from '@app/payments';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { BookingEmails } from './booking-emails';
import { BookingEvents, lockBooking } from './booking-events';
import { BookingJobs, HOST_ANSWER_WINDOW_MS } from './booking-jobs';
import { BookingPayouts } from './booking-payouts.service';
import { transitionBooking, type BookingStatus } from './booking-state-machine';
import { Booking } from './booking.entity';

/** Bookings that will not happen: an authorisation still held for one of these is released. */
const ENDED_UNPAID: readonly BookingStatus[] = [
  'declined',
  'expired',
  'withdrawn',
  'cancelled_by_guest',
  'cancelled_by_host',
];

/** Why a booking ended, in the guest's email, when its payment was cancelled before any charge. */
const CANCELED_PAYMENT_REASON = 'the card authorisation was cancelled before the payment was taken';
const CANCELED_PAYMENT_REASON_FOR_HOST =
  "the guest's card authorisation was cancelled before the payment was taken";

/** At most this many bookings per sweep and kind; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/**
 * What happens to bookings without a person acting: payments the provider
 * reports, deadlines passing, stays ending, and the provider calls that
 * follow (capture, void, refund). Every method is idempotent, so a job may
 * run twice, or in two workers at once.
 */
@Injectable()
export class BookingLifecycle {
  private readonly logger = new Logger(BookingLifecycle.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly calendar: ListingCalendar,
    private readonly cache: ListingCache,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly jobs: BookingJobs,
    private readonly emails: BookingEmails,
    private readonly events: BookingEvents,
    private readonly metrics: Metrics,
    private readonly payouts: BookingPayouts,
  ) {}

  /**
   * Applies what the provider says of a payment (the local simulation,
   * Stripe's webhooks, reconciliation, the host's accept) through the payment
   * state machine: old or repeated news changes nothing. Instant book is
   * confirmed once paid; a request waits for its host once authorised and is
   * confirmed only once captured (`acceptedBy`: the host whose accept captured
   * it). A payment that arrives after its booking ended is refunded in full.
   * A payment cancelled before any charge ends a booking still waiting for it
   * as `expired`, once.
   */
  async applyPayment(
    paymentId: string,
    snapshot: ProviderPaymentSnapshot,
    options: { acceptedBy?: string } = {},
  ): Promise<void> {
    const after: (() => Promise<void>)[] = [];
    await this.tx.run(async (manager) => {
      const found = await manager.getRepository(Payment).findOne({ where: { id: paymentId } });
      if (!found) throw new NotFoundError('Payment', paymentId);
      // Booking first, then payment: every path locks in this order.
      const booking = await lockBooking(manager, found.bookingId);
      const payment = await manager
        .getRepository(Payment)
        .findOneOrFail({ where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
      const t = transitionPayment(payment.status, paymentEventOf(snapshot.status));
      if (t.outcome === 'refused') {
        this.logger.log(
          { paymentId, bookingId: booking.id, payment: payment.status, provider: snapshot.status },
          'Payment news older than what is recorded: ignored',
        );
        return;
      }
      // A repeat still lets the host's accept settle its booking (a webhook may have recorded the capture first).
      if (t.outcome === 'repeat' && !options.acceptedBy) return;
      const next = t.outcome === 'changed' ? t.to : t.status;
      if (t.outcome === 'changed')
        await manager.getRepository(Payment).update(
          { id: payment.id },
          {
            status: next,
            amountCaptured: snapshot.amountReceived.amount,
            failureReason: next === 'failed' ? 'The card was declined' : null,
          },
        );
      const now = this.clock.now();
      if (next === 'failed') {
        this.metrics
          .counter('payments_failed_total', 'Payments declined or failed', ['provider'])
          .inc({ provider: payment.provider });
        await this.events.record(manager, booking, 'payment_failed', booking.status, null);
        return;
      }
      if (next === 'succeeded') {
        if (booking.status === 'pending_payment' || booking.status === 'awaiting_host') {
          // Only the host's accept captures a request's authorisation, so a capture is its accept.
          const event =
            booking.status === 'pending_payment' ? 'payment_succeeded' : 'host_accepted';
          const bt = transitionBooking(booking.status, event);
          if (bt.changed) {
            await this.events.move(manager, booking, bt.to, event, options.acceptedBy ?? null, {
              paidAt: now,
              confirmedAt: now,
              deadlineAt: null,
            });
            await this.payouts.schedule(manager, booking);
            const mails = await this.emails.send(manager, booking, [
              { to: 'guest', template: 'booking-confirmed' },
              { to: 'host', template: 'booking-new-for-host' },
            ]);
            after.push(() => this.emails.dispatch(mails));
          }
        } else if (booking.status === 'confirmed' || booking.status === 'completed') {
          if (t.outcome === 'changed')
            await manager.getRepository(Booking).update({ id: booking.id }, { paidAt: now });
        } else if (
          t.outcome === 'changed' &&
          !['cancelled_by_guest', 'cancelled_by_host'].includes(booking.status)
        ) {
          // Paid after it expired, was declined or withdrawn: the stay will not happen, all of it goes back.
          const refundId = await this.refundInFull(manager, booking, payment, 'paid_after_expiry');
          await this.events.record(manager, booking, 'paid_after_expiry', booking.status, null);
          if (refundId) after.push(() => this.jobs.refund(refundId));
        }
        return;
      }
      if (next === 'authorized') {
        if (booking.status === 'pending_payment') {
          const bt = transitionBooking(booking.status, 'payment_authorized');
          if (bt.changed) {
            const deadline = new Date(now.getTime() + HOST_ANSWER_WINDOW_MS);
            await this.events.move(manager, booking, bt.to, 'payment_authorized', null, {
              authorizedAt: now,
              deadlineAt: deadline,
            });
            const mails = await this.emails.send(manager, booking, [
              { to: 'host', template: 'booking-request-received' },
              { to: 'guest', template: 'booking-request-sent' },
            ]);
            after.push(() => this.emails.dispatch(mails));
            after.push(() => this.jobs.expireAt(booking.id, deadline, now, 'host'));
          }
        } else if (ENDED_UNPAID.includes(booking.status)) {
          after.push(() => this.jobs.cancelPayment(booking.id));
        }
        return;
      }
      if (next === 'canceled') {
        // The provider cancelled it before any charge (an authorisation lapsed or was released
        // at the provider, a capture refused for that reason): the booking will never be paid,
        // so it ends as an unpaid one does. Bookings already over stay as they are.
        const open: string[] = ['pending_payment', 'awaiting_host', 'confirmed'];
        if (!open.includes(booking.status) || snapshot.amountReceived.amount > 0) return;
        const mails = await this.endUnpaid(
          manager,
          booking,
          'payment_canceled',
          CANCELED_PAYMENT_REASON,
          CANCELED_PAYMENT_REASON_FOR_HOST,
        );
        after.push(() => this.emails.dispatch(mails));
        after.push(() => this.cache.invalidateListing(booking.listingId));
      }
    });
    for (const step of after) await step();
  }

  /**
   * Expires a booking still waiting for payment or for its host once its
   * deadline has passed (`force`: now, whatever the deadline). Frees the dates
   * and releases the payment. Anything else is left as it is.
   */
  async expire(bookingId: string, options: { force?: boolean; reason?: string } = {}) {
    const result = await this.tx.run(async (manager) => {
      const booking = await manager
        .getRepository(Booking)
        .findOne({ where: { id: bookingId }, lock: { mode: 'pessimistic_write' } });
      if (!booking || !['pending_payment', 'awaiting_host'].includes(booking.status)) return;
      const now = this.clock.now();
      if (!options.force && booking.deadlineAt && booking.deadlineAt.getTime() > now.getTime())
        return;
      const reason =
        options.reason ??
        (booking.status === 'pending_payment'
          ? 'it was not paid in time'
          : 'the host did not answer in time');
      const mails = await this.endUnpaid(
        manager,
        booking,
        'deadline_passed',
        reason,
        options.reason ?? 'the request was not answered within 24 hours',
      );
      return { listingId: booking.listingId, mails };
    });
    if (!result) return false;
    await this.emails.dispatch(result.mails);
    await this.cache.invalidateListing(result.listingId);
    await this.jobs.cancelPayment(bookingId);
    return true;
  }

  /** Completes a confirmed stay once its check-out time has passed in the listing's time zone. */
  async complete(bookingId: string): Promise<boolean> {
    const mails = await this.tx.run(async (manager) => {
      const booking = await lockBooking(manager, bookingId);
      if (booking.status !== 'confirmed') return undefined;
      const [due] = (await manager.query(
        `SELECT 1 FROM listings l
          WHERE l.id = $1 AND (($2::date + l.check_out_time::time) AT TIME ZONE l.timezone) <= $3`,
        [booking.listingId, booking.checkOut, this.clock.now()],
      )) as unknown[];
      if (!due) return undefined;
      const t = transitionBooking(booking.status, 'checked_out');
      if (!t.changed) return undefined;
      await this.events.move(manager, booking, t.to, 'checked_out', null, {
        completedAt: this.clock.now(),
      });
      return this.emails.send(manager, booking, [
        { to: 'guest', template: 'stay-completed' },
        { to: 'host', template: 'stay-completed-for-host' },
      ]);
    });
    if (!mails) return false;
    await this.emails.dispatch(mails);
    return true;
  }

  /** The periodic safety net: every booking past its deadline expires, every stay past check-out completes. */
  async sweep(): Promise<{ expired: number; completed: number }> {
    const now = this.clock.now();
    const overdue = (await this.dataSource.query(
      `SELECT id FROM bookings
        WHERE status IN ('pending_payment', 'awaiting_host') AND deadline_at <= $1
        ORDER BY deadline_at LIMIT $2`,
      [now, SWEEP_BATCH],
    )) as { id: string }[];
    const ended = (await this.dataSource.query(
      `SELECT b.id FROM bookings b JOIN listings l ON l.id = b.listing_id
        WHERE b.status = 'confirmed' AND b.check_out <= ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
          AND ((b.check_out + l.check_out_time::time) AT TIME ZONE l.timezone) <= $1
        ORDER BY b.check_out LIMIT $2`,
      [now, SWEEP_BATCH],
    )) as { id: string }[];
    let expired = 0;
    let completed = 0;
    for (const { id } of overdue) if (await this.expire(id)) expired++;
    for (const { id } of ended) if (await this.complete(id)) completed++;
    return { expired, completed };
  }

  /**
   * The host's accept: captures the request's authorisation first (a retry
   * sends the same idempotency key, so the guest is charged once) and the
   * booking is confirmed only on a successful capture. An authorisation that
   * is no longer capturable (it lapsed or was released) ends the booking as
   * `expired` instead. The provider not answering leaves the request waiting
   * for the host, who may try again.
   */
  async acceptAndCapture(bookingId: string, hostId: string): Promise<void> {
    const payment = await this.paymentOf(bookingId);
    if (!payment?.providerRef) {
      this.logger.warn({ bookingId }, 'An accepted request has no payment at the provider');
      return;
    }
    let snapshot: ProviderPaymentSnapshot;
    try {
      snapshot =
        payment.status === 'authorized'
          ? await this.provider.capture(payment.providerRef, { paymentId: payment.id })
          : await this.provider.retrieve(payment.providerRef);
    } catch (error) {
      snapshot = await this.provider.retrieve(payment.providerRef).catch(() => {
        throw unavailable(error);
      });
      if (snapshot.status === 'authorized') throw unavailable(error);
    }
    await this.applyPayment(payment.id, snapshot, { acceptedBy: hostId });
  }

  /**
   * Captures the authorisation of a booking confirmed before it was captured
   * (job, reconciliation: rows from before captures came first). Any other
   * booking is left alone: only the host's accept captures a request.
   */
  async capture(bookingId: string): Promise<void> {
    const booking = await this.dataSource
      .getRepository(Booking)
      .findOne({ where: { id: bookingId } });
    const payment = await this.paymentOf(bookingId);
    if (!booking || !payment || payment.status !== 'authorized' || !payment.providerRef) return;
    if (booking.status !== 'confirmed') {
      this.logger.warn(
        { bookingId, paymentId: payment.id, booking: booking.status },
        'Capture skipped: the booking is not confirmed',
      );
      return;
    }
    let snapshot: ProviderPaymentSnapshot;
    try {
      snapshot = await this.provider.capture(payment.providerRef, { paymentId: payment.id });
    } catch (error) {
      snapshot = await this.provider.retrieve(payment.providerRef);
      if (snapshot.status === 'authorized') throw error;
    }
    await this.applyPayment(payment.id, snapshot);
  }

  /**
   * Releases the payment of a booking that will not happen (job): declined,
   * expired, withdrawn or cancelled. For a booking still waiting, confirmed or
   * completed the job no longer fits: it is logged and changes nothing.
   */
  async cancelPayment(bookingId: string): Promise<void> {
    const booking = await this.dataSource
      .getRepository(Booking)
      .findOne({ where: { id: bookingId } });
    const payment = await this.paymentOf(bookingId);
    if (!booking || !payment || !isOpen(payment.status)) return;
    if (!ENDED_UNPAID.includes(booking.status)) {
      this.logger.warn(
        { bookingId, paymentId: payment.id, booking: booking.status, payment: payment.status },
        'Payment release skipped: the booking still needs its payment',
      );
      return;
    }
    if (payment.providerRef) {
      const snapshot = await this.provider.retrieve(payment.providerRef);
      // Paid in the meantime: applyPayment sees the booking is over and refunds it.
      if (snapshot.status === 'succeeded') return this.applyPayment(payment.id, snapshot);
      if (snapshot.status !== 'canceled')
        await this.provider.cancel(payment.providerRef, { paymentId: payment.id });
    }
    await this.tx.run(async (manager) => {
      await lockBooking(manager, bookingId);
      const locked = await manager
        .getRepository(Payment)
        .findOneOrFail({ where: { id: payment.id }, lock: { mode: 'pessimistic_write' } });
      const t = transitionPayment(locked.status, 'canceled');
      if (t.outcome === 'changed')
        await manager.getRepository(Payment).update({ id: payment.id }, { status: t.to });
    });
  }

  /** Sends a pending refund to the provider (job); its amount is added to the payment once. */
  async refund(refundId: string): Promise<void> {
    const refund = await this.dataSource.getRepository(RefundRecord).findOne({
      where: { id: refundId },
    });
    if (!refund || refund.status !== 'pending' || refund.providerRef) return;
    const payment = await this.dataSource
      .getRepository(Payment)
      .findOneOrFail({ where: { id: refund.paymentId } });
    if (payment.status === 'authorized')
      // The capture job has not run yet; this job's retry comes after it.
      throw new Error(`Payment ${payment.id} is not captured yet; refund ${refundId} waits`);
    if (!payment.providerRef || payment.amountCaptured === 0) {
      await this.dataSource
        .getRepository(RefundRecord)
        .update(
          { id: refundId, status: 'pending' },
          { status: 'canceled', failureReason: 'nothing was charged' },
        );
      return;
    }
    const created = await this.provider.refund({
      ref: payment.providerRef,
      amount: {
        amount: Math.min(refund.amount, payment.amountCaptured),
        currency: refund.currency,
      },
      refundId,
    });
    await this.settleRefund(refundId, created.refundRef, created.status);
  }

  /** Records the provider's answer on a refund; a success adds its amount to the payment once. */
  async settleRefund(
    refundId: string,
    refundRef: string,
    status: RefundRecord['status'],
  ): Promise<void> {
    await this.tx.run(async (manager) => {
      const refund = await manager
        .getRepository(RefundRecord)
        .findOne({ where: { id: refundId }, lock: { mode: 'pessimistic_write' } });
      if (!refund || refund.status === 'succeeded') return;
      // Forward only: a late "pending" never reopens a failed or canceled refund.
      if (status === 'pending' && refund.status !== 'pending' && refund.providerRef) return;
      await manager
        .getRepository(RefundRecord)
        .update({ id: refundId }, { providerRef: refundRef, status });
      if (status !== 'succeeded') return;
      const payment = await manager
        .getRepository(Payment)
        .findOneOrFail({ where: { id: refund.paymentId }, lock: { mode: 'pessimistic_write' } });
      const refunded = payment.amountRefunded + refund.amount;
      const t = transitionPayment(payment.status, refundEventOf(refunded, payment.amountCaptured));
      if (t.outcome !== 'changed') {
        // The provider returned money we never recorded as taken: a person must look.
        this.logger.error(
          { refundId, paymentId: payment.id, payment: payment.status },
          'A refund succeeded for a payment that was not captured',
        );
        return;
      }
      await manager
        .getRepository(Payment)
        .update({ id: payment.id }, { status: t.to, amountRefunded: refunded });
    });
  }

  /**
   * The local provider's card holder (POST /payments/:id/simulate): pays or
   * fails the payment of the caller's own booking, checked by its client secret.
   */
  async simulate(
    guestId: string,
    paymentId: string,
    outcome: 'succeed' | 'fail',
    clientSecret: string,
  ): Promise<string> {
    if (!(this.provider instanceof LocalPaymentProvider))
      throw new DomainError(
        ErrorCode.LOCAL_PAYMENTS_ONLY,
        'Payments are simulated only with PAYMENTS_PROVIDER=local',
      );
    const payment = await this.dataSource
      .getRepository(Payment)
      .findOne({ where: { id: paymentId } });
    const booking = payment
      ? await this.dataSource.getRepository(Booking).findOne({ where: { id: payment.bookingId } })
      : null;
    if (!payment || !booking || booking.guestId !== guestId || !payment.providerRef)
      throw new NotFoundError('Payment', paymentId);
    if (!this.provider.verifyClientSecret(payment.providerRef, clientSecret))
      throw new DomainError(ErrorCode.FORBIDDEN, 'The client secret does not match this payment');
    if (booking.status !== 'pending_payment')
      throw new DomainError(ErrorCode.INVALID_STATE, 'This booking is not waiting for a payment.', {
        details: { status: booking.status },
      });
    const snapshot = await this.provider.simulate(payment.providerRef, outcome);
    await this.applyPayment(payment.id, snapshot);
    return booking.id;
  }

  private async refundInFull(
    manager: EntityManager,
    booking: Booking,
    payment: Payment,
    reason: string,
  ): Promise<string | undefined> {
    const existing = await manager.getRepository(RefundRecord).findOne({
      where: { bookingId: booking.id },
    });
    if (existing) return undefined;
    const id = randomUUID();
    await manager.getRepository(RefundRecord).insert({
      id,
      paymentId: payment.id,
      bookingId: booking.id,
      amount: payment.amount,
      currency: payment.currency,
      status: 'pending',
      reason,
      breakdown: {},
    });
    return id;
  }

  /**
   * Ends a locked booking that will not be paid (`event` leads it to `expired`)
   * in the caller's transaction: its dates are freed, any payout is cancelled
   * and the guest is told why, and so is the host once they knew of it (a
   * request, or an accepted booking; an unpaid instant booking never reached
   * them). Answers the outbox ids to dispatch after commit.
   */
  private async endUnpaid(
    manager: EntityManager,
    booking: Booking,
    event: 'deadline_passed' | 'payment_canceled',
    reason: string,
    hostReason: string,
  ): Promise<string[]> {
    const t = transitionBooking(booking.status, event);
    if (!t.changed) return [];
    const hostKnew = booking.status !== 'pending_payment';
    await this.events.move(
      manager,
      booking,
      t.to,
      event,
      null,
      {
        expiredAt: this.clock.now(),
        deadlineAt: null,
      },
      { reason },
    );
    await this.calendar.release(manager, booking.id);
    // Nothing was charged, so nothing was transferred: the payout (if any) is simply cancelled.
    await this.payouts.reduce(manager, booking.id, 0);
    return this.emails.send(manager, booking, [
      { to: 'guest', template: 'booking-expired', data: { reason } },
      ...(hostKnew
        ? [
            {
              to: 'host' as const,
              template: 'booking-ended-for-host' as const,
              data: { reason: hostReason },
            },
          ]
        : []),
    ]);
  }

  /**
   * The guest withdraws a request before it is confirmed: the dates are freed
   * and the host told in the caller's transaction; the authorisation is
   * released right after the commit (`cancelPayment`).
   */
  async withdraw(manager: EntityManager, booking: Booking, actorId: string): Promise<string[]> {
    const t = transitionBooking(booking.status, 'guest_withdrew');
    if (!t.changed) return [];
    const hostKnew = booking.status !== 'pending_payment';
    await this.events.move(manager, booking, t.to, 'guest_withdrew', actorId, {
      cancelledAt: this.clock.now(),
      cancelledBy: 'guest',
      deadlineAt: null,
    });
    await this.calendar.release(manager, booking.id);
    await this.payouts.reduce(manager, booking.id, 0);
    return this.emails.send(
      manager,
      booking,
      hostKnew ? [{ to: 'host', template: 'booking-withdrawn-for-host' }] : [],
    );
  }

  private paymentOf(bookingId: string): Promise<Payment | null> {
    return this.dataSource.getRepository(Payment).findOne({ where: { bookingId } });
  }
}

/** The provider did not answer a capture: nothing changed, the host may try again. */
function unavailable(cause: unknown): DomainError {
  return new DomainError(
    ErrorCode.SERVICE_UNAVAILABLE,
    'The payment provider did not answer, so the request is still waiting; please try again',
    { cause },
  );
}
