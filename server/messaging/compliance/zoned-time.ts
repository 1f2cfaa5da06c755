// Wall-clock arithmetic in IANA time zones using only Intl.DateTimeFormat (no date libraries).
// All instants are epoch milliseconds; all calendar fields are 1-based months and 0 = Sunday weekdays.
import { AppError } from '../../errors.js';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  const cached = formatters.get(zone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new AppError({ code: 'invalid_time_zone', message: `Unknown IANA time zone: ${zone}`, cause });
  }
  formatters.set(zone, formatter);
  return formatter;
}

/** True when the runtime knows this IANA zone name. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Weekday of a calendar date (proleptic Gregorian), 0 = Sunday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The calendar date `days` after `date` (days may be negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Local wall-clock reading of an instant in a zone. */
export function wallClockAt(instantMs: number, zone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = fields.year ?? NaN;
  const month = fields.month ?? NaN;
  const day = fields.day ?? NaN;
  const hour = (fields.hour ?? NaN) % 24; // some ICU builds print midnight as 24
  const wall = { year, month, day, hour, minute: fields.minute ?? NaN, second: fields.second ?? NaN };
  if (Object.values(wall).some((v) => !Number.isFinite(v))) {
    throw new AppError({ code: 'time_zone_format', message: `Could not read wall clock for ${zone}` });
  }
  return { ...wall, weekday: weekdayOf(wall) };
}

/** The wall clock expressed as if it were UTC, in ms (seconds precision). */
function wallMs(instantMs: number, zone: string): number {
  const w = wallClockAt(instantMs, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** UTC offset of the zone at an instant, in ms (local = UTC + offset). */
export function offsetMsAt(instantMs: number, zone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallMs(wholeSecond, zone) - wholeSecond;
}

/**
 * The first instant at which the zone's wall clock reads `date` at `minuteOfDay` or later.
 * When that wall time occurs twice (DST fall-back) this is its first occurrence; when it does
 * not exist (DST spring-forward gap) this is the instant the clocks jump past it.
 */
export function instantOfWallTime(date: CalendarDate, minuteOfDay: number, zone: string): number {
  const target = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  // Offsets a day either side cover both sides of any single transition near the target.
  const candidates = [
    ...new Set([target - offsetMsAt(target - DAY_MS, zone), target - offsetMsAt(target + DAY_MS, zone)]),
  ].sort((a, b) => a - b);
  const exact = candidates.find((c) => wallMs(c, zone) === target);
  if (exact !== undefined) return exact;
  // In a gap: binary-search (to the second) the first instant whose wall clock is >= target.
  let lo = candidates[0] ?? target;
  let hi = candidates[candidates.length - 1] ?? target;
  if (wallMs(lo, zone) >= target) return lo;
  while (hi - lo > 1000) {
    const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    if (wallMs(mid, zone) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The start of the next whole minute strictly after the instant. */
export function nextMinuteAfter(instantMs: number): number {
  return (Math.floor(instantMs / MINUTE_MS) + 1) * MINUTE_MS;
}
