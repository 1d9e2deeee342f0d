import { PAYMENT_RECORD_STATUSES, type PaymentRecordStatus } from './payment.entity';
import type { ProviderPaymentStatus } from './payment-provider';

/** What can happen to our record of a payment. */
export const PAYMENT_EVENTS = [
  /** The card was declined or the payment failed. */
  'failed',
  /** The guest may try to pay again after a failure. */
  'retried',
  /** Request to book: the amount is held on the card, not taken yet. */
  'authorized',
  /** The money was taken (instant book, or a request's authorisation captured). */
  'captured',
  /** Released before any charge (declined, expired, withdrawn, or lapsed at the provider). */
  'canceled',
  /** Some of the captured amount went back to the guest. */
  'partially_refunded',
  /** All of the captured amount went back to the guest. */
  'refunded',
] as const;
export type PaymentEventName = (typeof PAYMENT_EVENTS)[number];

/** Every allowed transition of a payment; anything missing here is refused. */
export const PAYMENT_TRANSITIONS: Readonly<
  Record<PaymentRecordStatus, Readonly<Partial<Record<PaymentEventName, PaymentRecordStatus>>>>
> = Object.freeze({
  requires_payment: {
    failed: 'failed',
    authorized: 'authorized',
    captured: 'succeeded',
    canceled: 'canceled',
  },
  failed: {
    retried: 'requires_payment',
    authorized: 'authorized',
    captured: 'succeeded',
    canceled: 'canceled',
  },
  authorized: {
    captured: 'succeeded',
    canceled: 'canceled',
  },
  succeeded: {
    partially_refunded: 'partially_refunded',
    refunded: 'refunded',
  },
  partially_refunded: {
    partially_refunded: 'partially_refunded',
    refunded: 'refunded',
  },
  canceled: {},
  refunded: {},
});

export type PaymentTransition =
  | {
      outcome: 'changed';
      event: PaymentEventName;
      from: PaymentRecordStatus;
      to: PaymentRecordStatus;
    }
  /** The payment already is where this event leads (a repeated webhook or job). */
  | { outcome: 'repeat'; event: PaymentEventName; status: PaymentRecordStatus }
  /** Old or impossible news (a late "authorised" for a captured payment): the caller ignores it. */
  | { outcome: 'refused'; event: PaymentEventName; status: PaymentRecordStatus };

/**
 * What `event` does to a payment in `status`. Never throws: payment news comes
 * from providers and jobs, late and out of order, so a refused transition is a
 * fact for the caller to log and skip, not a user's mistake.
 */
export function transitionPayment(
  status: PaymentRecordStatus,
  event: PaymentEventName,
): PaymentTransition {
  const to = PAYMENT_TRANSITIONS[status][event];
  if (to && (to !== status || event === 'partially_refunded'))
    return { outcome: 'changed', event, from: status, to };
  if (to === status) return { outcome: 'repeat', event, status };
  const leadsHere = PAYMENT_RECORD_STATUSES.some((s) => PAYMENT_TRANSITIONS[s][event] === status);
  return { outcome: leadsHere ? 'repeat' : 'refused', event, status };
}

/** The event a provider's view of a payment stands for. */
export function paymentEventOf(status: ProviderPaymentStatus): PaymentEventName {
  switch (status) {
    case 'requires_payment':
      return 'retried';
    case 'failed':
      return 'failed';
    case 'authorized':
      return 'authorized';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      return 'canceled';
  }
}

/** The refund event for a payment once `refunded` of its `captured` amount went back. */
export function refundEventOf(refunded: number, captured: number): PaymentEventName {
  return refunded >= captured ? 'refunded' : 'partially_refunded';
}

/** Statuses in which the provider may still take money (nothing captured, nothing released). */
export function isOpen(status: PaymentRecordStatus): boolean {
  return status === 'requires_payment' || status === 'failed' || status === 'authorized';
}
