/**
 * Calendar dates of a listing (`YYYY-MM-DD`, no time zone) and the instants
 * they meet in the listing's IANA time zone. Time-zone rules come from Intl,
 * so no date library is needed.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or undefined (2025-02-30 is not a date). */
export function parseLocalDate(value: string): number | undefined {
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / DAY_MS;
}

function dayNumber(value: string): number {
  const day = parseLocalDate(value);
  if (day === undefined) throw new RangeError(`Not a YYYY-MM-DD date: ${value}`);
  return day;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isLocalDate(value: string): boolean {
  return parseLocalDate(value) !== undefined;
}

/** `date` moved by whole calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return formatDay(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (nights of a stay from check-in to check-out). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Every date from `from` (included) to `to` (excluded): the nights of a stay. */
export function datesBetween(from: string, to: string): string[] {
  const start = dayNumber(from);
  return Array.from({ length: Math.max(0, dayNumber(to) - start) }, (_, i) => formatDay(start + i));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a time zone Intl knows (`Europe/Paris`, `UTC`); `Mars/Base` is not one. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of an instant in a time zone, as if they were UTC (ms). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return (
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) +
    (instantMs - wholeSeconds)
  );
}

/** UTC offset of the zone at an instant, in ms (Paris in winter: +3 600 000). */
function offsetMs(instantMs: number, timeZone: string): number {
  return wallClockMs(instantMs, timeZone) - instantMs;
}

/** The calendar date an instant falls on in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant a wall-clock time (`HH:mm`) happens on a date in a time zone.
 * Like Temporal's "compatible" choice: a time skipped by a spring-forward
 * change is read with the offset before it (02:30 -> 03:30), and a time that
 * happens twice on a fall-back night is the earlier one.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`Not an HH:mm time: ${time}`);
  const wall = dayNumber(date) * DAY_MS + (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after]
    .filter((instant) => wallClockMs(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}

export function isTimeOfDay(value: string): boolean {
  return TIME_PATTERN.test(value);
}
