import { describe, expect, it } from '@jest/globals';
import { PAYMENT_RECORD_STATUSES, type PaymentRecordStatus } from './payment.entity';
import {
  isOpen,
  PAYMENT_EVENTS,
  PAYMENT_TRANSITIONS,
  paymentEventOf,
  refundEventOf,
  transitionPayment,
  type PaymentEventName,
} from './payment-state-machine';

/** The allowed transitions, written out by hand: [from, event, to]. */
const ALLOWED: [PaymentRecordStatus, PaymentEventName, PaymentRecordStatus][] = [
  ['requires_payment', 'failed', 'failed'],
  ['requires_payment', 'authorized', 'authorized'],
  ['requires_payment', 'captured', 'succeeded'],
  ['requires_payment', 'canceled', 'canceled'],
  ['failed', 'retried', 'requires_payment'],
  ['failed', 'authorized', 'authorized'],
  ['failed', 'captured', 'succeeded'],
  ['failed', 'canceled', 'canceled'],
  ['authorized', 'captured', 'succeeded'],
  ['authorized', 'canceled', 'canceled'],
  ['succeeded', 'partially_refunded', 'partially_refunded'],
  ['succeeded', 'refunded', 'refunded'],
  ['partially_refunded', 'partially_refunded', 'partially_refunded'],
  ['partially_refunded', 'refunded', 'refunded'],
];

describe('payment state machine', () => {
  it('allows exactly the listed transitions', () => {
    const table = PAYMENT_RECORD_STATUSES.flatMap((from) =>
      Object.entries(PAYMENT_TRANSITIONS[from]).map(([event, to]) => [from, event, to]),
    );
    expect(new Set(table.map((t) => t.join(' ')))).toEqual(
      new Set(ALLOWED.map((t) => t.join(' '))),
    );
    for (const [from, event, to] of ALLOWED)
      expect(transitionPayment(from, event)).toEqual({ outcome: 'changed', event, from, to });
  });

  it('never takes back a capture or a release: an authorisation cannot follow either', () => {
    for (const from of ['succeeded', 'canceled', 'partially_refunded', 'refunded'] as const) {
      expect(transitionPayment(from, 'authorized').outcome).toBe('refused');
      expect(transitionPayment(from, 'retried').outcome).toBe('refused');
    }
    // A released authorisation is never captured, and a captured payment is never released.
    expect(transitionPayment('canceled', 'captured').outcome).toBe('refused');
    expect(transitionPayment('succeeded', 'canceled').outcome).toBe('refused');
    expect(transitionPayment('refunded', 'partially_refunded').outcome).toBe('refused');
  });

  it('a repeated event where the payment already is is a repeat, not a change', () => {
    expect(transitionPayment('succeeded', 'captured')).toEqual({
      outcome: 'repeat',
      event: 'captured',
      status: 'succeeded',
    });
    expect(transitionPayment('canceled', 'canceled').outcome).toBe('repeat');
    expect(transitionPayment('authorized', 'authorized').outcome).toBe('repeat');
    expect(transitionPayment('failed', 'failed').outcome).toBe('repeat');
    expect(transitionPayment('refunded', 'refunded').outcome).toBe('repeat');
  });

  it('every status and event is known to the table; final statuses take nothing', () => {
    for (const status of PAYMENT_RECORD_STATUSES)
      for (const event of PAYMENT_EVENTS)
        expect(['changed', 'repeat', 'refused']).toContain(
          transitionPayment(status, event).outcome,
        );
    expect(Object.keys(PAYMENT_TRANSITIONS.canceled)).toEqual([]);
    expect(Object.keys(PAYMENT_TRANSITIONS.refunded)).toEqual([]);
  });

  it('maps provider views and refunds to events', () => {
    expect(paymentEventOf('succeeded')).toBe('captured');
    expect(paymentEventOf('requires_payment')).toBe('retried');
    expect(paymentEventOf('canceled')).toBe('canceled');
    expect(refundEventOf(500, 1000)).toBe('partially_refunded');
    expect(refundEventOf(1000, 1000)).toBe('refunded');
    expect(PAYMENT_RECORD_STATUSES.filter(isOpen)).toEqual([
      'requires_payment',
      'authorized',
      'failed',
    ]);
  });
});
