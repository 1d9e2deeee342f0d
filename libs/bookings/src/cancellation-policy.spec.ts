import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { priceStay } from './booking-pricing';
import {
  CANCELLATION_POLICIES,
  type CancellationPolicy,
  type CancellationSnapshot,
  cancellationSnapshotOf,
  type Refund,
  refundForCancellation,
} from './cancellation-policy';
import { addDays } from './local-date';

/** 4 nights in New York from 10 June (EDT, UTC-4: check-in 15:00 = 19:00Z); guest paid 57 040. */
const june: CancellationSnapshot = {
  currency: 'USD',
  checkIn: '2026-06-10',
  checkOut: '2026-06-14',
  timezone: 'America/New_York',
  nightlyAmounts: [10_000, 10_000, 10_000, 10_000],
  cleaningFee: 6_000,
  guestServiceFee: 6_440,
  taxes: 4_600,
  bookedAt: new Date('2026-05-01T12:00:00Z'),
};
const PAID = 40_000 + 6_000 + 6_440 + 4_600;

const at = (iso: string) => new Date(iso);
const justAfter = (iso: string) => new Date(new Date(iso).getTime() + 1);

function summary(refund: Refund) {
  const { nights, cleaningFee, guestServiceFee, taxes } = refund.breakdown;
  return {
    rule: refund.rule,
    amount: refund.amount.amount,
    nights: nights.amount,
    cleaningFee: cleaningFee.amount,
    guestServiceFee: guestServiceFee.amount,
    taxes: taxes.amount,
    nightsUsed: refund.nightsUsed,
  };
}

const FULL = {
  rule: 'full_refund',
  amount: PAID,
  nights: 40_000,
  cleaningFee: 6_000,
  guestServiceFee: 6_440,
  taxes: 4_600,
  nightsUsed: 0,
};
// 50 % of 4 unused nights + cleaning fee; taxes 4 600 x 26 000 / 46 000
const HALF_BEFORE_CHECK_IN = {
  rule: 'half_of_unused_nights',
  amount: 28_600,
  nights: 20_000,
  cleaningFee: 6_000,
  guestServiceFee: 0,
  taxes: 2_600,
  nightsUsed: 0,
};
// no night back, but no night was used: the cleaning fee and its taxes are
const CLEANING_ONLY = {
  rule: 'no_nights_refunded',
  amount: 6_600,
  nights: 0,
  cleaningFee: 6_000,
  guestServiceFee: 0,
  taxes: 600,
  nightsUsed: 0,
};

describe('refundForCancellation by the guest', () => {
  it.each<[CancellationPolicy, string, Date, object]>([
    // flexible: full refund until 24 h before the local check-in time
    ['flexible', 'a month before', at('2026-05-10T00:00:00Z'), FULL],
    ['flexible', 'exactly 24 h before 15:00 local', at('2026-06-09T19:00:00Z'), FULL],
    [
      'flexible',
      '1 ms later: all nights but one, cleaning fee',
      justAfter('2026-06-09T19:00:00Z'),
      {
        rule: 'unused_nights_minus_one',
        amount: 39_600,
        nights: 30_000,
        cleaningFee: 6_000,
        guestServiceFee: 0,
        taxes: 3_600,
        nightsUsed: 0,
      },
    ],
    [
      'flexible',
      'at check-in time: the first night is not used yet',
      at('2026-06-10T19:00:00Z'),
      { rule: 'unused_nights_minus_one', amount: 39_600, nightsUsed: 0 },
    ],
    [
      'flexible',
      'after check-in: 3 unused nights minus one, no cleaning fee',
      justAfter('2026-06-10T19:00:00Z'),
      {
        rule: 'unused_nights_minus_one',
        amount: 22_000,
        nights: 20_000,
        cleaningFee: 0,
        guestServiceFee: 0,
        taxes: 2_000,
        nightsUsed: 1,
      },
    ],
    [
      'flexible',
      'during the last night: nothing',
      at('2026-06-13T20:00:00Z'),
      { amount: 0, nightsUsed: 4 },
    ],
    [
      'flexible',
      'before the last night: one unused night minus one is nothing',
      at('2026-06-12T20:00:00Z'),
      { amount: 0, nightsUsed: 3 },
    ],
    // moderate: full until 5 days before, then 50 % of the unused nights
    ['moderate', 'exactly 5 days before', at('2026-06-05T19:00:00Z'), FULL],
    ['moderate', '1 ms later', justAfter('2026-06-05T19:00:00Z'), HALF_BEFORE_CHECK_IN],
    [
      'moderate',
      'after the first night started',
      at('2026-06-11T12:00:00Z'),
      {
        rule: 'half_of_unused_nights',
        amount: 16_500,
        nights: 15_000,
        cleaningFee: 0,
        guestServiceFee: 0,
        taxes: 1_500,
        nightsUsed: 1,
      },
    ],
    // firm: full until 30 days before, 50 % until 7 days before, then none
    ['firm', 'exactly 30 days before', at('2026-05-11T19:00:00Z'), FULL],
    ['firm', '1 ms after 30 days', justAfter('2026-05-11T19:00:00Z'), HALF_BEFORE_CHECK_IN],
    ['firm', 'exactly 7 days before', at('2026-06-03T19:00:00Z'), HALF_BEFORE_CHECK_IN],
    ['firm', '1 ms after 7 days', justAfter('2026-06-03T19:00:00Z'), CLEANING_ONLY],
    [
      'firm',
      'after check-in',
      at('2026-06-11T12:00:00Z'),
      { rule: 'no_nights_refunded', amount: 0, nightsUsed: 1 },
    ],
    // strict: full within 48 h of booking when check-in is 14+ days away, 50 % until 7 days
    ['strict', '48 h after booking', at('2026-05-03T12:00:00Z'), FULL],
    [
      'strict',
      '48 h + 1 ms after booking',
      justAfter('2026-05-03T12:00:00Z'),
      HALF_BEFORE_CHECK_IN,
    ],
    ['strict', 'exactly 7 days before', at('2026-06-03T19:00:00Z'), HALF_BEFORE_CHECK_IN],
    ['strict', '1 ms after 7 days', justAfter('2026-06-03T19:00:00Z'), CLEANING_ONLY],
  ])('%s, %s', (policy, _when, cancelledAt, expected) => {
    expect(summary(refundForCancellation(policy, june, cancelledAt, 'guest'))).toMatchObject(
      expected,
    );
  });

  it('strict: the 48 h grace needs check-in still 14 days away (at the local check-in time)', () => {
    const lateBooking = { ...june, bookedAt: at('2026-05-27T12:00:00Z') };
    // 14 days before check-in is 27 May 15:00 EDT = 19:00Z
    expect(
      refundForCancellation('strict', lateBooking, at('2026-05-27T19:00:00Z'), 'guest').rule,
    ).toBe('full_refund');
    expect(
      refundForCancellation('strict', lateBooking, justAfter('2026-05-27T19:00:00Z'), 'guest').rule,
    ).toBe('half_of_unused_nights');
    const tooLate = { ...june, bookedAt: at('2026-05-28T12:00:00Z') };
    expect(
      refundForCancellation('strict', tooLate, at('2026-05-28T13:00:00Z'), 'guest'),
    ).toMatchObject({ rule: 'half_of_unused_nights', amount: { amount: 28_600 } });
  });

  it('honours the listing check-in time', () => {
    const lateCheckIn = { ...june, checkInTime: '20:30' }; // 00:30Z the next day
    expect(
      refundForCancellation('flexible', lateCheckIn, at('2026-06-10T00:30:00Z'), 'guest').rule,
    ).toBe('full_refund');
    expect(
      refundForCancellation('flexible', lateCheckIn, justAfter('2026-06-10T00:30:00Z'), 'guest')
        .rule,
    ).toBe('unused_nights_minus_one');
  });
});

describe('refundForCancellation across daylight-saving changes', () => {
  // New York springs forward on 8 March 2026: 15:00 on 7 March is EST (20:00Z), on 8 March EDT (19:00Z)
  const spring: CancellationSnapshot = {
    ...june,
    checkIn: '2026-03-08',
    checkOut: '2026-03-10',
    nightlyAmounts: [10_000, 10_000],
    cleaningFee: 0,
    guestServiceFee: 2_800,
    taxes: 0,
    bookedAt: at('2026-02-01T00:00:00Z'),
  };

  it('flexible: "a day before" is 15:00 local on the day before, only 23 real hours', () => {
    expect(
      refundForCancellation('flexible', spring, at('2026-03-07T19:30:00Z'), 'guest').rule,
    ).toBe('full_refund');
    expect(
      refundForCancellation('flexible', spring, at('2026-03-07T20:00:00Z'), 'guest').rule,
    ).toBe('full_refund');
    expect(
      refundForCancellation('flexible', spring, justAfter('2026-03-07T20:00:00Z'), 'guest'),
    ).toMatchObject({ rule: 'unused_nights_minus_one', amount: { amount: 10_000 } });
  });

  it('moderate: 5 days before a check-in after the change is 15:00 EST', () => {
    const later = { ...spring, checkIn: '2026-03-10', checkOut: '2026-03-12' };
    expect(refundForCancellation('moderate', later, at('2026-03-05T20:00:00Z'), 'guest').rule).toBe(
      'full_refund',
    );
    expect(
      refundForCancellation('moderate', later, justAfter('2026-03-05T20:00:00Z'), 'guest').rule,
    ).toBe('half_of_unused_nights');
  });

  // Paris falls back on 25 October 2026: 15:00 on the 24th is CEST (13:00Z), on the 25th CET (14:00Z)
  const autumn: CancellationSnapshot = {
    ...june,
    timezone: 'Europe/Paris',
    currency: 'EUR',
    checkIn: '2026-10-24',
    checkOut: '2026-10-27',
    nightlyAmounts: [10_000, 10_000, 10_000],
    cleaningFee: 0,
    guestServiceFee: 4_200,
    taxes: 0,
    bookedAt: at('2026-09-01T00:00:00Z'),
  };

  it('counts a night as used from its own local check-in time, 25 hours after the previous one', () => {
    expect(
      refundForCancellation('moderate', autumn, at('2026-10-25T13:30:00Z'), 'guest'),
    ).toMatchObject({ nightsUsed: 1, amount: { amount: 10_000, currency: 'EUR' } });
    expect(
      refundForCancellation('moderate', autumn, at('2026-10-25T14:00:00Z'), 'guest').nightsUsed,
    ).toBe(1);
    expect(
      refundForCancellation('moderate', autumn, justAfter('2026-10-25T14:00:00Z'), 'guest'),
    ).toMatchObject({ nightsUsed: 2, amount: { amount: 5_000 } });
  });

  it('flexible: "a day before" a check-in after the fall-back change is 25 real hours', () => {
    const after = {
      ...autumn,
      checkIn: '2026-10-25',
      checkOut: '2026-10-27',
      nightlyAmounts: [10_000, 10_000],
    };
    expect(refundForCancellation('flexible', after, at('2026-10-24T13:00:00Z'), 'guest').rule).toBe(
      'full_refund',
    );
    expect(refundForCancellation('flexible', after, at('2026-10-24T13:30:00Z'), 'guest').rule).toBe(
      'unused_nights_minus_one',
    );
  });
});

describe('refundForCancellation in yen, from a real quote', () => {
  const quote = priceStay(
    {
      currency: 'JPY',
      nightlyPrice: 12_345,
      cleaningFee: 3_000,
      weeklyDiscountPercent: 0,
      monthlyDiscountPercent: 0,
      occupancyTaxPercent: 10,
      minNights: 1,
      maxNights: 30,
      maxGuests: 2,
    },
    { checkIn: '2026-04-01', checkOut: '2026-04-04', guests: 2 },
  );
  const snapshot = cancellationSnapshotOf(
    quote,
    { timezone: 'Asia/Tokyo' },
    at('2026-01-05T00:00:00Z'),
  );

  it('keeps whole yen: 50 % of 37 035 rounds half away from zero to 18 518', () => {
    // 5 days before 1 April 15:00 JST = 27 March 06:00Z
    const refund = refundForCancellation(
      'moderate',
      snapshot,
      justAfter('2026-03-27T06:00:00Z'),
      'guest',
    );
    expect(summary(refund)).toEqual({
      rule: 'half_of_unused_nights',
      amount: 23_670,
      nights: 18_518,
      cleaningFee: 3_000,
      guestServiceFee: 0,
      taxes: 2_152, // 4 004 x 21 518 / 40 035 = 2 152.05
      nightsUsed: 0,
    });
    expect(refund.amount.currency).toBe('JPY');
    expect(
      refundForCancellation('moderate', snapshot, at('2026-03-27T06:00:00Z'), 'guest').amount
        .amount,
    ).toBe(quote.total.amount);
  });
});

describe('refundForCancellation by the host', () => {
  it.each(CANCELLATION_POLICIES)('%s: refunds everything, even mid-stay', (policy) => {
    for (const when of ['2026-05-01T12:00:00Z', '2026-06-09T20:00:00Z', '2026-06-12T00:00:00Z']) {
      expect(summary(refundForCancellation(policy, june, at(when), 'host'))).toMatchObject({
        ...FULL,
        rule: 'host_cancellation',
        nightsUsed: expect.any(Number),
      });
    }
  });
});

describe('refundForCancellation refuses impossible input', () => {
  it('throws on a bad snapshot', () => {
    const cancel =
      (s: Partial<CancellationSnapshot>, when = at('2026-05-05T00:00:00Z')) =>
      () =>
        refundForCancellation('flexible', { ...june, ...s }, when, 'guest');
    expect(cancel({ timezone: 'Nowhere/Atlantis' })).toThrow(RangeError);
    expect(cancel({ checkInTime: '3pm' })).toThrow(RangeError);
    expect(cancel({ nightlyAmounts: [1, 2] })).toThrow(RangeError);
    expect(cancel({ nightlyAmounts: [1, 2, 3, -4] })).toThrow(RangeError);
    expect(cancel({ taxes: 10.5 })).toThrow(RangeError);
    expect(cancel({}, at('2026-04-01T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('refundForCancellation invariants (property-based)', () => {
  const arbitraryBooking = fc
    .record({
      currency: fc.constantFrom('USD', 'JPY', 'KWD'),
      timezone: fc.constantFrom(
        'America/New_York',
        'Europe/Paris',
        'Asia/Tokyo',
        'Australia/Sydney',
      ),
      startOffset: fc.integer({ min: 0, max: 730 }),
      nightly: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }),
      cleaningFee: fc.integer({ min: 0, max: 1_000_000 }),
      guestServiceFee: fc.integer({ min: 0, max: 2_000_000 }),
      taxes: fc.integer({ min: 0, max: 2_000_000 }),
      bookedDaysBefore: fc.integer({ min: 0, max: 400 }),
      checkInTime: fc.constantFrom('00:00', '11:00', '15:00', '23:30'),
    })
    .map((b): CancellationSnapshot => {
      const checkIn = addDays('2026-01-01', b.startOffset);
      return {
        currency: b.currency,
        checkIn,
        checkOut: addDays(checkIn, b.nightly.length),
        checkInTime: b.checkInTime,
        timezone: b.timezone,
        nightlyAmounts: b.nightly,
        cleaningFee: b.cleaningFee,
        guestServiceFee: b.guestServiceFee,
        taxes: b.taxes,
        bookedAt: new Date(Date.parse(`${checkIn}T00:00:00Z`) - b.bookedDaysBefore * 86_400_000),
      };
    });
  const paid = (s: CancellationSnapshot) =>
    s.nightlyAmounts.reduce((a, b) => a + b, 0) + s.cleaningFee + s.guestServiceFee + s.taxes;
  const cancelAfterBooking = (s: CancellationSnapshot, ms: number) =>
    new Date(s.bookedAt.getTime() + ms);
  const window = fc.integer({ min: 0, max: 450 * 86_400_000 });

  it('refunds between nothing and everything paid, each part at most what was paid for it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CANCELLATION_POLICIES),
        arbitraryBooking,
        window,
        (policy, s, ms) => {
          const refund = refundForCancellation(policy, s, cancelAfterBooking(s, ms), 'guest');
          const { nights, cleaningFee, guestServiceFee, taxes } = refund.breakdown;
          expect(refund.amount.amount).toBe(
            nights.amount + cleaningFee.amount + guestServiceFee.amount + taxes.amount,
          );
          expect(refund.amount.currency).toBe(s.currency);
          expect(nights.amount).toBeGreaterThanOrEqual(0);
          expect(nights.amount).toBeLessThanOrEqual(s.nightlyAmounts.reduce((a, b) => a + b, 0));
          expect([0, s.cleaningFee]).toContain(cleaningFee.amount);
          expect(taxes.amount).toBeGreaterThanOrEqual(0);
          expect(taxes.amount).toBeLessThanOrEqual(s.taxes);
          expect(refund.amount.amount).toBeLessThanOrEqual(paid(s));
          // the guest service fee comes back with a full refund only
          if (refund.rule !== 'full_refund') expect(guestServiceFee.amount).toBe(0);
          else expect(refund.amount.amount).toBe(paid(s));
          if (refund.nightsUsed > 0) expect(cleaningFee.amount).toBe(0);
        },
      ),
    );
  });

  it('never refunds more for a later cancellation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CANCELLATION_POLICIES),
        arbitraryBooking,
        window,
        window,
        (policy, s, a, b) => {
          const early = refundForCancellation(
            policy,
            s,
            cancelAfterBooking(s, Math.min(a, b)),
            'guest',
          );
          const late = refundForCancellation(
            policy,
            s,
            cancelAfterBooking(s, Math.max(a, b)),
            'guest',
          );
          expect(late.amount.amount).toBeLessThanOrEqual(early.amount.amount);
        },
      ),
    );
  });

  it('a host cancellation always refunds everything', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CANCELLATION_POLICIES),
        arbitraryBooking,
        window,
        (policy, s, ms) => {
          expect(
            refundForCancellation(policy, s, cancelAfterBooking(s, ms), 'host').amount.amount,
          ).toBe(paid(s));
        },
      ),
    );
  });
});
