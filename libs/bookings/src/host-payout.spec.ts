import { describe, expect, it } from '@jest/globals';
import { money } from '@app/core';
import fc from 'fast-check';
import { payoutAfterRefund, payoutDueAt } from './host-payout';

const eur = (amount: number) => money(amount, 'EUR');

describe('payoutDueAt', () => {
  it('is 24 h after the check-in time in the listing time zone', () => {
    expect(
      payoutDueAt({ checkIn: '2030-07-10', checkInTime: '15:00', timezone: 'Europe/Paris' }),
    ).toEqual(new Date('2030-07-11T13:00:00Z'));
    expect(
      payoutDueAt({ checkIn: '2030-01-10', checkInTime: '16:30', timezone: 'America/New_York' }),
    ).toEqual(new Date('2030-01-11T21:30:00Z'));
  });

  it('counts real hours across a daylight-saving change', () => {
    // Paris springs forward on 31 March 2030: check-in 15:00 CET = 14:00Z, due 24 h later.
    expect(
      payoutDueAt({ checkIn: '2030-03-30', checkInTime: '15:00', timezone: 'Europe/Paris' }),
    ).toEqual(new Date('2030-03-31T14:00:00Z'));
  });
});

describe('payoutAfterRefund', () => {
  // 3 nights x 100.00 + 25.00 cleaning = 325.00 subtotal; 3 % host fee -> 315.25 payout.
  const hostPayout = eur(31525);
  const subtotal = eur(32500);

  it('keeps everything when nothing of the subtotal is refunded', () => {
    expect(
      payoutAfterRefund(hostPayout, subtotal, { nights: eur(0), cleaningFee: eur(0) }),
    ).toEqual(hostPayout);
  });

  it('is nothing after a full refund', () => {
    expect(
      payoutAfterRefund(hostPayout, subtotal, { nights: eur(30000), cleaningFee: eur(2500) }),
    ).toEqual(eur(0));
  });

  it('is the host payout in proportion to the subtotal kept, rounded once', () => {
    // Half of the three nights refunded: 150.00 of 325.00 -> 175.00 kept -> 315.25 x 175/325 = 169.75
    expect(
      payoutAfterRefund(hostPayout, subtotal, { nights: eur(15000), cleaningFee: eur(0) }),
    ).toEqual(eur(16975));
    // 1/3 kept: 315.25 / 3 = 105.0833.. -> 105.08
    expect(
      payoutAfterRefund(eur(31525), eur(30000), { nights: eur(20000), cleaningFee: eur(0) }),
    ).toEqual(eur(10508));
  });

  it('never exceeds the payout nor goes below zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 12_000_000 }),
        (sub, feePercent, refunded) => {
          const payout = eur(sub - Math.round((sub * feePercent) / 100));
          const kept = payoutAfterRefund(payout, eur(sub), {
            nights: eur(refunded),
            cleaningFee: eur(0),
          });
          expect(kept.amount).toBeGreaterThanOrEqual(0);
          expect(kept.amount).toBeLessThanOrEqual(payout.amount);
        },
      ),
    );
  });
});
