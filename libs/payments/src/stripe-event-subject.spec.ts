import { describe, expect, it } from '@jest/globals';
import { subjectOf } from './stripe-payment-provider';

describe('subjectOf (what a Stripe event is about)', () => {
  it('reads payment_intent.* as news of that intent', () => {
    for (const type of [
      'payment_intent.succeeded',
      'payment_intent.amount_capturable_updated',
      'payment_intent.payment_failed',
      'payment_intent.canceled',
    ])
      expect(subjectOf(type, { id: 'pi_1', object: 'payment_intent' })).toEqual({
        kind: 'payment',
        ref: 'pi_1',
      });
  });

  it('reads charge.* as news of its intent (an id or an expanded object)', () => {
    expect(subjectOf('charge.refunded', { id: 'ch_1', payment_intent: 'pi_2' })).toEqual({
      kind: 'payment',
      ref: 'pi_2',
    });
    expect(subjectOf('charge.succeeded', { id: 'ch_1', payment_intent: { id: 'pi_3' } })).toEqual({
      kind: 'payment',
      ref: 'pi_3',
    });
    expect(subjectOf('charge.succeeded', { id: 'ch_1', payment_intent: null })).toBeUndefined();
  });

  it('reads refund.* and charge.refund.updated as news of the refund', () => {
    expect(subjectOf('refund.updated', { id: 're_1' })).toEqual({ kind: 'refund', ref: 're_1' });
    expect(subjectOf('charge.refund.updated', { id: 're_2', payment_intent: 'pi_1' })).toEqual({
      kind: 'refund',
      ref: 're_2',
    });
  });

  it('follows nothing else', () => {
    expect(subjectOf('transfer.created', { id: 'tr_1' })).toBeUndefined();
    expect(subjectOf('customer.created', { id: 'cus_1' })).toBeUndefined();
    expect(subjectOf('payment_intent.succeeded', {})).toBeUndefined();
  });
});
