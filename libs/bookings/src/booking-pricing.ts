import {
  add,
  allocate,
  currencyExponent,
  DomainError,
  ErrorCode,
  money,
  type Money,
  percentOf,
  subtract,
  times,
  ValidationFailedError,
  zero,
} from '@app/core';
import { addDays, datesBetween, daysBetween, isLocalDate } from './local-date';

/** What pricing needs to know of a listing. Amounts in minor units of `currency`. */
export interface ListingPricing {
  currency: string;
  nightlyPrice: number;
  cleaningFee: number;
  /** % off the nights for stays of 7 nights or more (0-100, up to 2 decimals). */
  weeklyDiscountPercent: number;
  /** % off the nights for stays of 28 nights or more. */
  monthlyDiscountPercent: number;
  /** Occupancy tax, % of the subtotal (nights after discount + cleaning fee). */
  occupancyTaxPercent: number;
  minNights: number;
  maxNights: number;
  maxGuests: number;
  /** Days ahead a stay may end (unset: no limit). */
  bookingWindowDays?: number;
}

/** The platform's fees, % of the subtotal (from GUEST_/HOST_SERVICE_FEE_PERCENT). */
export interface ServiceFees {
  guestServiceFeePercent: number;
  hostServiceFeePercent: number;
}

export const DEFAULT_SERVICE_FEES: Readonly<ServiceFees> = Object.freeze({
  guestServiceFeePercent: 14,
  hostServiceFeePercent: 3,
});

export interface StayRequest {
  /** `YYYY-MM-DD` in the listing's calendar. */
  checkIn: string;
  checkOut: string;
  guests: number;
}

export interface StayRules {
  /** Today in the listing's time zone (`localDateOf(clock.now(), timezone)`); check-in before it is refused. */
  today?: string;
}

export const WEEKLY_DISCOUNT_MIN_NIGHTS = 7;
export const MONTHLY_DISCOUNT_MIN_NIGHTS = 28;

export type PriceLineKind =
  | 'nights'
  | 'weekly_discount'
  | 'monthly_discount'
  | 'cleaning_fee'
  | 'guest_service_fee'
  | 'taxes';

export interface PriceLine {
  kind: PriceLineKind;
  /** Signed: a discount is negative. */
  amount: Money;
  /** Nights line: how many nights at which price; discount, fee and tax lines: the % applied. */
  quantity?: number;
  unitAmount?: Money;
  percent?: number;
}

/** One night of the stay and its price after the discount (what a partial refund counts). */
export interface NightPrice {
  date: string;
  amount: number;
}

export interface PriceQuote {
  currency: string;
  /** Minor-unit digits of the currency (JPY 0, USD 2, KWD 3), for display. */
  currencyExponent: number;
  checkIn: string;
  checkOut: string;
  nights: number;
  guests: number;
  /** Add up to `total`, always. */
  lines: PriceLine[];
  nightly: NightPrice[];
  /** Nights after discount + cleaning fee: the base of both service fees and of the taxes. */
  subtotal: Money;
  cleaningFee: Money;
  guestServiceFee: Money;
  taxes: Money;
  /** What the guest pays. */
  total: Money;
  hostServiceFee: Money;
  /** subtotal - host service fee: what the host is paid. Taxes are remitted by the platform. */
  hostPayout: Money;
}

function assertPercent(name: string, value: number): void {
  // Same tolerance as percentOf: 4.1 * 100 is 409.99999999999994 in binary.
  const ok =
    Number.isFinite(value) &&
    value >= 0 &&
    value <= 100 &&
    Math.abs(value * 100 - Math.round(value * 100)) <= 1e-9;
  if (!ok) throw new RangeError(`${name} must be 0-100 with at most 2 decimals, got ${value}`);
}

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** A listing's stored pricing is trusted data: a bad value is a bug, not a client error. */
function assertListingPricing(listing: ListingPricing, fees: ServiceFees): void {
  currencyExponent(listing.currency);
  assertCount('nightlyPrice', listing.nightlyPrice, 0);
  assertCount('cleaningFee', listing.cleaningFee, 0);
  assertPercent('weeklyDiscountPercent', listing.weeklyDiscountPercent);
  assertPercent('monthlyDiscountPercent', listing.monthlyDiscountPercent);
  assertPercent('occupancyTaxPercent', listing.occupancyTaxPercent);
  assertPercent('guestServiceFeePercent', fees.guestServiceFeePercent);
  assertPercent('hostServiceFeePercent', fees.hostServiceFeePercent);
  assertCount('minNights', listing.minNights, 1);
  assertCount('maxNights', listing.maxNights, listing.minNights);
  assertCount('maxGuests', listing.maxGuests, 1);
}

/**
 * Checks a stay against the listing's rules and returns its number of nights.
 * Each broken rule is a DomainError with its own stable code.
 */
export function validateStay(
  listing: Pick<ListingPricing, 'minNights' | 'maxNights' | 'maxGuests' | 'bookingWindowDays'>,
  stay: StayRequest,
  rules: StayRules = {},
): number {
  const badDates = (['checkIn', 'checkOut'] as const)
    .filter((field) => typeof stay[field] !== 'string' || !isLocalDate(stay[field]))
    .map((field) => ({ field, message: `${field} must be a calendar date (YYYY-MM-DD)` }));
  if (badDates.length > 0)
    throw new DomainError(ErrorCode.INVALID_DATE_RANGE, 'The stay dates are not valid dates', {
      fieldErrors: badDates,
    });
  const nights = daysBetween(stay.checkIn, stay.checkOut);
  if (nights < 1)
    throw new DomainError(ErrorCode.INVALID_DATE_RANGE, 'checkOut must be after checkIn', {
      fieldErrors: [{ field: 'checkOut', message: 'checkOut must be after checkIn' }],
    });
  if (rules.today !== undefined && daysBetween(rules.today, stay.checkIn) < 0)
    throw new DomainError(ErrorCode.CHECK_IN_IN_PAST, 'checkIn is in the past', {
      details: { today: rules.today },
    });
  const window = listing.bookingWindowDays;
  if (
    rules.today !== undefined &&
    window !== undefined &&
    daysBetween(rules.today, stay.checkOut) > window
  )
    throw new ValidationFailedError([
      {
        field: 'checkOut',
        message: `This place can be booked at most ${window} days ahead: check out by ${addDays(rules.today, window)} at the latest`,
      },
    ]);
  if (!Number.isSafeInteger(stay.guests) || stay.guests < 1)
    throw new ValidationFailedError([{ field: 'guests', message: 'guests must be at least 1' }]);
  if (nights < listing.minNights)
    throw new DomainError(
      ErrorCode.STAY_TOO_SHORT,
      `This place needs a stay of at least ${listing.minNights} nights`,
      { details: { nights, minNights: listing.minNights } },
    );
  if (nights > listing.maxNights)
    throw new DomainError(
      ErrorCode.STAY_TOO_LONG,
      `This place takes stays of at most ${listing.maxNights} nights`,
      { details: { nights, maxNights: listing.maxNights } },
    );
  if (stay.guests > listing.maxGuests)
    throw new DomainError(
      ErrorCode.TOO_MANY_GUESTS,
      `This place takes at most ${listing.maxGuests} guests`,
      { details: { guests: stay.guests, maxGuests: listing.maxGuests } },
    );
  return nights;
}

/** The length discount a stay earns: the larger of those it qualifies for (monthly wins a tie). */
function lengthDiscount(
  listing: ListingPricing,
  nights: number,
): { kind: 'weekly_discount' | 'monthly_discount'; percent: number } | undefined {
  const weekly = nights >= WEEKLY_DISCOUNT_MIN_NIGHTS ? listing.weeklyDiscountPercent : 0;
  const monthly = nights >= MONTHLY_DISCOUNT_MIN_NIGHTS ? listing.monthlyDiscountPercent : 0;
  if (monthly > 0 && monthly >= weekly) return { kind: 'monthly_discount', percent: monthly };
  if (weekly > 0) return { kind: 'weekly_discount', percent: weekly };
  return undefined;
}

/**
 * Prices a stay. Every percentage is applied once, with core money's single
 * rounding rule (half away from zero on minor units):
 *   nights          = nights x nightly price
 *   discount        = weekly or monthly % of nights
 *   subtotal        = nights - discount + cleaning fee
 *   guest fee       = guest service fee % of subtotal
 *   taxes           = occupancy tax % of subtotal (not of the service fee)
 *   total           = subtotal + guest fee + taxes = the sum of the lines
 *   host fee        = host service fee % of subtotal
 *   host payout     = subtotal - host fee
 */
export function priceStay(
  listing: ListingPricing,
  stay: StayRequest,
  fees: ServiceFees = DEFAULT_SERVICE_FEES,
  rules: StayRules = {},
): PriceQuote {
  assertListingPricing(listing, fees);
  const nights = validateStay(listing, stay, rules);
  const { currency } = listing;
  const nightly = money(listing.nightlyPrice, currency);
  const nightsAmount = times(nightly, nights);
  const lines: PriceLine[] = [
    { kind: 'nights', amount: nightsAmount, quantity: nights, unitAmount: nightly },
  ];

  const discountRule = lengthDiscount(listing, nights);
  const discount = discountRule ? percentOf(nightsAmount, discountRule.percent) : zero(currency);
  if (discountRule && discount.amount > 0)
    lines.push({
      kind: discountRule.kind,
      amount: money(-discount.amount, currency),
      percent: discountRule.percent,
    });
  const nightsAfterDiscount = subtract(nightsAmount, discount);

  const cleaningFee = money(listing.cleaningFee, currency);
  if (cleaningFee.amount > 0) lines.push({ kind: 'cleaning_fee', amount: cleaningFee });
  const subtotal = add(nightsAfterDiscount, cleaningFee);

  const guestServiceFee = percentOf(subtotal, fees.guestServiceFeePercent);
  if (guestServiceFee.amount > 0)
    lines.push({
      kind: 'guest_service_fee',
      amount: guestServiceFee,
      percent: fees.guestServiceFeePercent,
    });
  const taxes = percentOf(subtotal, listing.occupancyTaxPercent);
  if (taxes.amount > 0)
    lines.push({ kind: 'taxes', amount: taxes, percent: listing.occupancyTaxPercent });

  const total = add(zero(currency), ...lines.map((line) => line.amount));
  const hostServiceFee = percentOf(subtotal, fees.hostServiceFeePercent);
  const dates = datesBetween(stay.checkIn, stay.checkOut);
  // The discounted nights spread evenly; a leftover minor unit goes to the first nights.
  const nightlyAmounts = allocate(
    nightsAfterDiscount,
    dates.map(() => 1),
  );

  return {
    currency,
    currencyExponent: currencyExponent(currency),
    checkIn: stay.checkIn,
    checkOut: stay.checkOut,
    nights,
    guests: stay.guests,
    lines,
    nightly: dates.map((date, i) => ({ date, amount: nightlyAmounts[i].amount })),
    subtotal,
    cleaningFee,
    guestServiceFee,
    taxes,
    total,
    hostServiceFee,
    hostPayout: subtract(subtotal, hostServiceFee),
  };
}
