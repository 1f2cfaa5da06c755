import { AppError } from '../../../../server/errors.js';
// Merchant sending windows narrow the legal window and can never widen it.
import {
  nextAllowedSendTime,
  quietHoursWindow,
  type NextAllowedSendTimeInput,
  type SendTimeDecision,
} from '../../../../server/messaging/compliance/index.js';

const NY = 'America/New_York';
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

describe('merchant windows', () => {
  const ny = { zones: [NY], countryCode: 'US', provinceCode: 'NY' };

  it('honours a narrower window', () => {
    const merchant = { startMinute: 600, endMinute: 1080 }; // 10:00–18:00
    expect(deferral('2025-07-01T13:00:00Z', { ...ny, merchant })).toEqual({
      nextAt: '2025-07-01T14:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral('2025-07-01T16:00:00Z', { ...ny, merchant })).toBe('allowed');
    expect(deferral('2025-07-01T22:00:00Z', { ...ny, merchant })).toEqual({
      nextAt: '2025-07-02T14:00:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('clamps a window wider than the law', () => {
    const merchant = { startMinute: 360, endMinute: 1380 }; // 6:00–23:00
    expect(quietHoursWindow({ countryCode: 'US', provinceCode: 'NY', merchant })).toMatchObject({
      startMinute: 480,
      endMinute: 1260,
      merchantClamped: true,
    });
    expect(deferral('2025-07-01T11:00:00Z', { ...ny, merchant })).toEqual({
      nextAt: '2025-07-01T12:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(deferral('2025-07-02T02:00:00Z', { ...ny, merchant })).toEqual({
      nextAt: '2025-07-02T12:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(
      quietHoursWindow({
        countryCode: 'US',
        provinceCode: 'NY',
        merchant: { startMinute: 540, endMinute: 1140 },
      }).merchantClamped,
    ).toBe(false);
  });

  it('keeps French day rules when the merchant narrows the hours', () => {
    expect(
      deferral('2025-06-15T10:00:00Z', {
        zones: [PARIS],
        countryCode: 'FR',
        merchant: { startMinute: 540, endMinute: 1320 },
      }),
    ).toEqual({
      nextAt: '2025-06-16T07:00:00.000Z',
      reason: 'day_not_allowed',
    });
  });

  it('reports no common window when the zones never share a minute of the window', () => {
    const merchant = { startMinute: 540, endMinute: 600 }; // 9:00–10:00 in both New York and Los Angeles
    expect(
      decide('2025-07-01T15:00:00Z', {
        zones: [NY, 'America/Los_Angeles'],
        countryCode: 'US',
        provinceCode: 'NY',
        merchant,
      }),
    ).toEqual({
      allowed: false,
      nextAt: null,
      reason: 'no_common_window',
    });
    expect(
      decide('2025-07-01T15:00:00Z', { ...ny, merchant: { startMinute: 1320, endMinute: 1380 } }),
    ).toEqual({
      allowed: false,
      nextAt: null,
      reason: 'no_common_window',
    });
  });

  it('rejects malformed merchant windows', () => {
    expect(() =>
      quietHoursWindow({ countryCode: 'US', merchant: { startMinute: 1200, endMinute: 600 } }),
    ).toThrow(AppError);
    expect(() =>
      quietHoursWindow({ countryCode: 'US', merchant: { startMinute: 8.5, endMinute: 600 } }),
    ).toThrow(AppError);
  });
});
