import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/core';
import { addDays, checkDateRange, daysBetween, isStayDate } from './stay-date';

describe('stay dates', () => {
  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isStayDate('2031-02-28')).toBe(true);
    expect(isStayDate('2032-02-29')).toBe(true);
    for (const bad of [
      '2031-02-29',
      '2031-13-01',
      '2031-1-01',
      '20310101',
      '2031-01-01T00:00:00Z',
      20310101,
    ])
      expect(isStayDate(bad)).toBe(false);
  });

  it('counts nights across month, year and DST boundaries', () => {
    expect(daysBetween('2031-03-29', '2031-03-31')).toBe(2);
    expect(daysBetween('2031-12-30', '2032-01-02')).toBe(3);
    expect(addDays('2032-02-28', 1)).toBe('2032-02-29');
  });

  it('a range must end after it starts and last at most 366 days', () => {
    expect(checkDateRange('2031-01-01', '2031-01-04')).toBe(3);
    expect(checkDateRange('2031-01-01', '2032-01-02')).toBe(366);
    expect(() => checkDateRange('2031-01-04', '2031-01-04')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE_RANGE' }) as unknown as DomainError,
    );
    expect(() => checkDateRange('2031-01-01', '2032-01-03')).toThrow(
      expect.objectContaining({ code: 'DATE_RANGE_TOO_LONG' }) as unknown as DomainError,
    );
  });
});
