// When a campaign starts and when each recipient's message may go, pure. "at": a wall-clock date and time
// in the shop's zone. "recipient_local": that wall time in each recipient's zone; the send starts when the
// earliest zone on Earth (UTC+14) reaches it, and a recipient whose zone is already past it when the
// fan-out reaches them gets it at once or at that time the next day (the merchant's choice).
import type { CampaignSchedule } from '../contracts/campaigns.js';
import { addDays, instantOfWallTime, isKnownTimeZone } from '../messaging/compliance/zoned-time.js';
import { assertNever } from '../errors.js';

const EARLIEST_ZONE = 'Pacific/Kiritimati'; // UTC+14
const LATEST_ZONE = 'Etc/GMT+12'; // UTC-12

function parts(
  date: string,
  time: string,
): { date: { year: number; month: number; day: number }; minute: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return { date: { year: y, month: m, day: d }, minute: hh * 60 + mm };
}

/** The wall time `date time` in `zone` as an instant (the shop's zone when the recipient's is unknown). */
export function wallTimeIn(date: string, time: string, zone: string): Date {
  const p = parts(date, time);
  return new Date(instantOfWallTime(p.date, p.minute, isKnownTimeZone(zone) ? zone : 'UTC'));
}

/** When the start job moves the campaign to sending. */
export function campaignStartAt(schedule: CampaignSchedule, shopZone: string, now: Date): Date {
  switch (schedule.kind) {
    case 'now':
      return now;
    case 'at':
      return wallTimeIn(schedule.date, schedule.time, shopZone);
    case 'recipient_local': {
      const first = wallTimeIn(schedule.date, schedule.time, EARLIEST_ZONE);
      return first > now ? first : now;
    }
    default:
      return assertNever(schedule, 'campaign schedule');
  }
}

/** Why the schedule cannot be used at `now` (a time in the past), or null. */
export function scheduleProblem(schedule: CampaignSchedule, shopZone: string, now: Date): string | null {
  switch (schedule.kind) {
    case 'now':
      return null;
    case 'at':
      return wallTimeIn(schedule.date, schedule.time, shopZone) <= now
        ? `${schedule.date} ${schedule.time} in the shop's time zone (${shopZone}) is in the past`
        : null;
    case 'recipient_local':
      return wallTimeIn(schedule.date, schedule.time, LATEST_ZONE) <= now
        ? `${schedule.date} ${schedule.time} is already past in every time zone`
        : null;
    default:
      return assertNever(schedule, 'campaign schedule');
  }
}

/** The earliest send time of one recipient's message (`now` for "now" and "at": they go when the send starts). */
export function recipientNotBefore(
  schedule: CampaignSchedule,
  recipientZone: string | null,
  shopZone: string,
  now: Date,
): Date {
  if (schedule.kind !== 'recipient_local') return now;
  const zone = recipientZone ?? shopZone;
  const at = wallTimeIn(schedule.date, schedule.time, zone);
  if (at > now) return at;
  if (schedule.whenPast === 'at_once') return now;
  const p = parts(schedule.date, schedule.time);
  let next = addDays(p.date, 1);
  // The day after `date` may itself be past (a resumed or late fan-out): the first such day still ahead.
  for (let i = 0; i < 366; i++) {
    const instant = new Date(instantOfWallTime(next, p.minute, isKnownTimeZone(zone) ? zone : 'UTC'));
    if (instant > now) return instant;
    next = addDays(next, 1);
  }
  return now;
}
