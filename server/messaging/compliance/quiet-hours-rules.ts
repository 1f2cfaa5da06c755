// Legal sending windows by country and region, and how a merchant's own window narrows them.
// Minutes are counted from local midnight; a window is [startMinute, endMinute): 8:00–21:00 means
// the last allowed send starts at 20:59 and a send at exactly 21:00 must wait.
import { AppError } from '../../errors.js';
import { normalizeProvince } from './time-zones.js';

export type HolidayCalendar = 'FR';

export interface QuietHoursRule {
  startMinute: number;
  endMinute: number;
  /** Days on which sending is allowed, 0 = Sunday … 6 = Saturday. */
  weekdays: readonly number[];
  /** Public holidays on which sending is not allowed, or null. */
  holidays: HolidayCalendar | null;
}

/**
 * A merchant's own sending window, in local minutes since midnight (end exclusive, start < end,
 * no overnight windows), e.g. `{ startMinute: 600, endMinute: 1080 }` for 10:00–18:00. It can only
 * narrow the legal window: anything outside the law is clamped to it.
 */
export interface MerchantQuietHours {
  startMinute: number;
  endMinute: number;
}

export interface QuietHoursWindow extends QuietHoursRule {
  /** True when the merchant's setting was wider than the law on at least one side. */
  merchantClamped: boolean;
}

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const MONDAY_TO_SATURDAY = [1, 2, 3, 4, 5, 6] as const;
const h = (hour: number): number => hour * 60;

/** Applies everywhere without a more specific rule. */
export const DEFAULT_QUIET_HOURS_RULE: QuietHoursRule = {
  startMinute: h(8),
  endMinute: h(21),
  weekdays: ALL_DAYS,
  holidays: null,
};

export const COUNTRY_QUIET_HOURS: Readonly<Record<string, QuietHoursRule>> = {
  US: DEFAULT_QUIET_HOURS_RULE,
  CA: DEFAULT_QUIET_HOURS_RULE,
  FR: { startMinute: h(8), endMinute: h(20), weekdays: MONDAY_TO_SATURDAY, holidays: 'FR' },
};

/** Keyed by 'CC-REGION'. US state telemarketing laws with an 8 p.m. cut-off. */
export const REGION_QUIET_HOURS: Readonly<Record<string, QuietHoursRule>> = {
  'US-FL': { ...DEFAULT_QUIET_HOURS_RULE, endMinute: h(20) },
  'US-OK': { ...DEFAULT_QUIET_HOURS_RULE, endMinute: h(20) },
  'US-MD': { ...DEFAULT_QUIET_HOURS_RULE, endMinute: h(20) },
  'US-WA': { ...DEFAULT_QUIET_HOURS_RULE, endMinute: h(20) },
  'US-CT': { ...DEFAULT_QUIET_HOURS_RULE, endMinute: h(20) },
};

/** The intersection of rules: latest start, earliest end, common days, any holiday calendar. */
function strictest(rules: readonly QuietHoursRule[], base: QuietHoursRule): QuietHoursRule {
  return rules.reduce<QuietHoursRule>(
    (acc, r) => ({
      startMinute: Math.max(acc.startMinute, r.startMinute),
      endMinute: Math.min(acc.endMinute, r.endMinute),
      weekdays: acc.weekdays.filter((d) => r.weekdays.includes(d)),
      holidays: acc.holidays ?? r.holidays,
    }),
    base,
  );
}

/**
 * The law for a recipient. A known region with its own rule uses it; a known region without one
 * uses the country's rule. When the region is unknown in a country that has regional rules, the
 * strictest of the country's rules applies (a US recipient of unknown state gets 8:00–20:00),
 * since the recipient may live in any of those regions. Unknown countries get the default.
 */
export function legalQuietHoursRule(
  countryCode: string | null | undefined,
  provinceCode?: string | null,
): QuietHoursRule {
  const cc = countryCode?.trim().toUpperCase() ?? '';
  const countryRule = COUNTRY_QUIET_HOURS[cc] ?? DEFAULT_QUIET_HOURS_RULE;
  const province = cc ? normalizeProvince(cc, provinceCode) : null;
  if (province) return REGION_QUIET_HOURS[`${cc}-${province}`] ?? countryRule;
  const regional = Object.entries(REGION_QUIET_HOURS)
    .filter(([key]) => key.startsWith(`${cc}-`))
    .map(([, rule]) => rule);
  return strictest(regional, countryRule);
}

function assertMerchantWindow(merchant: MerchantQuietHours): void {
  const ok = (m: number): boolean => Number.isInteger(m) && m >= 0 && m <= 1440;
  if (!ok(merchant.startMinute) || !ok(merchant.endMinute) || merchant.startMinute >= merchant.endMinute) {
    throw new AppError({
      code: 'invalid_quiet_hours',
      status: 422,
      message: 'Sending window must be whole minutes between 0 and 1440, with the start before the end',
      fields: { startMinute: String(merchant.startMinute), endMinute: String(merchant.endMinute) },
    });
  }
}

/**
 * The effective sending window: the legal rule narrowed by the merchant's window. If the merchant
 * window does not overlap the legal one, the result is empty (startMinute >= endMinute): nothing
 * may be sent until the merchant changes the setting.
 */
export function quietHoursWindow(input: {
  countryCode: string | null | undefined;
  provinceCode?: string | null;
  merchant?: MerchantQuietHours | null;
}): QuietHoursWindow {
  const legal = legalQuietHoursRule(input.countryCode, input.provinceCode);
  const merchant = input.merchant;
  if (!merchant) return { ...legal, merchantClamped: false };
  assertMerchantWindow(merchant);
  return {
    ...legal,
    startMinute: Math.max(legal.startMinute, merchant.startMinute),
    endMinute: Math.min(legal.endMinute, merchant.endMinute),
    merchantClamped: merchant.startMinute < legal.startMinute || merchant.endMinute > legal.endMinute,
  };
}
