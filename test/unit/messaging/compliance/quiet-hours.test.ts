import {
  legalQuietHoursRule,
  nextAllowedSendTime,
  type NextAllowedSendTimeInput,
  type SendTimeDecision,
} from '../../../../server/messaging/compliance/index.js';
import { resolveTimeZones } from '../../../../server/messaging/compliance/time-zones.js';

const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';
const PARIS = 'Europe/Paris';

function decide(nowIso: string, rest: Omit<NextAllowedSendTimeInput, 'now'>): SendTimeDecision {
  return nextAllowedSendTime({ now: new Date(nowIso), ...rest });
}

/** The decision with nextAt as an ISO string, for readable assertions. */
function deferral(
  nowIso: string,
  rest: Omit<NextAllowedSendTimeInput, 'now'>,
): { nextAt: string | null; reason: string } | 'allowed' {
  const d = decide(nowIso, rest);
  if (d.allowed) return 'allowed';
  return { nextAt: d.nextAt ? d.nextAt.toISOString() : null, reason: d.reason };
}

describe('legal windows', () => {
  it('uses 8:00–21:00 in the US and Canada, 8:00–20:00 in the five strict states', () => {
    expect(legalQuietHoursRule('US', 'NY')).toMatchObject({ startMinute: 480, endMinute: 1260 });
    expect(legalQuietHoursRule('CA', 'ON')).toMatchObject({ startMinute: 480, endMinute: 1260 });
    for (const state of ['FL', 'OK', 'MD', 'WA', 'CT', 'US-FL']) {
      expect(legalQuietHoursRule('US', state)).toMatchObject({ startMinute: 480, endMinute: 1200 });
    }
  });

  it('applies the strictest US rule when the state is unknown', () => {
    expect(legalQuietHoursRule('US', null)).toMatchObject({
      startMinute: 480,
      endMinute: 1200,
      weekdays: [0, 1, 2, 3, 4, 5, 6],
    });
  });

  it('uses 8:00–20:00 Monday–Saturday without holidays in France, 8:00–21:00 elsewhere', () => {
    expect(legalQuietHoursRule('FR')).toEqual({
      startMinute: 480,
      endMinute: 1200,
      weekdays: [1, 2, 3, 4, 5, 6],
      holidays: 'FR',
    });
    expect(legalQuietHoursRule('DE')).toEqual({
      startMinute: 480,
      endMinute: 1260,
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      holidays: null,
    });
    expect(legalQuietHoursRule(null)).toMatchObject({ startMinute: 480, endMinute: 1260 });
  });
});

describe('DST in America/New_York', () => {
  const ny = { zones: [NY], countryCode: 'US', provinceCode: 'NY' };

  it('defers 7:30 EDT on the spring-forward day to 8:00 EDT', () => {
    expect(deferral('2025-03-09T11:30:00Z', ny)).toEqual({
      nextAt: '2025-03-09T12:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('defers 1:30 EST (before the jump) to 8:00 EDT, 5½ real hours later', () => {
    expect(deferral('2025-03-09T06:30:00Z', ny)).toEqual({
      nextAt: '2025-03-09T12:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('allows exactly 8:00 and refuses 7:59:59', () => {
    expect(deferral('2025-03-09T12:00:00Z', ny)).toBe('allowed');
    expect(deferral('2025-03-09T11:59:59Z', ny)).toEqual({
      nextAt: '2025-03-09T12:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('defers 21:30 EDT on the eve of fall-back to 8:00 EST', () => {
    expect(deferral('2025-11-02T01:30:00Z', ny)).toEqual({
      nextAt: '2025-11-02T13:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('on the fall-back day, 12:30Z is 7:30 EST (not 8:30) and waits until 13:00Z', () => {
    expect(deferral('2025-11-02T12:30:00Z', ny)).toEqual({
      nextAt: '2025-11-02T13:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral('2025-11-02T06:30:00Z', ny)).toEqual({
      nextAt: '2025-11-02T13:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('treats the end of the window as exclusive', () => {
    expect(deferral('2025-07-02T00:59:00Z', ny)).toBe('allowed'); // 20:59 EDT
    expect(deferral('2025-07-02T01:00:00Z', ny)).toEqual({
      nextAt: '2025-07-02T12:00:00.000Z',
      reason: 'quiet_hours',
    });
  });
});

describe('DST in Europe/Paris', () => {
  const parisDefaultRules = { zones: [PARIS], countryCode: null };

  it('defers 7:30 CEST on the spring-forward day to 8:00 CEST (non-French rules)', () => {
    expect(deferral('2025-03-30T05:30:00Z', parisDefaultRules)).toEqual({
      nextAt: '2025-03-30T06:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral('2025-03-30T00:30:00Z', parisDefaultRules)).toEqual({
      nextAt: '2025-03-30T06:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('defers 7:30 CET on the fall-back day to 8:00 CET', () => {
    expect(deferral('2025-10-26T06:30:00Z', parisDefaultRules)).toEqual({
      nextAt: '2025-10-26T07:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('under French rules skips the spring-forward Sunday: Saturday 20:30 CET → Monday 8:00 CEST', () => {
    expect(deferral('2025-03-29T19:30:00Z', { zones: [PARIS], countryCode: 'FR' })).toEqual({
      nextAt: '2025-03-31T06:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('under French rules skips the fall-back Sunday: Saturday 20:15 CEST → Monday 8:00 CET', () => {
    expect(deferral('2025-10-25T18:15:00Z', { zones: [PARIS], countryCode: 'FR' })).toEqual({
      nextAt: '2025-10-27T07:00:00.000Z',
      reason: 'quiet_hours',
    });
  });
});

describe('France: days and holidays', () => {
  const fr = { zones: [PARIS], countryCode: 'FR' };

  it('defers a Sunday to Monday 8:00', () => {
    expect(deferral('2025-06-15T10:00:00Z', fr)).toEqual({
      nextAt: '2025-06-16T06:00:00.000Z',
      reason: 'day_not_allowed',
    });
  });

  it('allows Saturday daytime but stops at 20:00', () => {
    expect(deferral('2025-06-14T10:00:00Z', fr)).toBe('allowed');
    expect(deferral('2025-06-14T18:00:00Z', fr)).toEqual({
      nextAt: '2025-06-16T06:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('skips 14 July (a Monday in 2025) after a Sunday', () => {
    expect(deferral('2025-07-13T10:00:00Z', fr)).toEqual({
      nextAt: '2025-07-15T06:00:00.000Z',
      reason: 'day_not_allowed',
    });
    expect(deferral('2025-07-14T08:00:00Z', fr)).toEqual({
      nextAt: '2025-07-15T06:00:00.000Z',
      reason: 'public_holiday',
    });
  });

  it('skips Easter Monday 2027 (29 March), which follows the DST change', () => {
    expect(deferral('2027-03-27T19:30:00Z', fr)).toEqual({
      nextAt: '2027-03-30T06:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral('2027-03-29T07:00:00Z', fr)).toEqual({
      nextAt: '2027-03-30T06:00:00.000Z',
      reason: 'public_holiday',
    });
  });
});

describe('US state rules and multiple zones', () => {
  it('cuts Florida off at 20:00 while New York runs to 21:00', () => {
    const at = '2025-07-02T00:30:00Z'; // 20:30 EDT
    expect(deferral(at, { zones: [NY], countryCode: 'US', provinceCode: 'FL' })).toEqual({
      nextAt: '2025-07-02T12:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral(at, { zones: [NY], countryCode: 'US', provinceCode: 'NY' })).toBe('allowed');
    expect(deferral('2025-07-01T23:59:00Z', { zones: [NY], countryCode: 'US', provinceCode: 'FL' })).toBe(
      'allowed',
    );
  });

  it('for area code 850 (Eastern and Central) requires the window in both zones', () => {
    const zones = resolveTimeZones({ phoneE164: '+18506441234' });
    expect(zones).toEqual([NY, CHICAGO]);
    const fl = { zones, countryCode: 'US', provinceCode: 'FL' };
    // 8:30 EDT is 7:30 CDT: wait for 8:00 CDT, not 8:00 EDT.
    expect(deferral('2025-07-01T12:30:00Z', fl)).toEqual({
      nextAt: '2025-07-01T13:00:00.000Z',
      reason: 'quiet_hours',
    });
    // 19:30 EDT is 18:30 CDT: fine in both.
    expect(deferral('2025-07-01T23:30:00Z', fl)).toBe('allowed');
    // 20:30 EDT is past the Florida cut-off in Eastern: next is 8:00 CDT tomorrow.
    expect(deferral('2025-07-02T00:30:00Z', fl)).toEqual({
      nextAt: '2025-07-02T13:00:00.000Z',
      reason: 'quiet_hours',
    });
    // The same instant for a Miami number (Eastern only) is already allowed.
    expect(
      deferral('2025-07-01T12:30:00Z', {
        zones: resolveTimeZones({ phoneE164: '+13055550123' }),
        countryCode: 'US',
        provinceCode: 'FL',
      }),
    ).toBe('allowed');
  });

  it('with no zones, assumes every zone of the country and the strictest state rule', () => {
    // 11:00 EDT is 5:00 in Honolulu; the first minute that is 8:00–20:00 everywhere is 8:00 HST.
    expect(deferral('2025-07-01T15:00:00Z', { zones: [], countryCode: 'US' })).toEqual({
      nextAt: '2025-07-01T18:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral('2025-07-01T18:00:00Z', { zones: [], countryCode: 'US' })).toBe('allowed');
    expect(deferral('2025-07-02T00:00:00Z', { zones: [], countryCode: 'US' })).toEqual({
      nextAt: '2025-07-02T18:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('with no zones and an unknown country there is nothing to schedule', () => {
    expect(decide('2025-07-01T15:00:00Z', { zones: [], countryCode: 'ZZ' })).toEqual({
      allowed: false,
      nextAt: null,
      reason: 'unknown_time_zone',
    });
    expect(deferral('2025-06-15T10:00:00Z', { zones: [], countryCode: 'FR' })).toEqual({
      nextAt: '2025-06-16T06:00:00.000Z',
      reason: 'day_not_allowed',
    });
  });
});
