import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { currencyExponent, isCurrencyCode } from './currencies';
import {
  add,
  allocate,
  fromDecimalString,
  money,
  percentOf,
  prorate,
  roundMinor,
  subtract,
  times,
  toDecimalString,
} from './money';

describe('currencies', () => {
  it('knows the ISO 4217 exponents, including zero- and three-decimal currencies', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
  });

  it('rejects codes that are not ISO 4217', () => {
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(() => currencyExponent('ABC')).toThrow(RangeError);
  });
});

describe('money', () => {
  it('holds integer minor units only', () => {
    expect(() => money(10.5, 'USD')).toThrow(RangeError);
    expect(() => money(10, 'NOPE')).toThrow(RangeError);
    expect(money(1050, 'USD')).toEqual({ amount: 1050, currency: 'USD' });
  });

  it('adds and subtracts within one currency and refuses to mix currencies', () => {
    expect(add(money(100, 'EUR'), money(250, 'EUR'), money(1, 'EUR'))).toEqual(money(351, 'EUR'));
    expect(subtract(money(100, 'EUR'), money(250, 'EUR'))).toEqual(money(-150, 'EUR'));
    expect(() => add(money(1, 'EUR'), money(1, 'USD'))).toThrow('Currency mismatch');
  });

  it('multiplies by whole counts only', () => {
    expect(times(money(12_000, 'USD'), 3)).toEqual(money(36_000, 'USD'));
    expect(() => times(money(1, 'USD'), 1.5)).toThrow(RangeError);
  });

  it('rounds half away from zero, once', () => {
    expect(roundMinor(2.5)).toBe(3);
    expect(roundMinor(-2.5)).toBe(-3);
    expect(roundMinor(2.4999)).toBe(2);
    expect(Object.is(roundMinor(-0.4), 0)).toBe(true);
    // 12.5 % of 1001 cents = 125.125 -> 125; 15 % of 1050 = 157.5 -> 158
    expect(percentOf(money(1001, 'USD'), 12.5)).toEqual(money(125, 'USD'));
    expect(percentOf(money(1050, 'USD'), 15)).toEqual(money(158, 'USD'));
    // 14.1 % stays exact despite binary fractions: 1000 * 14.1 % = 141
    expect(percentOf(money(1000, 'JPY'), 14.1)).toEqual(money(141, 'JPY'));
    expect(() => percentOf(money(1000, 'USD'), 1.234)).toThrow(RangeError);
  });

  it('prorates exactly, rounding half away from zero once', () => {
    expect(prorate(money(1000, 'USD'), 1, 3)).toEqual(money(333, 'USD'));
    expect(prorate(money(1000, 'USD'), 2, 3)).toEqual(money(667, 'USD'));
    expect(prorate(money(5, 'JPY'), 1, 2)).toEqual(money(3, 'JPY'));
    expect(prorate(money(-5, 'JPY'), 1, 2)).toEqual(money(-3, 'JPY'));
    expect(prorate(money(7, 'USD'), 0, 9)).toEqual(money(0, 'USD'));
    expect(() => prorate(money(7, 'USD'), 1, 0)).toThrow(RangeError);
    // beyond 2^53 in the intermediate product: still exact
    expect(prorate(money(9_000_000_000_001, 'USD'), 999_999, 1_000_000)).toEqual(
      money(8_999_991_000_001, 'USD'),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        (amount, part, whole) => {
          const got = BigInt(prorate(money(amount, 'EUR'), part, whole).amount);
          // |got - amount * part / whole| <= 1/2, checked in integers
          const error = got * BigInt(whole) - BigInt(amount) * BigInt(part);
          const twice = 2n * (error < 0n ? -error : error);
          expect(twice <= BigInt(whole)).toBe(true);
          // a tie goes away from zero
          if (twice === BigInt(whole)) expect(error > 0n === amount > 0).toBe(true);
        },
      ),
    );
  });

  it('allocates without losing or inventing a minor unit', () => {
    expect(allocate(money(100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(-100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 })
          .filter((r) => r.some((x) => x > 0)),
        (amount, ratios) => {
          const parts = allocate(money(amount, 'EUR'), ratios);
          expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(amount);
          parts.forEach((p, i) => {
            if (ratios[i] === 0) expect(p.amount).toBe(0);
          });
        },
      ),
    );
  });

  it('formats and parses decimal strings exactly for every exponent', () => {
    expect(toDecimalString(money(1234, 'USD'))).toBe('12.34');
    expect(toDecimalString(money(5, 'USD'))).toBe('0.05');
    expect(toDecimalString(money(-5, 'USD'))).toBe('-0.05');
    expect(toDecimalString(money(1234, 'JPY'))).toBe('1234');
    expect(toDecimalString(money(1234, 'KWD'))).toBe('1.234');
    expect(fromDecimalString('12.3', 'USD')).toEqual(money(1230, 'USD'));
    expect(fromDecimalString('1.5', 'KWD')).toEqual(money(1500, 'KWD'));
    expect(() => fromDecimalString('1.5', 'JPY')).toThrow(RangeError);
    expect(() => fromDecimalString('1.2.3', 'USD')).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'),
        (amount, currency) => {
          expect(fromDecimalString(toDecimalString(money(amount, currency)), currency)).toEqual(
            money(amount, currency),
          );
        },
      ),
    );
  });
});
