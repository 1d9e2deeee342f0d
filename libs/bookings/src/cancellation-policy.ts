import { add, assertUnreachable, money, type Money, percentOf, prorate, zero } from '@app/core';
import type { PriceQuote } from './booking-pricing';
import { addDays, daysBetween, isTimeOfDay, isTimeZone, zonedInstant } from './local-date';

export const CANCELLATION_POLICIES = ['flexible', 'moderate', 'firm', 'strict'] as const;
export type CancellationPolicy = (typeof CANCELLATION_POLICIES)[number];

export type CancelledBy = 'guest' | 'host';

/** Listings that do not say otherwise let guests in from 15:00 local time. */
export const DEFAULT_CHECK_IN_TIME = '15:00';

/** What a booking keeps of its price and listing at booking time; amounts in minor units. */
export interface CancellationSnapshot {
  currency: string;
  /** `YYYY-MM-DD` in the listing's calendar. */
  checkIn: string;
  checkOut: string;
  /** `HH:mm` local; default 15:00. Every deadline is this wall-clock time on some date. */
  checkInTime?: string;
  /** The listing's IANA time zone. */
  timezone: string;
  /** Price of each night after the length discount, in stay order (PriceQuote.nightly). */
  nightlyAmounts: readonly number[];
  cleaningFee: number;
  guestServiceFee: number;
  taxes: number;
  bookedAt: Date;
}

/** The snapshot a booking keeps of its quote and of the listing's clock. */
export function cancellationSnapshotOf(
  quote: PriceQuote,
  listing: { timezone: string; checkInTime?: string },
  bookedAt: Date,
): CancellationSnapshot {
  return {
    currency: quote.currency,
    checkIn: quote.checkIn,
    checkOut: quote.checkOut,
    checkInTime: listing.checkInTime ?? DEFAULT_CHECK_IN_TIME,
    timezone: listing.timezone,
    nightlyAmounts: quote.nightly.map((night) => night.amount),
    cleaningFee: quote.cleaningFee.amount,
    guestServiceFee: quote.guestServiceFee.amount,
    taxes: quote.taxes.amount,
    bookedAt,
  };
}

export type RefundRule =
  | 'host_cancellation'
  | 'full_refund'
  | 'unused_nights_minus_one'
  | 'half_of_unused_nights'
  | 'no_nights_refunded';

export interface RefundBreakdown {
  nights: Money;
  cleaningFee: Money;
  guestServiceFee: Money;
  taxes: Money;
}

export interface Refund {
  /** The sum of the breakdown. */
  amount: Money;
  breakdown: RefundBreakdown;
  rule: RefundRule;
  /** Nights whose local check-in time had passed when the booking was cancelled. */
  nightsUsed: number;
}

const HOUR_MS = 3_600_000;

/** Days before check-in (at the local check-in time) each policy's tiers end. */
const FULL_REFUND_DAYS: Record<CancellationPolicy, number> = {
  flexible: 1,
  moderate: 5,
  firm: 30,
  strict: 14,
};
const HALF_REFUND_DAYS = 7;
const STRICT_GRACE_HOURS = 48;

function assertSnapshot(s: CancellationSnapshot, cancelledAt: Date): string {
  const checkInTime = s.checkInTime ?? DEFAULT_CHECK_IN_TIME;
  if (!isTimeOfDay(checkInTime)) throw new RangeError(`checkInTime is not HH:mm: ${checkInTime}`);
  if (!isTimeZone(s.timezone)) throw new RangeError(`Unknown time zone: ${s.timezone}`);
  const nights = daysBetween(s.checkIn, s.checkOut);
  if (nights < 1 || s.nightlyAmounts.length !== nights)
    throw new RangeError(`Expected ${nights} nightly amounts, got ${s.nightlyAmounts.length}`);
  const amounts = [...s.nightlyAmounts, s.cleaningFee, s.guestServiceFee, s.taxes];
  if (!amounts.every((a) => Number.isSafeInteger(a) && a >= 0))
    throw new RangeError('Snapshot amounts must be non-negative integers of minor units');
  if (Number.isNaN(cancelledAt.getTime()) || cancelledAt.getTime() < s.bookedAt.getTime())
    throw new RangeError('A booking cannot be cancelled before it was made');
  return checkInTime;
}

/**
 * The refund of a cancelled booking (Airbnb's standard policies). Every
 * deadline is the listing's check-in time, in its time zone, N days before
 * the check-in date; "until" includes the deadline itself.
 *   flexible  full refund until 1 day before; then the unused nights minus one
 *   moderate  full refund until 5 days before; then 50 % of the unused nights
 *   firm      full refund until 30 days before, 50 % until 7 days before, then none
 *   strict    full refund within 48 h of booking if check-in is still at least
 *             14 days away, 50 % until 7 days before, then none
 * A full refund returns everything the guest paid. Otherwise the cleaning fee
 * comes back only if no night was used, the guest service fee never, and the
 * taxes in proportion to the refunded nights and cleaning fee. A night is used
 * once its local check-in time has passed. A host cancellation refunds everything.
 */
export function refundForCancellation(
  policy: CancellationPolicy,
  snapshot: CancellationSnapshot,
  cancelledAt: Date,
  cancelledBy: CancelledBy,
): Refund {
  const checkInTime = assertSnapshot(snapshot, cancelledAt);
  const { currency, nightlyAmounts } = snapshot;
  const at = cancelledAt.getTime();
  const localCheckIn = (daysFromCheckIn: number) =>
    zonedInstant(addDays(snapshot.checkIn, daysFromCheckIn), checkInTime, snapshot.timezone);
  const until = (daysBefore: number) => at <= localCheckIn(-daysBefore).getTime();

  const nightsUsed = nightlyAmounts.filter((_, i) => at > localCheckIn(i).getTime()).length;
  const sum = (amounts: readonly number[]) =>
    money(
      amounts.reduce((s, a) => s + a, 0),
      currency,
    );
  const allNights = sum(nightlyAmounts);
  const unusedNights = sum(nightlyAmounts.slice(nightsUsed));

  const everything = (rule: RefundRule): Refund =>
    refund(rule, nightsUsed, {
      nights: allNights,
      cleaningFee: money(snapshot.cleaningFee, currency),
      guestServiceFee: money(snapshot.guestServiceFee, currency),
      taxes: money(snapshot.taxes, currency),
    });
  const partial = (rule: RefundRule, nights: Money): Refund => {
    const cleaningFee = money(nightsUsed === 0 ? snapshot.cleaningFee : 0, currency);
    const taxableRefund = nights.amount + cleaningFee.amount;
    const taxableTotal = allNights.amount + snapshot.cleaningFee;
    const taxes =
      taxableTotal === 0
        ? zero(currency)
        : prorate(money(snapshot.taxes, currency), taxableRefund, taxableTotal);
    return refund(rule, nightsUsed, {
      nights,
      cleaningFee,
      guestServiceFee: zero(currency),
      taxes,
    });
  };

  if (cancelledBy === 'host') return everything('host_cancellation');
  switch (policy) {
    case 'flexible':
      if (until(FULL_REFUND_DAYS.flexible)) return everything('full_refund');
      return partial('unused_nights_minus_one', sum(nightlyAmounts.slice(nightsUsed + 1)));
    case 'moderate':
      if (until(FULL_REFUND_DAYS.moderate)) return everything('full_refund');
      return partial('half_of_unused_nights', percentOf(unusedNights, 50));
    case 'firm':
      if (until(FULL_REFUND_DAYS.firm)) return everything('full_refund');
      if (until(HALF_REFUND_DAYS))
        return partial('half_of_unused_nights', percentOf(unusedNights, 50));
      return partial('no_nights_refunded', zero(currency));
    case 'strict':
      if (
        at - snapshot.bookedAt.getTime() <= STRICT_GRACE_HOURS * HOUR_MS &&
        until(FULL_REFUND_DAYS.strict)
      )
        return everything('full_refund');
      if (until(HALF_REFUND_DAYS))
        return partial('half_of_unused_nights', percentOf(unusedNights, 50));
      return partial('no_nights_refunded', zero(currency));
    default:
      return assertUnreachable(policy);
  }
}

function refund(rule: RefundRule, nightsUsed: number, breakdown: RefundBreakdown): Refund {
  const { nights, cleaningFee, guestServiceFee, taxes } = breakdown;
  return { amount: add(nights, cleaningFee, guestServiceFee, taxes), breakdown, rule, nightsUsed };
}
