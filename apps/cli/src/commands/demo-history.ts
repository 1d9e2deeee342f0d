import {
  addDays,
  localDateOf,
  payoutAfterRefund,
  payoutDueAt,
  priceStay,
  refundForCancellation,
  zonedInstant,
  HOST_ANSWER_WINDOW_MS,
  type CancellationPolicy,
  type CancellationSnapshot,
  type PriceQuote,
  type ServiceFees,
} from '@app/bookings';
import { type CountedReview, REVIEW_WINDOW_DAYS } from '@app/reviews';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A stable id per demo row, so a second seed finds the first one's rows. */
export function demoRowId(name: string): string {
  const h = createHash('sha256').update(`demo-history-${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface DemoListing {
  id: string;
  currency: string;
  nightly_price: number;
  cleaning_fee: number;
  weekly_discount_percent: string;
  monthly_discount_percent: string;
  occupancy_tax_percent: string;
  min_nights: number;
  max_nights: number;
  max_guests: number;
  timezone: string;
  check_in_time: string;
  check_out_time: string;
  cancellation_policy: CancellationPolicy;
}

export interface DemoHistoryInput {
  guestId: string;
  hostId: string;
  now: Date;
  fees: ServiceFees;
  /** Pending and upcoming stays hold a card payment: only the offline provider can act on them later. */
  localPayments: boolean;
}

/** What the history seed wrote, by booking id, for the log and the tests. */
export interface DemoHistory {
  pastStays: string[];
  awaitingReviews?: string;
  pendingRequest?: string;
  upcomingStay?: string;
  cancelled?: string;
  refundedDuringStay?: string;
}

interface StayRow {
  name: string;
  listing: DemoListing;
  /** Check-in, in days from today (negative: in the past). */
  fromToday: number;
  nights: number;
  bookedDaysBefore: number;
}

/**
 * The demo's history, written as the rows the app itself would have written
 * by now (never by moving a clock): past stays reviewed by both sides, a
 * finished stay whose review window is open, a request waiting for the host,
 * an upcoming stay, a cancelled booking with its refund, and a payout in each
 * state. Every amount comes from the same pure functions the app uses (price,
 * refund, host payout). Written once: nothing is added if the first row exists.
 */
export async function seedDemoHistory(
  manager: EntityManager,
  input: DemoHistoryInput,
): Promise<{ history: DemoHistory; reviews: CountedReview[] } | undefined> {
  const firstId = demoRowId('past-1');
  const exists = (await manager.query('SELECT 1 FROM bookings WHERE id = $1', [firstId])) as [];
  if (exists.length > 0) return undefined;
  const listings = (await manager.query(
    `SELECT id, currency, nightly_price, cleaning_fee, weekly_discount_percent, monthly_discount_percent,
       occupancy_tax_percent, min_nights, max_nights, max_guests, timezone, check_in_time, check_out_time,
       cancellation_policy
     FROM listings WHERE host_id = $1 AND status = 'published' ORDER BY created_at, id LIMIT 4`,
    [input.hostId],
  )) as DemoListing[];
  if (listings.length < 4) return undefined;
  const { now } = input;
  const today = localDateOf(now, 'UTC');
  const reviews: CountedReview[] = [];
  const history: DemoHistory = { pastStays: [] };

  const stay = (row: StayRow) => {
    const l = row.listing;
    const checkIn = addDays(today, row.fromToday);
    const checkOut = addDays(checkIn, row.nights);
    const quote = priceStay(
      {
        currency: l.currency,
        nightlyPrice: Number(l.nightly_price),
        cleaningFee: Number(l.cleaning_fee),
        weeklyDiscountPercent: Number(l.weekly_discount_percent),
        monthlyDiscountPercent: Number(l.monthly_discount_percent),
        occupancyTaxPercent: Number(l.occupancy_tax_percent),
        minNights: l.min_nights,
        maxNights: l.max_nights,
        maxGuests: l.max_guests,
      },
      { checkIn, checkOut, guests: Math.min(2, l.max_guests) },
      input.fees,
    );
    const bookedAt = new Date(
      zonedInstant(checkIn, l.check_in_time, l.timezone).getTime() - row.bookedDaysBefore * DAY,
    );
    const snapshot: CancellationSnapshot = {
      currency: quote.currency,
      checkIn,
      checkOut,
      checkInTime: l.check_in_time,
      timezone: l.timezone,
      nightlyAmounts: quote.nightly.map((n) => n.amount),
      cleaningFee: quote.cleaningFee.amount,
      guestServiceFee: quote.guestServiceFee.amount,
      taxes: quote.taxes.amount,
      bookedAt,
    };
    return {
      id: demoRowId(row.name),
      listing: l,
      checkIn,
      checkOut,
      quote,
      bookedAt,
      snapshot,
      checkInAt: zonedInstant(checkIn, l.check_in_time, l.timezone),
      checkOutAt: zonedInstant(checkOut, l.check_out_time, l.timezone),
      payoutDue: payoutDueAt({ checkIn, checkInTime: l.check_in_time, timezone: l.timezone }),
    };
  };
  type Stay = ReturnType<typeof stay>;

  const insertBooking = async (
    s: Stay,
    status: string,
    extra: Record<string, unknown>,
    mode: 'instant' | 'request' = 'request',
  ) => {
    const columns: Record<string, unknown> = {
      id: s.id,
      listing_id: s.listing.id,
      guest_id: input.guestId,
      host_id: input.hostId,
      check_in: s.checkIn,
      check_out: s.checkOut,
      guests: s.quote.guests,
      mode,
      status,
      currency: s.quote.currency,
      total: s.quote.total.amount,
      host_payout: s.quote.hostPayout.amount,
      price: JSON.stringify(s.quote satisfies PriceQuote),
      cancellation_policy: s.listing.cancellation_policy,
      cancellation: JSON.stringify({ ...s.snapshot, bookedAt: s.bookedAt.toISOString() }),
      message: 'Looking forward to the stay!',
      created_at: s.bookedAt,
      updated_at: now,
      ...extra,
    };
    const names = Object.keys(columns);
    await manager.query(
      `INSERT INTO bookings (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(columns),
    );
  };
  const insertPayment = async (
    s: Stay,
    status: string,
    captured: number,
    refunded: number,
    captureMethod: 'automatic' | 'manual' = 'manual',
  ) => {
    const paymentId = demoRowId(`${s.id}-payment`);
    const ref = `local_pi_${paymentId.replace(/-/g, '')}`;
    await manager.query(
      `INSERT INTO payments (id, booking_id, provider, provider_ref, capture_method, status, amount, currency,
         amount_captured, amount_refunded, created_at, updated_at)
       VALUES ($1, $2, 'local', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        paymentId,
        s.id,
        ref,
        captureMethod,
        status,
        s.quote.total.amount,
        s.quote.currency,
        captured,
        refunded,
        s.bookedAt,
        now,
      ],
    );
    // The offline provider's side of the same payment, so a later capture or refund finds it.
    await manager.query(
      `INSERT INTO local_payment_intents (ref, amount, currency, capture_method, status, captured, metadata, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        ref,
        s.quote.total.amount,
        s.quote.currency,
        captureMethod,
        status === 'authorized' ? 'authorized' : 'succeeded',
        captured,
        JSON.stringify({ bookingId: s.id, paymentId }),
        s.bookedAt,
      ],
    );
    return paymentId;
  };
  const insertPayout = async (
    s: Stay,
    status: string,
    amount: number,
    extra: Record<string, unknown>,
  ) => {
    const columns: Record<string, unknown> = {
      id: demoRowId(`${s.id}-payout`),
      booking_id: s.id,
      host_id: input.hostId,
      status,
      gross_amount: s.quote.hostPayout.amount,
      amount,
      currency: s.quote.currency,
      due_at: s.payoutDue,
      created_at: s.bookedAt,
      updated_at: now,
      ...extra,
    };
    const names = Object.keys(columns);
    await manager.query(
      `INSERT INTO payouts (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(columns),
    );
  };
  const hold = (s: Stay) =>
    manager.query(
      `INSERT INTO listing_calendar_holds (listing_id, during, kind, booking_id)
       VALUES ($1, daterange($2::date, $3::date, '[)'), 'booking', $4)`,
      [s.listing.id, s.checkIn, s.checkOut, s.id],
    );
  const paidPayout = (s: Stay) => ({
    transferred_amount: s.quote.hostPayout.amount,
    destination_account: 'acct_demo_host',
    transfer_ref: `local_tr_${s.id.slice(0, 8)}`,
    paid_at: new Date(s.payoutDue.getTime() + HOUR),
  });
  const completedStay = async (s: Stay, payout: 'paid' | 'due') => {
    await insertBooking(s, 'completed', {
      paid_at: s.bookedAt,
      authorized_at: s.bookedAt,
      confirmed_at: new Date(s.bookedAt.getTime() + 2 * HOUR),
      completed_at: s.checkOutAt,
    });
    await hold(s);
    await insertPayment(s, 'succeeded', s.quote.total.amount, 0);
    await insertPayout(
      s,
      payout,
      s.quote.hostPayout.amount,
      payout === 'paid' ? paidPayout(s) : {},
    );
  };

  // Two past stays, reviewed by both sides; the reviews were published when the second came in.
  const texts = [
    [
      'Spotless, quiet and exactly as pictured. Henry left a great list of cafés nearby.',
      'Grace left the place tidy and communicated clearly. Welcome back any time.',
    ],
    [
      'Lovely light in the mornings and an easy check-in. Would stay again.',
      'A considerate guest: followed the house rules and checked out on time.',
    ],
  ];
  for (const [i, fromToday] of [-75, -40].entries()) {
    const s = stay({
      name: `past-${i + 1}`,
      listing: listings[i],
      fromToday,
      nights: 3 + i,
      bookedDaysBefore: 21,
    });
    await completedStay(s, 'paid');
    const guestAt = new Date(s.checkOutAt.getTime() + (1 + i) * DAY);
    const hostAt = new Date(s.checkOutAt.getTime() + 2 * DAY);
    const publishedAt = new Date(Math.max(guestAt.getTime(), hostAt.getTime()));
    const guestReview: CountedReview = {
      listingId: s.listing.id,
      subjectId: input.hostId,
      authorRole: 'guest',
      overall: 5 - i,
      cleanliness: 5,
      accuracy: 5 - i,
      communication: 5,
      location: 4,
      checkIn: 5,
      value: 4 + (1 - i),
      wouldHostAgain: null,
    };
    const hostReview: CountedReview = {
      listingId: s.listing.id,
      subjectId: input.guestId,
      authorRole: 'host',
      overall: 5,
      cleanliness: null,
      accuracy: null,
      communication: null,
      location: null,
      checkIn: null,
      value: null,
      wouldHostAgain: true,
    };
    for (const [r, authorId, text, at] of [
      [guestReview, input.guestId, texts[i][0], guestAt],
      [hostReview, input.hostId, texts[i][1], hostAt],
    ] as const) {
      await manager.query(
        `INSERT INTO reviews (id, booking_id, listing_id, author_id, subject_id, author_role, overall, cleanliness,
           accuracy, communication, location, check_in, value, would_host_again, text, submitted_at, published_at,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16, $17)`,
        [
          demoRowId(`${s.id}-review-${r.authorRole}`),
          s.id,
          s.listing.id,
          authorId,
          r.subjectId,
          r.authorRole,
          r.overall,
          r.cleanliness,
          r.accuracy,
          r.communication,
          r.location,
          r.checkIn,
          r.value,
          r.wouldHostAgain,
          text,
          at,
          publishedAt,
        ],
      );
      reviews.push(r);
    }
    await manager.query(
      `INSERT INTO review_windows (booking_id, listing_id, guest_id, host_id, opens_at, closes_at,
         open_reminder_at, closed_at, closed_because)
       VALUES ($1, $2, $3, $4, $5, $6, $5, $7, 'both_reviewed')`,
      [
        s.id,
        s.listing.id,
        input.guestId,
        input.hostId,
        s.checkOutAt,
        new Date(s.checkOutAt.getTime() + REVIEW_WINDOW_DAYS * DAY),
        publishedAt,
      ],
    );
    history.pastStays.push(s.id);
  }

  // A stay that ended two days ago: both can review it now. Its payout waits for the host's payout account.
  const awaiting = stay({
    name: 'awaiting-reviews',
    listing: listings[2],
    fromToday: -5,
    nights: 3,
    bookedDaysBefore: 30,
  });
  await completedStay(awaiting, 'due');
  await manager.query(
    `INSERT INTO review_windows (booking_id, listing_id, guest_id, host_id, opens_at, closes_at, open_reminder_at)
     VALUES ($1, $2, $3, $4, $5, $6, $5)`,
    [
      awaiting.id,
      awaiting.listing.id,
      input.guestId,
      input.hostId,
      awaiting.checkOutAt,
      new Date(awaiting.checkOutAt.getTime() + REVIEW_WINDOW_DAYS * DAY),
    ],
  );
  history.awaitingReviews = awaiting.id;

  // Cancelled by the guest well ahead of check-in: the policy's full refund, so the payout was cancelled.
  const cancelled = stay({
    name: 'cancelled',
    listing: listings[3],
    fromToday: 45,
    nights: 2,
    bookedDaysBefore: 49,
  });
  const cancelledAt = new Date(cancelled.bookedAt.getTime() + DAY);
  const refund = refundForCancellation(
    cancelled.listing.cancellation_policy,
    cancelled.snapshot,
    cancelledAt,
    'guest',
  );
  const kept = payoutAfterRefund(
    cancelled.quote.hostPayout,
    cancelled.quote.subtotal,
    refund.breakdown,
  );
  await insertBooking(cancelled, 'cancelled_by_guest', {
    paid_at: cancelled.bookedAt,
    authorized_at: cancelled.bookedAt,
    confirmed_at: new Date(cancelled.bookedAt.getTime() + 2 * HOUR),
    cancelled_at: cancelledAt,
    cancelled_by: 'guest',
    cancellation_reason: 'Our plans changed.',
  });
  const refundedAll = refund.amount.amount === cancelled.quote.total.amount;
  const cancelledPayment = await insertPayment(
    cancelled,
    refundedAll ? 'refunded' : 'partially_refunded',
    cancelled.quote.total.amount,
    refund.amount.amount,
  );
  await manager.query(
    `INSERT INTO refunds (id, payment_id, booking_id, amount, currency, status, provider_ref, reason, breakdown, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'succeeded', $6, $7, $8, $9, $9)`,
    [
      demoRowId(`${cancelled.id}-refund`),
      cancelledPayment,
      cancelled.id,
      refund.amount.amount,
      refund.amount.currency,
      `local_re_${cancelled.id.slice(0, 8)}`,
      refund.rule,
      JSON.stringify({ ...refund.breakdown, nightsUsed: refund.nightsUsed }),
      cancelledAt,
    ],
  );
  await insertPayout(cancelled, kept.amount === 0 ? 'canceled' : 'scheduled', kept.amount, {});
  history.cancelled = cancelled.id;

  // Refunded in full by the platform during the stay, after the host had been paid: the payout was reversed.
  const reversed = stay({
    name: 'refunded-during-stay',
    listing: listings[0],
    fromToday: -20,
    nights: 5,
    bookedDaysBefore: 14,
  });
  const reversedAt = new Date(reversed.checkInAt.getTime() + 2 * DAY);
  const fullRefund = refundForCancellation(
    reversed.listing.cancellation_policy,
    reversed.snapshot,
    reversedAt,
    'host',
  );
  await insertBooking(reversed, 'cancelled_by_host', {
    paid_at: reversed.bookedAt,
    authorized_at: reversed.bookedAt,
    confirmed_at: new Date(reversed.bookedAt.getTime() + 2 * HOUR),
    cancelled_at: reversedAt,
    cancelled_by: 'admin',
    cancellation_reason: 'The heating failed and could not be repaired during the stay.',
  });
  const reversedPayment = await insertPayment(
    reversed,
    'refunded',
    reversed.quote.total.amount,
    reversed.quote.total.amount,
  );
  await manager.query(
    `INSERT INTO refunds (id, payment_id, booking_id, amount, currency, status, provider_ref, reason, breakdown, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'succeeded', $6, 'admin_full_refund', $7, $8, $8)`,
    [
      demoRowId(`${reversed.id}-refund`),
      reversedPayment,
      reversed.id,
      fullRefund.amount.amount,
      reversed.quote.currency,
      `local_re_${reversed.id.slice(0, 8)}`,
      JSON.stringify({ ...fullRefund.breakdown, nightsUsed: fullRefund.nightsUsed }),
      reversedAt,
    ],
  );
  await insertPayout(reversed, 'reversed', 0, {
    ...paidPayout(reversed),
    reversed_amount: reversed.quote.hostPayout.amount,
    reversal_ref: `local_trr_${reversed.id.slice(0, 8)}`,
    reversed_at: new Date(reversedAt.getTime() + HOUR),
  });
  history.refundedDuringStay = reversed.id;

  if (input.localPayments) {
    // An upcoming confirmed stay: its dates are held and its payout is scheduled for after check-in.
    const upcoming = stay({
      name: 'upcoming',
      listing: listings[1],
      fromToday: 14,
      nights: 2,
      bookedDaysBefore: 20,
    });
    await insertBooking(upcoming, 'confirmed', {
      paid_at: upcoming.bookedAt,
      authorized_at: upcoming.bookedAt,
      confirmed_at: new Date(upcoming.bookedAt.getTime() + 2 * HOUR),
    });
    await hold(upcoming);
    await insertPayment(upcoming, 'succeeded', upcoming.quote.total.amount, 0);
    await insertPayout(upcoming, 'scheduled', upcoming.quote.hostPayout.amount, {});
    history.upcomingStay = upcoming.id;

    // A request made an hour ago: the card is authorised and the host has until tomorrow to answer.
    const request = stay({
      name: 'pending-request',
      listing: listings[2],
      fromToday: 30,
      nights: 3,
      bookedDaysBefore: 0,
    });
    const requestedAt = new Date(now.getTime() - HOUR);
    request.bookedAt = requestedAt;
    request.snapshot.bookedAt = requestedAt;
    await insertBooking(request, 'awaiting_host', {
      authorized_at: requestedAt,
      created_at: requestedAt,
      deadline_at: new Date(requestedAt.getTime() + HOST_ANSWER_WINDOW_MS),
    });
    await hold(request);
    await insertPayment(request, 'authorized', 0, 0);
    history.pendingRequest = request.id;
  }
  return { history, reviews };
}
