import { DomainError, ErrorCode } from '@app/core';

export const BOOKING_STATUSES = [
  'pending_payment',
  'awaiting_host',
  'confirmed',
  'declined',
  'expired',
  'cancelled_by_guest',
  'cancelled_by_host',
  'completed',
  'withdrawn',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** What can happen to a booking. */
export const BOOKING_EVENTS = [
  /** Instant book: the payment went through. */
  'payment_succeeded',
  /** Request to book: the payment is authorised, waiting for the host. */
  'payment_authorized',
  /** The host accepts a request (the payment is captured). */
  'host_accepted',
  /** The host declines a request (the authorisation is voided). */
  'host_declined',
  /** Unpaid after 15 min, or a request unanswered for 24 h. */
  'deadline_passed',
  /** Refund by the listing's policy. */
  'guest_cancelled',
  /** Refund in full. */
  'host_cancelled',
  /** Check-out has passed in the listing's time zone. */
  'checked_out',
  /** The provider cancelled the payment before any charge (an authorisation lapsed or was released). */
  'payment_canceled',
  /** The guest withdraws a request before it is confirmed (nothing charged, the authorisation released). */
  'guest_withdrew',
] as const;
export type BookingEvent = (typeof BOOKING_EVENTS)[number];

/** Every allowed transition; anything missing here is refused. */
export const BOOKING_TRANSITIONS: Readonly<
  Record<BookingStatus, Readonly<Partial<Record<BookingEvent, BookingStatus>>>>
> = Object.freeze({
  pending_payment: {
    payment_succeeded: 'confirmed',
    payment_authorized: 'awaiting_host',
    deadline_passed: 'expired',
    payment_canceled: 'expired',
    guest_withdrew: 'withdrawn',
  },
  awaiting_host: {
    host_accepted: 'confirmed',
    host_declined: 'declined',
    deadline_passed: 'expired',
    payment_canceled: 'expired',
    guest_withdrew: 'withdrawn',
  },
  confirmed: {
    guest_cancelled: 'cancelled_by_guest',
    host_cancelled: 'cancelled_by_host',
    checked_out: 'completed',
    // An accepted request whose authorisation was cancelled before its capture: never paid.
    payment_canceled: 'expired',
  },
  declined: {},
  expired: {},
  cancelled_by_guest: {},
  cancelled_by_host: {},
  completed: {},
  withdrawn: {},
});

export type BookingTransition =
  | { changed: true; event: BookingEvent; from: BookingStatus; to: BookingStatus }
  /** The event already happened (a retried job, a repeated webhook): nothing to do. */
  | { changed: false; event: BookingEvent; status: BookingStatus };

/** The statuses an event leads to, from any status. */
function targetsOf(event: BookingEvent): BookingStatus[] {
  return BOOKING_STATUSES.flatMap((from) => {
    const to = BOOKING_TRANSITIONS[from][event];
    return to ? [to] : [];
  });
}

/**
 * What an event does to a booking in `status`: the next status, a no-op when
 * the booking already is where this event leads (repeats are harmless), or
 * DomainError(INVALID_STATE) (409) when the table does not allow it.
 */
export function transitionBooking(status: BookingStatus, event: BookingEvent): BookingTransition {
  const to = BOOKING_TRANSITIONS[status][event];
  if (to) return { changed: true, event, from: status, to };
  if (targetsOf(event).includes(status)) return { changed: false, event, status };
  throw new DomainError(ErrorCode.INVALID_STATE, refusalOf(status, event), {
    details: { status, event },
  });
}

/** Where a booking stands, in words a guest or host reads. */
const STANDING: Record<BookingStatus, string> = {
  pending_payment: 'This booking is waiting for payment',
  awaiting_host: 'This request is waiting for the host',
  confirmed: 'This booking is confirmed',
  declined: 'The host declined this request',
  expired: 'This booking has expired',
  cancelled_by_guest: 'This booking was cancelled by the guest',
  cancelled_by_host: 'This booking was cancelled by the host',
  completed: 'This stay is over',
  withdrawn: 'The guest withdrew this request',
};

/** What the person tried, and what they can do instead, where there is something. */
const HINTS: Partial<Record<BookingStatus, Partial<Record<BookingEvent, string>>>> = {
  awaiting_host: {
    guest_cancelled: 'cancel it instead to withdraw it',
    host_cancelled: 'decline it instead',
  },
  pending_payment: {
    host_accepted: 'it can be accepted once the guest has paid',
    host_declined: 'it can be declined once the guest has paid',
    host_cancelled: 'it ends by itself if it is not paid in time',
  },
  confirmed: {
    host_declined: 'cancel it instead (the guest is refunded in full)',
    guest_withdrew: 'cancelling it now follows the cancellation policy',
  },
};

/** A sentence for a refused transition: where the booking stands, and what to do instead. */
function refusalOf(status: BookingStatus, event: BookingEvent): string {
  const hint = HINTS[status]?.[event];
  return hint
    ? `${STANDING[status]}; ${hint}.`
    : `${STANDING[status]}, so it can no longer be changed that way.`;
}

/** Statuses whose dates stay taken on the listing's calendar (the others free them). */
export function holdsDates(status: BookingStatus): boolean {
  return ['pending_payment', 'awaiting_host', 'confirmed', 'completed'].includes(status);
}

/** No event moves a booking out of these. */
export function isFinal(status: BookingStatus): boolean {
  return Object.keys(BOOKING_TRANSITIONS[status]).length === 0;
}
