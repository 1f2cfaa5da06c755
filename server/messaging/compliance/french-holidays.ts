// French public holidays (jours fériés, nationwide list): eight fixed dates plus the three movable
// ones that hang off Easter. Alsace-Moselle's extra local days (Good Friday, 26 December) are not included.
import type { CalendarDate } from './zoned-time.js';
import { addDays } from './zoned-time.js';

/** Fixed holidays as [month, day]: New Year, Labour Day, VE Day, Bastille Day, Assumption, All Saints, Armistice, Christmas. */
const FIXED: ReadonlyArray<readonly [number, number]> = [
  [1, 1],
  [5, 1],
  [5, 8],
  [7, 14],
  [8, 15],
  [11, 1],
  [11, 11],
  [12, 25],
];

/** Days after Easter Sunday: Easter Monday, Ascension Thursday, Whit Monday. */
const EASTER_OFFSETS = [1, 39, 50] as const;

/** Gregorian Easter Sunday (anonymous Gregorian algorithm / Meeus–Jones–Butcher computus). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const cache = new Map<number, ReadonlySet<string>>();

function key(month: number, day: number): string {
  return `${month}-${day}`;
}

function holidaysOf(year: number): ReadonlySet<string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const days = new Set<string>(FIXED.map(([m, d]) => key(m, d)));
  for (const offset of EASTER_OFFSETS) {
    const date = addDays(easter, offset);
    days.add(key(date.month, date.day));
  }
  cache.set(year, days);
  return days;
}

/** Whether the calendar date (month 1–12) is a French public holiday. */
export function isFrenchPublicHoliday(year: number, month: number, day: number): boolean {
  return holidaysOf(year).has(key(month, day));
}
