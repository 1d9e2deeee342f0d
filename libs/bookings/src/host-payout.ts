import { money, prorate, subtract, type Money } from '@app/core';
import { zonedInstant } from './local-date';

/** Hosts are paid this long after the guest's check-in time (Airbnb's habit: the stay has begun). */
export const PAYOUT_DELAY_MS = 24 * 3_600_000;

/** When a booking's payout falls due: 24 h after check-in, at the listing's check-in time in its time zone. */
export function payoutDueAt(stay: {
  checkIn: string;
  checkInTime: string;
  timezone: string;
}): Date {
  return new Date(
    zonedInstant(stay.checkIn, stay.checkInTime, stay.timezone).getTime() + PAYOUT_DELAY_MS,
  );
}

/** The part of a refund that came out of the subtotal (what the host's share is computed on). */
export interface RefundedSubtotal {
  nights: Money;
  cleaningFee: Money;
}

/**
 * What the host keeps after a refund: the host payout in proportion to the
 * subtotal the guest still pays for (nights and cleaning fee not refunded).
 * Service fees and taxes are the platform's, so refunding them changes
 * nothing for the host. One rounding, by the project's rule (prorate).
 */
export function payoutAfterRefund(
  hostPayout: Money,
  subtotal: Money,
  refunded: RefundedSubtotal,
): Money {
  if (subtotal.amount <= 0) return money(0, hostPayout.currency);
  const kept = subtract(subtract(subtotal, refunded.nights), refunded.cleaningFee);
  if (kept.amount <= 0) return money(0, hostPayout.currency);
  if (kept.amount >= subtotal.amount) return hostPayout;
  return prorate(hostPayout, kept.amount, subtotal.amount);
}
