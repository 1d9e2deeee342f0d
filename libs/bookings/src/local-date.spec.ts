import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  datesBetween,
  daysBetween,
  isLocalDate,
  isTimeZone,
  localDateOf,
  parseLocalDate,
  zonedInstant,
} from './local-date';

describe('calendar dates', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-04-31')).toBe(false);
    expect(isLocalDate('2025-1-01')).toBe(false);
    expect(isLocalDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(parseLocalDate('1970-01-02')).toBe(1);
  });

  it('counts and walks calendar days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-12-28', '2026-01-04')).toBe(7);
    expect(datesBetween('2025-12-30', '2026-01-02')).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
    ]);
    expect(datesBetween('2026-01-02', '2026-01-02')).toEqual([]);
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('time zones', () => {
  it('knows IANA zones through Intl', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it.each([
    ['2025-01-15', '15:00', 'Europe/Paris', '2025-01-15T14:00:00.000Z'],
    ['2025-06-15', '15:00', 'Europe/Paris', '2025-06-15T13:00:00.000Z'],
    ['2025-06-15', '15:00', 'Asia/Tokyo', '2025-06-15T06:00:00.000Z'],
    ['2025-06-15', '15:00', 'Asia/Kolkata', '2025-06-15T09:30:00.000Z'],
    ['2025-06-15', '00:00', 'Pacific/Kiritimati', '2025-06-14T10:00:00.000Z'],
    ['2025-03-09', '15:00', 'America/New_York', '2025-03-09T19:00:00.000Z'],
    ['2025-03-08', '15:00', 'America/New_York', '2025-03-08T20:00:00.000Z'],
    // skipped by the spring-forward change: read with the offset before it
    ['2025-03-09', '02:30', 'America/New_York', '2025-03-09T07:30:00.000Z'],
    // happens twice on the fall-back night: the first one
    ['2025-11-02', '01:30', 'America/New_York', '2025-11-02T05:30:00.000Z'],
    // a half-hour daylight-saving change
    ['2025-10-05', '02:15', 'Australia/Lord_Howe', '2025-10-04T15:45:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, iso) => {
    expect(zonedInstant(date, time, zone).toISOString()).toBe(iso);
  });

  it('tells the local date of an instant', () => {
    const instant = new Date('2025-06-01T23:30:00Z');
    expect(localDateOf(instant, 'Asia/Tokyo')).toBe('2025-06-02');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2025-06-01');
    expect(localDateOf(instant, 'UTC')).toBe('2025-06-01');
  });

  it('refuses malformed times', () => {
    expect(() => zonedInstant('2025-06-01', '24:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2025-06-01', '3pm', 'UTC')).toThrow(RangeError);
  });

  it('puts a check-in time on its own local date in any zone and season', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Tokyo',
      'America/Sao_Paulo',
      'Pacific/Auckland',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.constantFrom(...zones),
        fc.constantFrom('00:00', '11:00', '15:00', '23:59'),
        (offset, zone, time) => {
          const date = addDays('2024-01-01', offset);
          const instant = zonedInstant(date, time, zone);
          expect(localDateOf(instant, zone)).toBe(date);
          const local = new Intl.DateTimeFormat('en-GB', {
            timeZone: zone,
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          }).format(instant);
          expect(local).toBe(time);
        },
      ),
    );
  });
});
