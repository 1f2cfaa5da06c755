// The legal sending windows the outbox enforces, listed for the settings page (read-only), and the check
// that a shop's own window only narrows them.
import type { LegalQuietHours } from '../contracts/compliance.js';
import {
  COUNTRY_QUIET_HOURS,
  DEFAULT_QUIET_HOURS_RULE,
  REGION_QUIET_HOURS,
  type QuietHoursRule,
} from '../messaging/compliance/index.js';

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', CA: 'Canada', FR: 'France' };
const REGION_NAMES: Record<string, string> = {
  'US-FL': 'Florida',
  'US-OK': 'Oklahoma',
  'US-MD': 'Maryland',
  'US-WA': 'Washington',
  'US-CT': 'Connecticut',
};

const view = (region: string, label: string, rule: QuietHoursRule): LegalQuietHours => ({
  region,
  label,
  startMinute: rule.startMinute,
  endMinute: rule.endMinute,
  weekdays: [...rule.weekdays],
  holidays: rule.holidays,
});

export function legalQuietHoursList(): LegalQuietHours[] {
  return [
    ...Object.entries(COUNTRY_QUIET_HOURS).map(([cc, rule]) => view(cc, COUNTRY_NAMES[cc] ?? cc, rule)),
    ...Object.entries(REGION_QUIET_HOURS).map(([key, rule]) => view(key, REGION_NAMES[key] ?? key, rule)),
    view('*', 'Everywhere else', DEFAULT_QUIET_HOURS_RULE),
  ];
}

const clock = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * A shop window may only be stricter than the law: it must not start before the earliest legal start nor
 * end after the latest legal end, and it must overlap every legal window (or nothing could ever be sent
 * somewhere). Returns the field and message of the first problem, or null.
 */
export function shopWindowProblem(window: {
  startMinute: number;
  endMinute: number;
}): { field: 'startMinute' | 'endMinute'; message: string } | null {
  const rules = [
    ...Object.values(COUNTRY_QUIET_HOURS),
    ...Object.values(REGION_QUIET_HOURS),
    DEFAULT_QUIET_HOURS_RULE,
  ];
  const earliestStart = Math.min(...rules.map((r) => r.startMinute));
  const latestEnd = Math.max(...rules.map((r) => r.endMinute));
  const latestStart = Math.max(...rules.map((r) => r.startMinute));
  const earliestEnd = Math.min(...rules.map((r) => r.endMinute));
  if (window.startMinute < earliestStart)
    return {
      field: 'startMinute',
      message: `must be ${clock(earliestStart)} or later: the law allows no texts before ${clock(earliestStart)}, and your window can only be stricter`,
    };
  if (window.endMinute > latestEnd)
    return {
      field: 'endMinute',
      message: `must be ${clock(latestEnd)} or earlier: the law allows no texts after ${clock(latestEnd)}, and your window can only be stricter`,
    };
  if (window.startMinute >= earliestEnd)
    return {
      field: 'startMinute',
      message: `must be before ${clock(earliestEnd)}: some recipients may get no texts from ${clock(earliestEnd)} on, so nothing could be sent to them`,
    };
  if (window.endMinute <= latestStart)
    return {
      field: 'endMinute',
      message: `must be after ${clock(latestStart)}: no recipient may get texts before ${clock(latestStart)}`,
    };
  return null;
}
