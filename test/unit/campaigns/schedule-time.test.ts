import {
  campaignStartAt,
  recipientNotBefore,
  scheduleProblem,
  wallTimeIn,
} from '../../../server/campaigns/schedule-time.js';

const NOW = new Date('2026-03-10T15:00:00Z'); // 11:00 in New York (EDT), 16:00 in Paris

describe('campaign schedule timing', () => {
  it('"at" is the wall time in the shop zone', () => {
    const s = { kind: 'at' as const, date: '2026-03-11', time: '09:30' };
    expect(campaignStartAt(s, 'America/New_York', NOW).toISOString()).toBe('2026-03-11T13:30:00.000Z');
    expect(campaignStartAt(s, 'Europe/Paris', NOW).toISOString()).toBe('2026-03-11T08:30:00.000Z');
  });

  it('a time already past in the shop zone is a problem; now never is', () => {
    expect(
      scheduleProblem({ kind: 'at', date: '2026-03-10', time: '10:59' }, 'America/New_York', NOW),
    ).toMatch(/in the past/);
    expect(
      scheduleProblem({ kind: 'at', date: '2026-03-10', time: '11:01' }, 'America/New_York', NOW),
    ).toBeNull();
    expect(scheduleProblem({ kind: 'now' }, 'UTC', NOW)).toBeNull();
  });

  it('recipient-local starts when the first zone reaches the time, and is past only when every zone is', () => {
    const s = {
      kind: 'recipient_local' as const,
      date: '2026-03-11',
      time: '10:00',
      whenPast: 'at_once' as const,
    };
    // 10:00 at UTC+14 is 20:00 UTC the day before.
    expect(campaignStartAt(s, 'UTC', NOW).toISOString()).toBe('2026-03-10T20:00:00.000Z');
    expect(scheduleProblem({ ...s, date: '2026-03-10', time: '10:00' }, 'UTC', NOW)).toBeNull(); // still ahead at UTC-12
    expect(scheduleProblem({ ...s, date: '2026-03-09', time: '10:00' }, 'UTC', NOW)).toMatch(
      /every time zone/,
    );
  });

  it('per recipient: their own wall time; a zone already past gets it at once or the next day', () => {
    const today = {
      kind: 'recipient_local' as const,
      date: '2026-03-10',
      time: '12:00',
      whenPast: 'at_once' as const,
    };
    // New York: 12:00 EDT is still ahead.
    expect(recipientNotBefore(today, 'America/New_York', 'UTC', NOW).toISOString()).toBe(
      '2026-03-10T16:00:00.000Z',
    );
    // Paris: 12:00 is past (it is 16:00 there).
    expect(recipientNotBefore(today, 'Europe/Paris', 'UTC', NOW)).toEqual(NOW);
    expect(
      recipientNotBefore({ ...today, whenPast: 'tomorrow' }, 'Europe/Paris', 'UTC', NOW).toISOString(),
    ).toBe('2026-03-11T11:00:00.000Z');
    // Unknown zone: the shop's.
    expect(recipientNotBefore(today, null, 'America/Chicago', NOW).toISOString()).toBe(
      '2026-03-10T17:00:00.000Z',
    );
  });

  it('"now" and "at" recipients go when the send starts', () => {
    expect(recipientNotBefore({ kind: 'now' }, 'Europe/Paris', 'UTC', NOW)).toEqual(NOW);
    expect(wallTimeIn('2026-07-01', '00:00', 'Not/AZone').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });
});
