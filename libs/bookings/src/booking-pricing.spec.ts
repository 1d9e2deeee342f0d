import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@app/core';
import fc from 'fast-check';
import {
  DEFAULT_SERVICE_FEES,
  type ListingPricing,
  type PriceQuote,
  priceStay,
  type ServiceFees,
  validateStay,
} from './booking-pricing';
import { addDays } from './local-date';

const listing: ListingPricing = {
  currency: 'USD',
  nightlyPrice: 10_000,
  cleaningFee: 5_000,
  weeklyDiscountPercent: 10,
  monthlyDiscountPercent: 20,
  occupancyTaxPercent: 10,
  minNights: 1,
  maxNights: 90,
  maxGuests: 4,
};

const stay = (checkIn: string, nights: number, guests = 2) => ({
  checkIn,
  checkOut: addDays(checkIn, nights),
  guests,
});

function amounts(quote: PriceQuote): Record<string, number> {
  return Object.fromEntries(quote.lines.map((line) => [line.kind, line.amount.amount]));
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('priceStay, by example', () => {
  it('prices a short stay: nights, cleaning fee, 14 % guest fee and taxes on the subtotal', () => {
    const quote = priceStay(listing, stay('2026-05-01', 3));
    expect(amounts(quote)).toEqual({
      nights: 30_000,
      cleaning_fee: 5_000,
      guest_service_fee: 4_900,
      taxes: 3_500,
    });
    expect(quote.lines[0]).toMatchObject({ quantity: 3, unitAmount: { amount: 10_000 } });
    expect(quote.subtotal.amount).toBe(35_000);
    expect(quote.total).toEqual({ amount: 43_400, currency: 'USD' });
    expect(quote.hostServiceFee.amount).toBe(1_050);
    expect(quote.hostPayout.amount).toBe(33_950);
    expect(quote.currencyExponent).toBe(2);
    expect(quote.nightly).toEqual([
      { date: '2026-05-01', amount: 10_000 },
      { date: '2026-05-02', amount: 10_000 },
      { date: '2026-05-03', amount: 10_000 },
    ]);
  });

  it.each([
    [6, undefined, 0],
    [7, 'weekly_discount', 7_000],
    [27, 'weekly_discount', 27_000],
    [28, 'monthly_discount', 56_000],
  ])('%i nights: %s of %i', (nights, kind, discount) => {
    const quote = priceStay(listing, stay('2026-05-01', nights));
    const line = quote.lines.find((l) => l.kind.endsWith('_discount'));
    expect(line?.kind).toBe(kind);
    expect(0 - (line?.amount.amount ?? 0)).toBe(discount);
    expect(quote.nightly.reduce((s, n) => s + n.amount, 0)).toBe(nights * 10_000 - discount);
  });

  it('gives a 28-night stay the larger discount when the monthly one is smaller or unset', () => {
    const noMonthly = { ...listing, monthlyDiscountPercent: 0 };
    expect(amounts(priceStay(noMonthly, stay('2026-05-01', 30)))).toMatchObject({
      weekly_discount: -30_000,
    });
    const noWeekly = { ...listing, weeklyDiscountPercent: 0 };
    expect(amounts(priceStay(noWeekly, stay('2026-05-01', 20)))).not.toHaveProperty(
      'weekly_discount',
    );
  });

  it('prices yen with no decimals, rounding half away from zero once per line', () => {
    const yen: ListingPricing = {
      ...listing,
      currency: 'JPY',
      nightlyPrice: 12_345,
      cleaningFee: 3_000,
    };
    const quote = priceStay(yen, stay('2026-05-01', 3));
    // subtotal 40 035; 14 % = 5 604.9 -> 5 605; 10 % = 4 003.5 -> 4 004; 3 % = 1 201.05 -> 1 201
    expect(amounts(quote)).toEqual({
      nights: 37_035,
      cleaning_fee: 3_000,
      guest_service_fee: 5_605,
      taxes: 4_004,
    });
    expect(quote.total).toEqual({ amount: 49_644, currency: 'JPY' });
    expect(quote.hostPayout.amount).toBe(38_834);
    expect(quote.currencyExponent).toBe(0);
  });

  it('spreads a discounted price over the nights without losing a minor unit', () => {
    const quote = priceStay(
      { ...listing, nightlyPrice: 1_001, cleaningFee: 0, occupancyTaxPercent: 0 },
      stay('2026-05-01', 7),
    );
    // 7 007 - 10 % (700.7 -> 701) = 6 306 = 6 x 901 + 900
    expect(amounts(quote)).toMatchObject({ nights: 7_007, weekly_discount: -701 });
    expect(quote.nightly.map((n) => n.amount)).toEqual([901, 901, 901, 901, 901, 901, 900]);
    expect(quote.lines.map((l) => l.kind)).toEqual([
      'nights',
      'weekly_discount',
      'guest_service_fee',
    ]);
  });

  it('uses the configured fees', () => {
    const quote = priceStay(listing, stay('2026-05-01', 1), {
      guestServiceFeePercent: 12.5,
      hostServiceFeePercent: 0,
    });
    // subtotal 15 000: 12.5 % = 1 875, taxes 1 500
    expect(quote.guestServiceFee.amount).toBe(1_875);
    expect(quote.total.amount).toBe(18_375);
    expect(quote.hostPayout.amount).toBe(15_000);
  });
});

describe('validateStay', () => {
  const rules = { ...listing, minNights: 2, maxNights: 10, maxGuests: 3 };

  it.each([
    [{ checkIn: '2026-02-30', checkOut: '2026-03-02', guests: 1 }, ErrorCode.INVALID_DATE_RANGE],
    [{ checkIn: '2026-03-01', checkOut: 'tomorrow', guests: 1 }, ErrorCode.INVALID_DATE_RANGE],
    [{ checkIn: '2026-03-05', checkOut: '2026-03-05', guests: 1 }, ErrorCode.INVALID_DATE_RANGE],
    [{ checkIn: '2026-03-05', checkOut: '2026-03-01', guests: 1 }, ErrorCode.INVALID_DATE_RANGE],
    [stay('2026-03-01', 1), ErrorCode.STAY_TOO_SHORT],
    [stay('2026-03-01', 11), ErrorCode.STAY_TOO_LONG],
    [stay('2026-03-01', 3, 4), ErrorCode.TOO_MANY_GUESTS],
    [stay('2026-03-01', 3, 0), ErrorCode.VALIDATION_FAILED],
    [stay('2026-03-01', 3, 1.5), ErrorCode.VALIDATION_FAILED],
    [stay('2026-02-28', 3), ErrorCode.CHECK_IN_IN_PAST],
  ])('%j -> %s', (request, code) => {
    expect(codeOf(() => validateStay(rules, request, { today: '2026-03-01' }))).toBe(code);
    expect(
      codeOf(() => priceStay(rules, request, DEFAULT_SERVICE_FEES, { today: '2026-03-01' })),
    ).toBe(code);
  });

  it('accepts a stay at the limits and says why it refuses one', () => {
    expect(validateStay(rules, stay('2026-03-01', 2, 3), { today: '2026-03-01' })).toBe(2);
    expect(validateStay(rules, stay('2026-03-01', 10, 1))).toBe(10);
    try {
      validateStay(rules, stay('2026-03-01', 1));
    } catch (error) {
      expect((error as DomainError).details).toEqual({ nights: 1, minNights: 2 });
    }
    expect.assertions(3);
  });

  it('treats broken listing data as a bug, not as a client error', () => {
    expect(() => priceStay({ ...listing, nightlyPrice: 99.5 }, stay('2026-03-01', 2))).toThrow(
      RangeError,
    );
    expect(() => priceStay({ ...listing, currency: 'XXY' }, stay('2026-03-01', 2))).toThrow(
      RangeError,
    );
    expect(() =>
      priceStay({ ...listing, occupancyTaxPercent: 7.125 }, stay('2026-03-01', 2)),
    ).toThrow(RangeError);
    expect(() =>
      priceStay(listing, stay('2026-03-01', 2), {
        guestServiceFeePercent: 101,
        hostServiceFeePercent: 3,
      }),
    ).toThrow(RangeError);
  });
});

describe('priceStay invariants (property-based)', () => {
  const percent = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);
  const arbitraryCase = fc
    .record({
      currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'BHD'),
      nightlyPrice: fc.integer({ min: 0, max: 50_000_000 }),
      cleaningFee: fc.integer({ min: 0, max: 5_000_000 }),
      weeklyDiscountPercent: percent,
      monthlyDiscountPercent: percent,
      occupancyTaxPercent: percent,
      nights: fc.integer({ min: 1, max: 120 }),
      guests: fc.integer({ min: 1, max: 16 }),
      startOffset: fc.integer({ min: 0, max: 2_000 }),
      guestServiceFeePercent: percent,
      hostServiceFeePercent: percent,
    })
    .map((c) => ({
      listing: {
        currency: c.currency,
        nightlyPrice: c.nightlyPrice,
        cleaningFee: c.cleaningFee,
        weeklyDiscountPercent: c.weeklyDiscountPercent,
        monthlyDiscountPercent: c.monthlyDiscountPercent,
        occupancyTaxPercent: c.occupancyTaxPercent,
        minNights: 1,
        maxNights: 365,
        maxGuests: 16,
      } satisfies ListingPricing,
      stay: stay(addDays('2026-01-01', c.startOffset), c.nights, c.guests),
      fees: {
        guestServiceFeePercent: c.guestServiceFeePercent,
        hostServiceFeePercent: c.hostServiceFeePercent,
      } satisfies ServiceFees,
    }));

  it('lines add up to the total, and total and payout split the money exactly', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ listing: l, stay: s, fees }) => {
        const q = priceStay(l, s, fees);
        const all = [
          ...q.lines.map((line) => line.amount),
          q.subtotal,
          q.cleaningFee,
          q.guestServiceFee,
          q.taxes,
          q.total,
          q.hostServiceFee,
          q.hostPayout,
        ];
        for (const m of all) {
          expect(Number.isSafeInteger(m.amount)).toBe(true);
          expect(m.currency).toBe(l.currency);
        }
        expect(q.lines.reduce((sum, line) => sum + line.amount.amount, 0)).toBe(q.total.amount);
        expect(q.total.amount).toBe(q.subtotal.amount + q.guestServiceFee.amount + q.taxes.amount);
        expect(q.hostPayout.amount + q.hostServiceFee.amount).toBe(q.subtotal.amount);
        expect(q.total.amount).toBeGreaterThanOrEqual(q.subtotal.amount);
        expect(q.hostPayout.amount).toBeGreaterThanOrEqual(0);
        expect(
          q.lines.filter((line) => line.kind !== 'nights').every((x) => x.amount.amount !== 0),
        ).toBe(true);
      }),
    );
  });

  it('rounds every percentage once, within half a minor unit of the exact value', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ listing: l, stay: s, fees }) => {
        const q = priceStay(l, s, fees);
        const nights = q.nights * l.nightlyPrice;
        const line = amounts(q);
        const discount = 0 - (line.weekly_discount ?? line.monthly_discount ?? 0);
        const expectedPercent =
          q.nights >= 28
            ? Math.max(l.weeklyDiscountPercent, l.monthlyDiscountPercent)
            : q.nights >= 7
              ? l.weeklyDiscountPercent
              : 0;
        // |amount - base * p / 100| <= 1/2, in integers: p has at most two decimals.
        const withinHalf = (amount: number, base: number, p: number) =>
          Math.abs(amount * 10_000 - base * Math.round(p * 100)) <= 5_000;
        expect(withinHalf(discount, nights, expectedPercent)).toBe(true);
        expect(q.subtotal.amount).toBe(nights - discount + l.cleaningFee);
        expect(
          withinHalf(q.guestServiceFee.amount, q.subtotal.amount, fees.guestServiceFeePercent),
        ).toBe(true);
        expect(withinHalf(q.taxes.amount, q.subtotal.amount, l.occupancyTaxPercent)).toBe(true);
        expect(
          withinHalf(q.hostServiceFee.amount, q.subtotal.amount, fees.hostServiceFeePercent),
        ).toBe(true);
        if (q.nights < 7) expect(discount).toBe(0);
      }),
    );
  });

  it('gives every night a price, evenly, that adds up to the discounted nights', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ listing: l, stay: s, fees }) => {
        const q = priceStay(l, s, fees);
        expect(q.nightly).toHaveLength(q.nights);
        expect(q.nightly[0].date).toBe(s.checkIn);
        expect(addDays(q.nightly[q.nights - 1].date, 1)).toBe(s.checkOut);
        const perNight = q.nightly.map((n) => n.amount);
        expect(Math.max(...perNight) - Math.min(...perNight)).toBeLessThanOrEqual(1);
        expect(perNight.reduce((a, b) => a + b, 0)).toBe(q.subtotal.amount - l.cleaningFee);
      }),
    );
  });

  it('refuses every stay outside the listing limits with the matching code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 12 }),
        (minNights, extra, nights, maxGuests, guests) => {
          const limits = { ...listing, minNights, maxNights: minNights + extra, maxGuests };
          const expected =
            nights < minNights
              ? ErrorCode.STAY_TOO_SHORT
              : nights > minNights + extra
                ? ErrorCode.STAY_TOO_LONG
                : guests > maxGuests
                  ? ErrorCode.TOO_MANY_GUESTS
                  : undefined;
          expect(codeOf(() => priceStay(limits, stay('2026-07-01', nights, guests)))).toBe(
            expected,
          );
        },
      ),
    );
  });
});
