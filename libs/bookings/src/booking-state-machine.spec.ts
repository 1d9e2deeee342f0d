import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode, normalizeError } from '@app/core';
import {
  BOOKING_EVENTS,
  BOOKING_STATUSES,
  BOOKING_TRANSITIONS,
  type BookingEvent,
  type BookingStatus,
  holdsDates,
  isFinal,
  transitionBooking,
} from './booking-state-machine';

/** The transitions, written out by hand: [from, event, to]. */
const ALLOWED: [BookingStatus, BookingEvent, BookingStatus][] = [
  ['pending_payment', 'payment_succeeded', 'confirmed'],
  ['pending_payment', 'payment_authorized', 'awaiting_host'],
  ['pending_payment', 'deadline_passed', 'expired'],
  ['pending_payment', 'payment_canceled', 'expired'],
  ['awaiting_host', 'host_accepted', 'confirmed'],
  ['awaiting_host', 'host_declined', 'declined'],
  ['awaiting_host', 'deadline_passed', 'expired'],
  ['awaiting_host', 'payment_canceled', 'expired'],
  ['confirmed', 'guest_cancelled', 'cancelled_by_guest'],
  ['confirmed', 'host_cancelled', 'cancelled_by_host'],
  ['confirmed', 'checked_out', 'completed'],
  ['confirmed', 'payment_canceled', 'expired'],
  ['pending_payment', 'guest_withdrew', 'withdrawn'],
  ['awaiting_host', 'guest_withdrew', 'withdrawn'],
];

/** Where the booking already is after the event happened once: the repeat is a no-op. */
const REPEATS: [BookingStatus, BookingEvent][] = [
  ['confirmed', 'payment_succeeded'],
  ['awaiting_host', 'payment_authorized'],
  ['confirmed', 'host_accepted'],
  ['declined', 'host_declined'],
  ['expired', 'deadline_passed'],
  ['cancelled_by_guest', 'guest_cancelled'],
  ['cancelled_by_host', 'host_cancelled'],
  ['completed', 'checked_out'],
  ['expired', 'payment_canceled'],
  ['withdrawn', 'guest_withdrew'],
];

type Expected = { to: BookingStatus } | 'no-op' | 'INVALID_STATE';

function expectedFor(status: BookingStatus, event: BookingEvent): Expected {
  const allowed = ALLOWED.find(([from, e]) => from === status && e === event);
  if (allowed) return { to: allowed[2] };
  if (REPEATS.some(([s, e]) => s === status && e === event)) return 'no-op';
  return 'INVALID_STATE';
}

const everyPair = BOOKING_STATUSES.flatMap((status) =>
  BOOKING_EVENTS.map((event) => [status, event, expectedFor(status, event)] as const),
);

describe('booking state machine', () => {
  it('has exactly the transitions of the issue', () => {
    const table = BOOKING_STATUSES.flatMap((from) =>
      Object.entries(BOOKING_TRANSITIONS[from]).map(([event, to]) => [from, event, to]),
    );
    expect(table).toEqual(expect.arrayContaining(ALLOWED));
    expect(table).toHaveLength(ALLOWED.length);
  });

  it('covers all 90 status x event pairs', () => {
    expect(everyPair).toHaveLength(90);
    expect(everyPair.filter(([, , e]) => e === 'INVALID_STATE')).toHaveLength(90 - 14 - 10);
  });

  it('explains a refusal in words, with the machine facts in details', () => {
    const refusal = (status: BookingStatus, event: BookingEvent) => {
      try {
        transitionBooking(status, event);
      } catch (error) {
        return normalizeError(error);
      }
      throw new Error('not refused');
    };
    expect(refusal('pending_payment', 'host_accepted')).toMatchObject({
      message: 'This booking is waiting for payment; it can be accepted once the guest has paid.',
      details: { status: 'pending_payment', event: 'host_accepted' },
    });
    expect(refusal('awaiting_host', 'host_cancelled').message).toBe(
      'This request is waiting for the host; decline it instead.',
    );
    // No state or event names in the sentence people read.
    for (const [status, event, expected] of everyPair) {
      if (expected !== 'INVALID_STATE') continue;
      const detail = refusal(status, event).message;
      expect(detail).not.toMatch(/_/);
      expect(detail).toMatch(/^[A-Z].*\.$/);
    }
  });

  it.each(everyPair)('%s + %s -> %j', (status, event, expected) => {
    if (expected === 'INVALID_STATE') {
      let thrown: unknown;
      try {
        transitionBooking(status, event);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(normalizeError(thrown)).toMatchObject({
        code: ErrorCode.INVALID_STATE,
        status: 409,
        details: { status, event },
      });
    } else if (expected === 'no-op') {
      expect(transitionBooking(status, event)).toEqual({ changed: false, event, status });
    } else {
      expect(transitionBooking(status, event)).toEqual({
        changed: true,
        event,
        from: status,
        to: expected.to,
      });
    }
  });

  it('applying an event twice ends where applying it once does', () => {
    for (const [from, event, to] of ALLOWED) {
      const first = transitionBooking(from, event);
      expect(first).toMatchObject({ changed: true, to });
      expect(transitionBooking(to, event)).toEqual({ changed: false, event, status: to });
    }
  });

  it('knows which statuses keep the dates and which are final', () => {
    expect(BOOKING_STATUSES.filter(holdsDates)).toEqual([
      'pending_payment',
      'awaiting_host',
      'confirmed',
      'completed',
    ]);
    expect(BOOKING_STATUSES.filter(isFinal)).toEqual([
      'declined',
      'expired',
      'cancelled_by_guest',
      'cancelled_by_host',
      'completed',
      'withdrawn',
    ]);
  });
});
