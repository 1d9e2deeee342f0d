import { currencyExponent, isCurrencyCode } from './currencies';

/** An amount in integer minor units (cents, yen, fils) of an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Money amount must be an integer of minor units, got ${amount}`);
  if (!isCurrencyCode(currency)) throw new RangeError(`Unknown ISO 4217 currency: ${currency}`);
  return Object.freeze({ amount, currency });
}

export function zero(currency: string): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency)
    throw new RangeError(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function add(a: Money, ...rest: Money[]): Money {
  return rest.reduce((sum, m) => {
    sameCurrency(sum, m);
    return money(sum.amount + m.amount, sum.currency);
  }, a);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/**
 * The project's single rounding rule: half away from zero, on minor units.
 * Every fractional money computation ends here.
 */
export function roundMinor(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded; // no -0
}

/** Multiplies by an integer count (nights, guests). */
export function times(m: Money, count: number): Money {
  if (!Number.isInteger(count)) throw new RangeError(`times() takes an integer, got ${count}`);
  return money(m.amount * count, m.currency);
}

/**
 * A percentage of an amount, rounded once with roundMinor. `percent` may have
 * up to two decimals (12.5 means 12.5 %); it is scaled to basis points and
 * computed in integers, so binary fractions never move the rounding.
 */
export function percentOf(m: Money, percent: number): Money {
  const basisPoints = Math.round(percent * 100);
  if (Math.abs(percent * 100 - basisPoints) > 1e-9)
    throw new RangeError(`percent has more than 2 decimals: ${percent}`);
  return prorate(m, basisPoints, 10_000);
}

/**
 * `m × numerator / denominator` (a share of an amount: the refunded part of the
 * taxes), computed exactly in integers and rounded once by the rule of
 * roundMinor, half away from zero.
 */
export function prorate(m: Money, numerator: number, denominator: number): Money {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0)
    throw new RangeError(`prorate() takes integers and a non-zero denominator`);
  const n = BigInt(m.amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const quotient = n / d;
  const remainder = n % d;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const awayFromZero = 2n * abs(remainder) >= abs(d) ? (n < 0n !== d < 0n ? -1n : 1n) : 0n;
  return money(roundMinor(Number(quotient + awayFromZero)), m.currency);
}

/**
 * Splits an amount into parts proportional to `ratios` without losing a minor
 * unit: the remainder goes to the largest parts first.
 */
export function allocate(m: Money, ratios: number[]): Money[] {
  const total = ratios.reduce((s, r) => s + r, 0);
  if (ratios.length === 0 || total <= 0 || ratios.some((r) => r < 0))
    throw new RangeError('allocate() needs non-negative ratios with a positive sum');
  const sign = m.amount < 0 ? -1 : 1;
  const abs = Math.abs(m.amount);
  const parts = ratios.map((r) => Math.floor((abs * r) / total));
  let remainder = abs - parts.reduce((s, p) => s + p, 0);
  const order = ratios.map((r, i) => ({ r, i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) parts[order[k].i] += 1;
  return parts.map((p) => money(roundMinor(sign * p), m.currency));
}

/** "12.34" for { amount: 1234, currency: 'USD' }; "1234" for JPY; "1.234" for KWD. */
export function toDecimalString(m: Money): string {
  const exp = currencyExponent(m.currency);
  const sign = m.amount < 0 ? '-' : '';
  const digits = Math.abs(m.amount)
    .toString()
    .padStart(exp + 1, '0');
  return exp === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

/** Parses a decimal string exactly ("12.3" USD -> 1230); more decimals than the currency has is an error. */
export function fromDecimalString(value: string, currency: string): Money {
  const exp = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${value}`);
  const [, neg, whole, frac = ''] = match;
  if (frac.length > exp)
    throw new RangeError(`${currency} has ${exp} decimal places, got ${value}`);
  const minor = Number(whole + frac.padEnd(exp, '0'));
  return money(neg ? -minor : minor, currency);
}
