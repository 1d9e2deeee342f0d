import { DomainError, ErrorCode } from '@app/core';
import { MAX_RANGE_DAYS } from './listing-catalogue';

const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isStayDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Checks a half-open stay or window `[start, end)`: end after start, at most
 * MAX_RANGE_DAYS long. Returns the number of nights.
 */
export function checkDateRange(
  start: string,
  end: string,
  names: { start: string; end: string } = { start: 'checkIn', end: 'checkOut' },
): number {
  const days = daysBetween(start, end);
  if (days <= 0)
    throw new DomainError(
      ErrorCode.INVALID_DATE_RANGE,
      `${names.end} must be after ${names.start}`,
      {
        fieldErrors: [{ field: names.end, message: `${names.end} must be after ${names.start}` }],
      },
    );
  if (days > MAX_RANGE_DAYS)
    throw new DomainError(
      ErrorCode.DATE_RANGE_TOO_LONG,
      `The range may span at most ${MAX_RANGE_DAYS} days`,
      {
        fieldErrors: [
          { field: names.end, message: `at most ${MAX_RANGE_DAYS} days after ${names.start}` },
        ],
      },
    );
  return days;
}
