// A 429's Retry-After (RFC 9110 §10.2.3) as a delay in ms: delay-seconds ("120") or an HTTP-date in any of
// its three forms (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", the obsolete RFC 850 "Sunday, 06-Nov-94
// 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994", all GMT). Strict: anything else is no value, so the
// outbox's own backoff applies. A date in the past is 0. The result is clamped to RETRY_AFTER_MAX_MS: a
// broken or hostile header must not stop a shop's sending for hours (the hold is lifted then, and a new 429
// holds it again).

/** The longest a Retry-After may hold a shop's sends back: the outbox's default longest retry delay. */
export const RETRY_AFTER_MAX_MS = 15 * 60_000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

function utc(
  year: number,
  month: string,
  day: string,
  hh: string,
  mm: string,
  ss: string,
): number | undefined {
  const [d, h, mi, se] = [Number(day), Number(hh), Number(mm), Number(ss)];
  const m = MONTHS.indexOf(month);
  // Impossible fields (31 Feb, 25:00) are not a date, rather than rolled over by Date.UTC.
  if (h > 23 || mi > 59 || se > 60 || d < 1 || new Date(Date.UTC(year, m, d)).getUTCMonth() !== m)
    return undefined;
  return Date.UTC(year, m, d, h, mi, Math.min(se, 59));
}

/** The HTTP-date as ms since the epoch, or undefined when `value` is not one. */
export function parseHttpDate(value: string, nowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC850_DATE.exec(value);
  if (m) {
    // A two-digit year more than 50 years in the future is the most recent past year with those digits.
    const nowYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(m[3]);
    if (year > nowYear + 50) year -= 100;
    return utc(year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME_DATE.exec(value);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return undefined;
}

/** Retry-After as a delay in ms from `nowMs` (0..RETRY_AFTER_MAX_MS), or undefined when absent or invalid. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, RETRY_AFTER_MAX_MS);
  const at = parseHttpDate(value, nowMs);
  if (at === undefined) return undefined;
  return Math.min(Math.max(0, at - nowMs), RETRY_AFTER_MAX_MS);
}
