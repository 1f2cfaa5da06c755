// When may a message be sent? A send is allowed only if the instant falls inside the sending
// window in EVERY candidate zone of the recipient; otherwise we compute the next such minute,
// jumping from window opening to window opening (DST-correct, bounded) instead of scanning minutes.
import { AppError, assertNever } from '../../errors.js';
import { isFrenchPublicHoliday } from './french-holidays.js';
import {
  quietHoursWindow,
  type HolidayCalendar,
  type MerchantQuietHours,
  type QuietHoursWindow,
} from './quiet-hours-rules.js';
import { countryTimeZones } from './time-zones.js';
import {
  addDays,
  instantOfWallTime,
  nextMinuteAfter,
  wallClockAt,
  weekdayOf,
  type CalendarDate,
} from './zoned-time.js';

export { quietHoursWindow };
export type { MerchantQuietHours, QuietHoursWindow };

export type QuietHoursReason = 'quiet_hours' | 'day_not_allowed' | 'public_holiday';

export type SendTimeDecision =
  | { allowed: true }
  | { allowed: false; nextAt: Date; reason: QuietHoursReason }
  /**
   * No minute in the next 14 days is inside the window in every candidate zone (e.g. a one-hour
   * merchant window and zones an hour apart, or a merchant window outside the legal one), or the
   * recipient's zone cannot be known at all. There is nothing sensible to schedule for.
   */
  | { allowed: false; nextAt: null; reason: 'no_common_window' | 'unknown_time_zone' };

export interface NextAllowedSendTimeInput {
  now: Date;
  /** Candidate zones (see resolveTimeZones). Empty: all zones of the country are assumed. */
  zones: readonly string[];
  countryCode: string | null | undefined;
  provinceCode?: string | null;
  merchant?: MerchantQuietHours | null;
}

const HORIZON_MS = 14 * 86_400_000;
const MAX_JUMPS = 200;
/** Longest run of consecutive non-sending days we look through for one zone (FR: Sun + holidays). */
const MAX_BLOCKED_DAYS = 14;
const REASON_PRIORITY: Record<QuietHoursReason, number> = {
  quiet_hours: 0,
  day_not_allowed: 1,
  public_holiday: 2,
};

function isHoliday(calendar: HolidayCalendar | null, date: CalendarDate): boolean {
  switch (calendar) {
    case null:
      return false;
    case 'FR':
      return isFrenchPublicHoliday(date.year, date.month, date.day);
    default:
      return assertNever(calendar, 'holiday calendar');
  }
}

function dayBlockedBecause(date: CalendarDate, window: QuietHoursWindow): QuietHoursReason | null {
  if (isHoliday(window.holidays, date)) return 'public_holiday';
  if (!window.weekdays.includes(weekdayOf(date))) return 'day_not_allowed';
  return null;
}

type ZoneCheck = { ok: true } | { ok: false; reason: QuietHoursReason; opensAt: number | null };

/** Is `at` inside the window in `zone`; if not, when does the zone's window next open? */
function checkZone(at: number, zone: string, window: QuietHoursWindow): ZoneCheck {
  const wall = wallClockAt(at, zone);
  const today: CalendarDate = { year: wall.year, month: wall.month, day: wall.day };
  const minute = wall.hour * 60 + wall.minute;
  const dayReason = dayBlockedBecause(today, window);
  if (dayReason === null && minute >= window.startMinute && minute < window.endMinute) return { ok: true };
  const reason = dayReason ?? 'quiet_hours';
  let date = dayReason === null && minute < window.startMinute ? today : addDays(today, 1);
  for (let i = 0; i < MAX_BLOCKED_DAYS; i++) {
    if (dayBlockedBecause(date, window) === null) {
      const opensAt = instantOfWallTime(date, window.startMinute, zone);
      // Always move forward, even through odd DST histories.
      return { ok: false, reason, opensAt: opensAt > at ? opensAt : nextMinuteAfter(at) };
    }
    date = addDays(date, 1);
  }
  return { ok: false, reason, opensAt: null };
}

const noCommonWindow: SendTimeDecision = { allowed: false, nextAt: null, reason: 'no_common_window' };

/**
 * Whether a message may be sent at `now`, or the first minute when it may be.
 *
 * The window is the law for (countryCode, provinceCode) narrowed by the merchant's own window
 * (see quietHoursWindow). With several candidate zones the instant must be inside the window in
 * all of them. With no zones, every zone of the country is a candidate (most restrictive
 * plausible reading; e.g. a US recipient with unknown state and zone may only be messaged when
 * it is 8:00–20:00 from Hawaii to New York); an unknown country with no zones is 'unknown_time_zone'.
 */
export function nextAllowedSendTime(input: NextAllowedSendTimeInput): SendTimeDecision {
  const startMs = input.now.getTime();
  if (!Number.isFinite(startMs))
    throw new AppError({ code: 'invalid_date', message: 'nextAllowedSendTime: now is not a valid date' });
  const window = quietHoursWindow({
    countryCode: input.countryCode,
    provinceCode: input.provinceCode,
    merchant: input.merchant,
  });
  const zones = input.zones.length > 0 ? [...new Set(input.zones)] : countryTimeZones(input.countryCode);
  if (zones.length === 0) return { allowed: false, nextAt: null, reason: 'unknown_time_zone' };
  if (window.startMinute >= window.endMinute || window.weekdays.length === 0) return noCommonWindow;

  let at = startMs;
  let reasonNow: QuietHoursReason = 'quiet_hours';
  for (let jump = 0; jump < MAX_JUMPS; jump++) {
    let next = at;
    let blocked = false;
    for (const zone of zones) {
      const check = checkZone(at, zone, window);
      if (check.ok) continue;
      if (check.opensAt === null) return noCommonWindow;
      if (jump === 0 && (!blocked || REASON_PRIORITY[check.reason] > REASON_PRIORITY[reasonNow]))
        reasonNow = check.reason;
      blocked = true;
      next = Math.max(next, check.opensAt);
    }
    if (!blocked)
      return jump === 0 ? { allowed: true } : { allowed: false, nextAt: new Date(at), reason: reasonNow };
    if (next - startMs > HORIZON_MS) return noCommonWindow;
    at = next;
  }
  return noCommonWindow;
}
