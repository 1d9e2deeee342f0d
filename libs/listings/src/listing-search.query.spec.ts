import { describe, expect, it } from '@jest/globals';
import { encodeCursor } from '@app/core';
import fc from 'fast-check';
import { decodeSearchCursor, encodeSearchCursor, isTimestampText } from './listing-search.query';

const id = '6f1c1c3e-8a4b-4c47-9d1e-2b8f0a6c9e11';

describe('search cursors', () => {
  it('round-trip for each sort', () => {
    const cases = [
      { sort: 'newest', value: '2031-01-01 10:00:00.123456+00' },
      { sort: 'price_asc', value: '12000' },
      { sort: 'price_desc', value: '0' },
      { sort: 'rating', value: '4.87' },
      { sort: 'distance', value: '1.2345678901234567' },
    ] as const;
    for (const c of cases)
      expect(decodeSearchCursor(encodeSearchCursor({ ...c, id }), c.sort)).toEqual({ ...c, id });
  });

  it('refuse a cursor of another sort, a bad id or a value SQL would choke on', () => {
    const bad = [
      encodeSearchCursor({ sort: 'newest', value: '2031-01-01 10:00:00+00', id }),
      encodeCursor({ s: 'price_asc', v: '12; DROP TABLE listings', id }),
      encodeCursor({ s: 'price_asc', v: '12', id: 'not-a-uuid' }),
      encodeCursor({ s: 'price_asc', v: '12', id, extra: 1 }),
      encodeCursor({ s: 'price_asc', v: '9999999999', id }),
      'bm90LWpzb24',
    ];
    for (const cursor of bad)
      expect(() => decodeSearchCursor(cursor, 'price_asc')).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }) as unknown as Error,
      );
  });

  it('never throws anything but INVALID_CURSOR for arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeSearchCursor(Buffer.from(s).toString('base64url'), 'rating');
          return true;
        } catch (error) {
          return (error as { code?: string }).code === 'INVALID_CURSOR';
        }
      }),
    );
  });

  it('timestamps in PostgreSQL text form only', () => {
    expect(isTimestampText('2031-01-01 10:00:00+00')).toBe(true);
    expect(isTimestampText('2031-01-01 10:00:00.5+05:30')).toBe(true);
    expect(isTimestampText('2031-13-01 10:00:00+00')).toBe(false);
    expect(isTimestampText('yesterday')).toBe(false);
    expect(isTimestampText('2031-02-30 10:00:00+00')).toBe(false);
    expect(isTimestampText('2031-01-01 25:00:00+00')).toBe(false);
  });

  it('values PostgreSQL could not cast are refused before any SQL runs', () => {
    for (const [sort, v] of [
      ['distance', '1e999'],
      ['rating', 'NaN'],
      ['newest', '2031-02-30 10:00:00+00'],
    ] as const)
      expect(() => decodeSearchCursor(encodeCursor({ s: sort, v, id }), sort)).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }) as unknown as Error,
      );
  });
});
