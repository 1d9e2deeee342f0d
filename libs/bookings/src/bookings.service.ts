import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AppConfig,
  Clock,
  decodeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  Metrics,
  money,
  NotFoundError,
  TransactionRunner,
  type Page,
} from '@app/core';
import {
  assertBookable,
  Listing,
  ListingCache,
  ListingCalendar,
  ListingsService,
} from '@app/listings';
import {
  Payment,
  PAYMENT_PROVIDER,
  PaymentJobs,
  RefundRecord,
  type PaymentProvider,
  type PaymentRecordStatus,
} from '@app/payments';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { BookingEmails, showMoney } from './booking-emails';
import { BookingEvents, lockBooking } from './booking-events';
import { BookingJobs, PAYMENT_WINDOW_MS } from './booking-jobs';
import { BookingLifecycle } from './booking-lifecycle.service';
import { BookingPayouts } from './booking-payouts.service';
import { priceStay, type PriceQuote, type StayRequest } from './booking-pricing';
import { transitionBooking, type BookingStatus } from './booking-state-machine';
import { Booking } from './booking.entity';
import { refundForCancellation } from './cancellation-policy';
import { payoutAfterRefund } from './host-payout';
import type {
  BookingListQuery,
  CancelBookingInput,
  CreateBookingInput,
} from './dto/booking.inputs';
import { BookingEventView, BookingView, PaymentView, RefundView } from './dto/booking.views';
import { QuoteView } from './dto/quote.view';
import { localDateOf } from './local-date';

/** Who is acting: the signed-in user (REST or GraphQL). */
export interface BookingActor {
  id: string;
  role: 'user' | 'admin';
}

/** A payment's client secret is shown to its guest while there is something to pay. */
const PAYABLE: readonly PaymentRecordStatus[] = ['requires_payment', 'failed'];

/**
 * Quotes, bookings and what guests and hosts do to them. Every transition is
 * one transaction holding the booking's row lock; the nights are rows of the
 * listing's calendar, so the exclusion constraint decides every race. Calls to
 * the payment provider happen after the commit (or in worker jobs), never
 * inside a transaction.
 */
@Injectable()
export class BookingsService {
  private readonly logger = new Logger(BookingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly listings: ListingsService,
    private readonly calendar: ListingCalendar,
    private readonly cache: ListingCache,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly jobs: BookingJobs,
    private readonly emails: BookingEmails,
    private readonly events: BookingEvents,
    private readonly lifecycle: BookingLifecycle,
    private readonly metrics: Metrics,
    private readonly payouts: BookingPayouts,
    private readonly paymentJobs: PaymentJobs,
  ) {}

  /** The price of a stay at a published listing, and whether its nights are free now. */
  async quote(listingId: string, stay: StayRequest): Promise<QuoteView> {
    const listing = await this.dataSource.getRepository(Listing).findOne({
      where: { id: listingId },
    });
    if (!listing) throw new NotFoundError('Listing', listingId);
    await assertBookable(this.dataSource.manager, listing);
    const quote = this.price(listing, stay);
    const available = await this.calendar.isFree(listingId, stay.checkIn, stay.checkOut);
    return QuoteView.of(quote, available);
  }

  private price(listing: Listing, stay: StayRequest): PriceQuote {
    if (!listing.timezone)
      throw new DomainError(ErrorCode.LISTING_NOT_BOOKABLE, 'This listing has no time zone');
    return priceStay(listing, stay, this.config.serviceFees, {
      today: localDateOf(this.clock.now(), listing.timezone),
    });
  }

  /**
   * Books a stay: the booking, its nights on the calendar, its payment record
   * and its history row commit together (or not at all: DATES_UNAVAILABLE when
   * any night is taken), then the provider is asked for a payment. Instant
   * book charges at once; request to book authorises and waits for the host.
   */
  async create(guest: BookingActor, input: CreateBookingInput): Promise<BookingView> {
    const now = this.clock.now();
    const bookingId = randomUUID();
    const paymentId = randomUUID();
    const { booking, quote } = await this.tx.run(async (manager) => {
      const listing = await this.listings.loadForBooking(manager, input.listingId);
      if (listing.hostId === guest.id)
        throw new DomainError(ErrorCode.OWN_LISTING, 'You cannot book your own listing');
      const quote = this.price(listing, input);
      const mode = listing.instantBook ? 'instant' : 'request';
      const booking = manager.getRepository(Booking).create({
        id: bookingId,
        listingId: listing.id,
        guestId: guest.id,
        hostId: listing.hostId,
        checkIn: input.checkIn,
        checkOut: input.checkOut,
        guests: input.guests,
        mode,
        status: 'pending_payment',
        currency: quote.currency,
        total: quote.total.amount,
        hostPayout: quote.hostPayout.amount,
        price: quote,
        cancellationPolicy: listing.cancellationPolicy,
        cancellation: {
          currency: quote.currency,
          checkIn: quote.checkIn,
          checkOut: quote.checkOut,
          checkInTime: listing.checkInTime,
          timezone: listing.timezone!,
          nightlyAmounts: quote.nightly.map((night) => night.amount),
          cleaningFee: quote.cleaningFee.amount,
          guestServiceFee: quote.guestServiceFee.amount,
          taxes: quote.taxes.amount,
          bookedAt: now.toISOString(),
        },
        message: input.message ?? null,
        deadlineAt: new Date(now.getTime() + PAYMENT_WINDOW_MS),
        version: 1,
      });
      await manager.getRepository(Booking).insert(booking);
      await this.calendar.hold(manager, {
        listingId: listing.id,
        checkIn: input.checkIn,
        checkOut: input.checkOut,
        bookingId,
      });
      await manager.getRepository(Payment).insert({
        id: paymentId,
        bookingId,
        provider: this.provider.name,
        captureMethod: mode === 'instant' ? 'automatic' : 'manual',
        status: 'requires_payment',
        amount: quote.total.amount,
        currency: quote.currency,
        amountCaptured: 0,
        amountRefunded: 0,
      });
      await this.events.record(manager, booking, 'created', null, guest.id, {
        total: quote.total.amount,
      });
      return { booking, quote };
    });
    await this.cache.invalidateListing(booking.listingId);
    this.metrics
      .counter('bookings_created_total', 'Bookings created', ['mode'])
      .inc({ mode: booking.mode });

    try {
      const created = await this.provider.createPayment({
        paymentId,
        amount: quote.total,
        captureMethod: booking.mode === 'instant' ? 'automatic' : 'manual',
        description: `Booking ${bookingId}`,
        metadata: { booking_id: bookingId },
      });
      await this.dataSource
        .getRepository(Payment)
        .update(
          { id: paymentId },
          { providerRef: created.providerRef, clientSecret: created.clientSecret },
        );
    } catch (error) {
      this.logger.error({ err: error, bookingId }, 'The payment could not be set up');
      await this.lifecycle.expire(bookingId, {
        force: true,
        reason: 'the payment could not be set up',
      });
      throw new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The payment provider is unavailable; the dates were released, please try again',
      );
    }
    await this.jobs.expireAt(bookingId, booking.deadlineAt!, now, 'payment');
    return this.get(guest, bookingId);
  }

  /** A booking, to its guest, its host or an admin (anyone else: 404). */
  async get(actor: BookingActor, id: string): Promise<BookingView> {
    return this.snapshot(async (manager) => {
      const booking = await manager.getRepository(Booking).findOne({ where: { id } });
      if (!booking || !this.canSee(actor, booking)) throw new NotFoundError('Booking', id);
      const [view] = await this.views([booking], actor, manager);
      return view;
    });
  }

  /**
   * Reads a booking view's rows (booking, payment, refund) in one snapshot: a
   * refund settled meanwhile shows on the refund and the payment, or on neither.
   */
  private snapshot<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.run(read, { isolation: 'REPEATABLE READ' });
  }

  /** The caller's bookings as a guest (default) or as a host, newest first. */
  async list(actor: BookingActor, query: BookingListQuery): Promise<Page<BookingView>> {
    const limit = query.limit ?? 20;
    const column = query.role === 'host' ? 'b.host_id' : 'b.guest_id';
    return this.snapshot(async (manager) => {
      const qb = manager
        .getRepository(Booking)
        .createQueryBuilder('b')
        .addSelect('b.created_at::text', 'sort_value')
        .where(`${column} = :userId`, { userId: actor.id });
      if (query.cursor) {
        const c = decodeCursor(query.cursor, { c: 'string', id: 'string' });
        if (!/^[0-9a-f-]{36}$/i.test(String(c.id)) || Number.isNaN(Date.parse(String(c.c))))
          throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
        qb.andWhere('(b.created_at, b.id) < (CAST(:c AS timestamptz), CAST(:id AS uuid))', c);
      }
      const { entities, raw } = await qb
        .orderBy('b.created_at', 'DESC')
        .addOrderBy('b.id', 'DESC')
        .limit(limit + 1)
        .getRawAndEntities<{ sort_value: string }>();
      const page = entities.slice(0, limit);
      const last = page.length === limit && entities.length > limit ? page[page.length - 1] : null;
      return {
        data: await this.views(page, actor, manager),
        nextCursor: last ? encodeCursor({ c: raw[limit - 1].sort_value, id: last.id }) : null,
      };
    });
  }

  /** The booking's payment with its refunds. */
  async payments(actor: BookingActor, id: string): Promise<PaymentView[]> {
    const booking = await this.dataSource.getRepository(Booking).findOne({ where: { id } });
    if (!booking || !this.canSee(actor, booking)) throw new NotFoundError('Booking', id);
    const payments = await this.dataSource.getRepository(Payment).findBy({ bookingId: id });
    const refunds = await this.dataSource.getRepository(RefundRecord).findBy({ bookingId: id });
    return payments.map((payment) => ({
      ...PaymentView.of(payment, this.secretFor(actor, booking, payment)),
      refunds: refunds.filter((r) => r.paymentId === payment.id).map((r) => RefundView.of(r)),
    }));
  }

  /**
   * The host accepts a request: the authorisation is captured first and the
   * booking confirmed only once it is; one no longer capturable ends it as
   * `expired` (the view shows which). Accepting a confirmed booking again
   * changes nothing.
   */
  async accept(actor: BookingActor, id: string): Promise<BookingView> {
    const changes = await this.tx.run(async (manager) => {
      const booking = await this.lockAsHost(manager, actor, id);
      return transitionBooking(booking.status, 'host_accepted').changed;
    });
    if (changes) await this.lifecycle.acceptAndCapture(id, actor.id);
    return this.get(actor, id);
  }

  /** The host declines a request: the dates are freed, the authorisation released by a job. */
  async decline(actor: BookingActor, id: string): Promise<BookingView> {
    const { changed, mails, listingId } = await this.tx.run(async (manager) => {
      const booking = await this.lockAsHost(manager, actor, id);
      const transition = transitionBooking(booking.status, 'host_declined');
      if (!transition.changed) return { changed: false, mails: [], listingId: booking.listingId };
      await this.events.move(manager, booking, transition.to, 'host_declined', actor.id, {
        declinedAt: this.clock.now(),
        deadlineAt: null,
      });
      await this.calendar.release(manager, id);
      const mails = await this.emails.send(manager, booking, [
        { to: 'guest', template: 'booking-declined' },
        {
          to: 'host',
          template: 'booking-ended-for-host',
          data: { reason: 'you declined the request' },
        },
      ]);
      return { changed: true, mails, listingId: booking.listingId };
    });
    await this.emails.dispatch(mails);
    if (changed) {
      await this.cache.invalidateListing(listingId);
      await this.jobs.cancelPayment(id);
    }
    return this.get(actor, id);
  }

  /**
   * The guest (refund by the listing's policy, as it was when booked) or the
   * host (full refund) cancels a confirmed booking; an admin may cancel on
   * either's behalf. The refund row commits with the cancellation and a job
   * sends it to the provider.
   */
  async cancel(
    actor: BookingActor,
    id: string,
    input: CancelBookingInput,
    onBehalfOf?: {
      as: 'guest' | 'host';
      fullRefund?: boolean;
      /** Runs in the cancellation's transaction (the admin audit entry). */
      audit?: (manager: EntityManager) => Promise<void>;
    },
  ): Promise<BookingView> {
    const { refundId, reversePayout, mails, listingId, withdrawn } = await this.tx.run(
      async (manager) => {
        const booking = await lockBooking(manager, id);
        const as = onBehalfOf?.as ?? this.partyOf(actor, booking);
        if (as === undefined) throw new NotFoundError('Booking', id);
        if (['cancelled_by_guest', 'cancelled_by_host', 'withdrawn'].includes(booking.status))
          throw new DomainError(ErrorCode.ALREADY_CANCELLED, 'This booking is already cancelled', {
            details: { status: booking.status },
          });
        // A guest's request not confirmed yet is withdrawn: nothing was charged, nothing to refund.
        if (as === 'guest' && ['pending_payment', 'awaiting_host'].includes(booking.status)) {
          const mails = await this.lifecycle.withdraw(manager, booking, actor.id);
          await onBehalfOf?.audit?.(manager);
          return { mails, listingId: booking.listingId, withdrawn: true };
        }
        const event = as === 'guest' ? 'guest_cancelled' : 'host_cancelled';
        const transition = transitionBooking(booking.status, event);
        if (!transition.changed)
          throw new DomainError(ErrorCode.INVALID_STATE, 'This booking cannot be cancelled now.', {
            details: { status: booking.status },
          });
        const now = this.clock.now();
        const refund = refundForCancellation(
          booking.cancellationPolicy,
          { ...booking.cancellation, bookedAt: new Date(booking.cancellation.bookedAt) },
          now,
          onBehalfOf?.fullRefund ? 'host' : as,
        );
        const payment = await manager
          .getRepository(Payment)
          .findOne({ where: { bookingId: id }, lock: { mode: 'pessimistic_write' } });
        let refundId: string | undefined;
        if (payment && refund.amount.amount > 0) {
          refundId = randomUUID();
          await manager.getRepository(RefundRecord).insert({
            id: refundId,
            paymentId: payment.id,
            bookingId: id,
            amount: Math.min(refund.amount.amount, payment.amount),
            currency: payment.currency,
            status: 'pending',
            reason: onBehalfOf?.fullRefund ? 'admin_full_refund' : refund.rule,
            breakdown: { ...refund.breakdown, nightsUsed: refund.nightsUsed },
          });
        }
        // The host keeps the share of the subtotal the guest still pays for.
        const owed = payoutAfterRefund(
          money(booking.hostPayout, booking.currency),
          booking.price.subtotal,
          refund.breakdown,
        );
        const reversePayout = await this.payouts.reduce(manager, id, owed.amount);
        await this.events.move(
          manager,
          booking,
          transition.to,
          event,
          actor.id,
          {
            cancelledAt: now,
            cancelledBy: actor.role === 'admin' && onBehalfOf ? 'admin' : as,
            cancellationReason: input.reason ?? null,
          },
          { refund: refund.amount.amount, rule: refund.rule, onBehalfOf: onBehalfOf?.as },
        );
        await this.calendar.release(manager, id);
        await onBehalfOf?.audit?.(manager);
        const refundText = showMoney(refund.amount);
        const mails = await this.emails.send(
          manager,
          booking,
          (['guest', 'host'] as const).map((to) => ({
            to,
            template: 'booking-cancelled' as const,
            data: { cancelledBy: as, refund: refundText },
          })),
        );
        return { refundId, reversePayout, mails, listingId: booking.listingId, withdrawn: false };
      },
    );
    await this.emails.dispatch(mails);
    await this.cache.invalidateListing(listingId);
    if (withdrawn) await this.releaseNow(id);
    if (refundId) await this.jobs.refund(refundId);
    if (reversePayout) await this.paymentJobs.reversePayout(reversePayout);
    return this.get(actor, id);
  }

  /**
   * A host closes their account: their published listings are unlisted, their
   * stays not started yet are cancelled as host cancellations (refunded in
   * full, guests emailed), requests awaiting them are declined and bookings not
   * paid yet expire (authorisations released). Stays already under way run to
   * their end. Each step is its own transaction, so a retry after a crash
   * picks up what is left; the account is closed only after.
   */
  async hostLeaves(hostId: string): Promise<{ unlisted: number; ended: number }> {
    const host: BookingActor = { id: hostId, role: 'user' };
    const listings = (await this.dataSource.query(
      "SELECT id FROM listings WHERE host_id = $1 AND status = 'published'",
      [hostId],
    )) as { id: string }[];
    for (const { id } of listings)
      await this.listings.moderate(host, id, 'unpublish', () => Promise.resolve());
    const today = this.clock.now().toISOString().slice(0, 10);
    const open = (await this.dataSource.query(
      `SELECT id, status FROM bookings
        WHERE host_id = $1
          AND (status IN ('pending_payment', 'awaiting_host') OR (status = 'confirmed' AND check_in > $2))
        ORDER BY check_in`,
      [hostId, today],
    )) as { id: string; status: BookingStatus }[];
    const reason = 'the host closed their account';
    for (const booking of open) {
      if (booking.status === 'confirmed') await this.cancel(host, booking.id, { reason });
      else if (booking.status === 'awaiting_host') await this.decline(host, booking.id);
      else await this.lifecycle.expire(booking.id, { force: true, reason });
    }
    return { unlisted: listings.length, ended: open.length };
  }

  /** Releases a withdrawn request's authorisation at once; the job retries it if the provider is down. */
  private async releaseNow(bookingId: string): Promise<void> {
    try {
      await this.lifecycle.cancelPayment(bookingId);
    } catch (error) {
      this.logger.warn({ err: error, bookingId }, 'The authorisation is released by a job instead');
      await this.jobs.cancelPayment(bookingId);
    }
  }

  /** Every transition of a booking, oldest first (admins). */
  async history(id: string): Promise<BookingEventView[]> {
    const rows = (await this.dataSource.query(
      `SELECT event, from_status, to_status, actor_id, details, created_at
         FROM booking_events WHERE booking_id = $1 ORDER BY id`,
      [id],
    )) as {
      event: string;
      from_status: string | null;
      to_status: string;
      actor_id: string | null;
      details: Record<string, unknown>;
      created_at: Date;
    }[];
    return rows.map((r) => ({
      event: r.event,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorId: r.actor_id,
      details: JSON.stringify(r.details),
      at: r.created_at,
    }));
  }

  private canSee(actor: BookingActor, booking: Booking): boolean {
    return actor.role === 'admin' || this.partyOf(actor, booking) !== undefined;
  }

  private partyOf(actor: BookingActor, booking: Booking): 'guest' | 'host' | undefined {
    if (booking.guestId === actor.id) return 'guest';
    if (booking.hostId === actor.id) return 'host';
    return undefined;
  }

  /** Locks a booking for its host; its guest gets NOT_BOOKING_HOST, anyone else 404. */
  private async lockAsHost(manager: EntityManager, actor: BookingActor, id: string) {
    const booking = await lockBooking(manager, id);
    if (booking.hostId === actor.id) return booking;
    if (booking.guestId === actor.id)
      throw new DomainError(ErrorCode.NOT_BOOKING_HOST, 'Only the host answers a booking request');
    throw new NotFoundError('Booking', id);
  }

  private secretFor(actor: BookingActor, booking: Booking, payment: Payment) {
    if (actor.id !== booking.guestId) return undefined;
    const payable = booking.status === 'pending_payment' && PAYABLE.includes(payment.status);
    return {
      clientSecret: payable ? payment.clientSecret : null,
      publishableKey: this.provider.publishableKey,
    };
  }

  /** Views of bookings with their payment and refund (two queries for any number). */
  async views(
    bookings: Booking[],
    actor: BookingActor,
    manager: EntityManager,
  ): Promise<BookingView[]> {
    if (bookings.length === 0) return [];
    const ids = bookings.map((b) => b.id);
    const payments = await manager.getRepository(Payment).findBy({ bookingId: In(ids) });
    const refunds = await manager.getRepository(RefundRecord).findBy({ bookingId: In(ids) });
    return bookings.map((booking) => {
      const payment = payments.find((p) => p.bookingId === booking.id);
      return BookingView.of(
        booking,
        payment ? PaymentView.of(payment, this.secretFor(actor, booking, payment)) : null,
        refunds.find((r) => r.bookingId === booking.id) ?? null,
      );
    });
  }
}
