// Cross-checks the jumping search in nextAllowedSendTime against a naive minute-by-minute scan.
import { isFrenchPublicHoliday } from '../../../../server/messaging/compliance/french-holidays.js';
import {
  nextAllowedSendTime,
  quietHoursWindow,
  type QuietHoursWindow,
} from '../../../../server/messaging/compliance/quiet-hours.js';
import { wallClockAt } from '../../../../server/messaging/compliance/zoned-time.js';

const MINUTE = 60_000;

function allowedEverywhere(ms: number, zones: readonly string[], w: QuietHoursWindow): boolean {
  return zones.every((zone) => {
    const c = wallClockAt(ms, zone);
    const minute = c.hour * 60 + c.minute;
    const holiday = w.holidays === 'FR' && isFrenchPublicHoliday(c.year, c.month, c.day);
    return !holiday && w.weekdays.includes(c.weekday) && minute >= w.startMinute && minute < w.endMinute;
  });
}

function naiveNext(startMs: number, zones: readonly string[], w: QuietHoursWindow): number | null {
  for (let t = startMs, i = 0; i < 6 * 24 * 60; i++, t = Math.floor(t / MINUTE) * MINUTE + MINUTE) {
    if (allowedEverywhere(t, zones, w)) return t;
  }
  return null;
}

/** Deterministic PRNG (mulberry32) so the cases are fixed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCENARIOS = [
  { zones: ['America/New_York'], countryCode: 'US', provinceCode: 'NY' },
  { zones: ['America/New_York', 'America/Chicago'], countryCode: 'US', provinceCode: 'FL' },
  {
    zones: ['America/Anchorage', 'America/Adak'],
    countryCode: 'US',
    provinceCode: 'AK',
    merchant: { startMinute: 570, endMinute: 1110 },
  },
  { zones: ['Europe/Paris'], countryCode: 'FR' },
  { zones: ['America/St_Johns', 'America/Goose_Bay'], countryCode: 'CA', provinceCode: 'NL' },
  { zones: ['Australia/Sydney', 'Australia/Lord_Howe', 'Australia/Broken_Hill'], countryCode: 'AU' },
] as const;

/** Around DST changes and French holidays, plus arbitrary dates. */
const ANCHORS = [
  '2025-03-09T00:00:00Z',
  '2025-03-29T00:00:00Z',
  '2025-04-05T00:00:00Z',
  '2025-07-12T00:00:00Z',
  '2025-10-25T00:00:00Z',
  '2025-11-01T00:00:00Z',
  '2027-03-26T00:00:00Z',
];

describe('nextAllowedSendTime agrees with a minute-by-minute scan', () => {
  const random = rng(20250601);
  for (const scenario of SCENARIOS) {
    it(`${scenario.zones.join(' + ')} (${scenario.countryCode})`, () => {
      const window = quietHoursWindow(scenario);
      for (const anchor of ANCHORS) {
        for (let k = 0; k < 3; k++) {
          const now =
            Date.parse(anchor) +
            Math.floor(random() * 3 * 24 * 60) * MINUTE +
            Math.floor(random() * 60) * 1000;
          const expected = naiveNext(now, scenario.zones, window);
          const decision = nextAllowedSendTime({ now: new Date(now), ...scenario });
          const actual = decision.allowed ? now : (decision.nextAt?.getTime() ?? null);
          expect({
            now: new Date(now).toISOString(),
            next: actual === null ? null : new Date(actual).toISOString(),
          }).toEqual({
            now: new Date(now).toISOString(),
            next: expected === null ? null : new Date(expected).toISOString(),
          });
        }
      }
    });
  }
});
