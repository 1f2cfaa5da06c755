// Wakes the inbox processors (LISTEN webhook_events) after the receiver stored deliveries, with at most
// one NOTIFY per window: a NOTIFY in the insert's own transaction would serialise every ingest commit
// on PostgreSQL's notify lock. Off the request path: the response never waits for it, and a failed
// NOTIFY only delays processing until the processors' next poll.
import type pg from 'pg';
import { logger } from '../logger.js';
import { WEBHOOK_EVENTS_CHANNEL } from './inbox-repository.js';

export interface InboxNotifier {
  /** Schedules one NOTIFY within the window, unless one is already scheduled. */
  notifySoon(): void;
}

export function createInboxNotifier(
  pool: pg.Pool,
  opts: { windowMs?: number; enabled?: boolean } = {},
): InboxNotifier {
  const windowMs = opts.windowMs ?? 20;
  if (opts.enabled === false) return { notifySoon: () => undefined };
  let scheduled = false;
  const fire = () => {
    // Cleared before sending: a delivery stored while this NOTIFY is in flight schedules the next one.
    scheduled = false;
    pool.query(`SELECT pg_notify('${WEBHOOK_EVENTS_CHANNEL}', '')`).catch((err: unknown) => {
      logger.warn(
        { err },
        'webhook inbox NOTIFY failed; processors will pick the events up on their next poll',
      );
    });
  };
  return {
    notifySoon() {
      if (scheduled) return;
      scheduled = true;
      setTimeout(fire, windowMs).unref();
    },
  };
}
