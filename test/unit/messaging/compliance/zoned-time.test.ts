import { AppError } from '../../../../server/errors.js';
import {
  instantOfWallTime,
  offsetMsAt,
  wallClockAt,
} from '../../../../server/messaging/compliance/zoned-time.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('wallClockAt', () => {
  it('reads local time and weekday across a DST change', () => {
    expect(wallClockAt(Date.parse('2025-03-09T06:59:00Z'), 'America/New_York')).toEqual({
      year: 2025,
      month: 3,
      day: 9,
      hour: 1,
      minute: 59,
      second: 0,
      weekday: 0,
    });
    expect(wallClockAt(Date.parse('2025-03-09T07:00:00Z'), 'America/New_York')).toMatchObject({
      hour: 3,
      minute: 0,
    });
    expect(wallClockAt(Date.parse('2025-01-01T04:00:00Z'), 'America/New_York')).toMatchObject({
      day: 31,
      hour: 23,
      weekday: 2,
    });
  });

  it('reads midnight as hour 0', () => {
    expect(wallClockAt(Date.parse('2025-06-01T22:00:00Z'), 'Europe/Paris')).toMatchObject({
      day: 2,
      hour: 0,
      minute: 0,
    });
  });

  it('rejects unknown zones with an AppError', () => {
    expect(() => wallClockAt(0, 'Mars/Olympus_Mons')).toThrow(AppError);
  });
});

describe('offsetMsAt', () => {
  it('knows standard and daylight offsets', () => {
    expect(offsetMsAt(Date.parse('2025-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(offsetMsAt(Date.parse('2025-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(offsetMsAt(Date.parse('2025-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });
});

describe('instantOfWallTime', () => {
  it('converts ordinary wall times', () => {
    expect(iso(instantOfWallTime({ year: 2025, month: 7, day: 1 }, 8 * 60, 'America/New_York'))).toBe(
      '2025-07-01T12:00:00.000Z',
    );
    expect(iso(instantOfWallTime({ year: 2025, month: 1, day: 1 }, 8 * 60, 'Europe/Paris'))).toBe(
      '2025-01-01T07:00:00.000Z',
    );
  });

  it('maps a wall time inside a spring-forward gap to the moment the clocks jump', () => {
    expect(iso(instantOfWallTime({ year: 2025, month: 3, day: 9 }, 2 * 60 + 30, 'America/New_York'))).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    expect(iso(instantOfWallTime({ year: 2025, month: 3, day: 30 }, 2 * 60 + 30, 'Europe/Paris'))).toBe(
      '2025-03-30T01:00:00.000Z',
    );
  });

  it('maps a repeated fall-back wall time to its first occurrence', () => {
    expect(iso(instantOfWallTime({ year: 2025, month: 11, day: 2 }, 60 + 30, 'America/New_York'))).toBe(
      '2025-11-02T05:30:00.000Z',
    );
    expect(iso(instantOfWallTime({ year: 2025, month: 10, day: 26 }, 2 * 60 + 30, 'Europe/Paris'))).toBe(
      '2025-10-26T00:30:00.000Z',
    );
  });
});
