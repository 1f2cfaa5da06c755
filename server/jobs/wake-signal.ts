// Wakes a background worker's lanes when work arrives: LISTEN on a dedicated connection (the producer
// runs pg_notify in its transaction), with polling as the fallback. The embedded database does not
// deliver NOTIFY across connections, so there the caller passes url null and the poll interval is all
// there is. Used by the message dispatcher (messages_queued) and the webhook inbox (webhook_events).
//
// Each lane waits through its own Waiter, which remembers a wake that came while the lane was busy
// (claiming, processing): its next wait returns at once instead of sleeping a full poll interval.
// A lost LISTEN connection is reopened after reconnectMs; every (re)connection wakes all lanes, for
// anything inserted while nobody was listening.
import pg from 'pg';
import { logger } from '../logger.js';

export interface WakeSignalOptions {
  /** Connection string for the LISTEN connection; null: poll only. */
  url: string | null;
  channel: string;
  /** Names the LISTEN connection (application_name) and the log lines. */
  name: string;
  /** Delay before reopening a lost LISTEN connection, ms. Default 2000. */
  reconnectMs?: number;
}

export interface Waiter {
  /** Resolves after `ms`, or earlier on a notification or wake() (one since this waiter's last wait included). */
  wait(ms: number): Promise<void>;
}

export interface WakeSignal {
  /** A new waiter (one per lane). */
  waiter(): Waiter;
  /** Wakes every waiter: the waiting ones now, the busy ones at their next wait. */
  wake(): void;
  /** True while the LISTEN connection is open and listening. */
  listening(): boolean;
  /** Ends the LISTEN connection (waiting for a connection attempt in flight) and releases every wait, now and later. */
  close(): Promise<void>;
}

interface WaiterState {
  pending: boolean;
  release: (() => void) | null;
}

export function createWakeSignal(opts: WakeSignalOptions): WakeSignal {
  const log = logger.child({ component: 'wake-signal', worker: opts.name, channel: opts.channel });
  const reconnectMs = opts.reconnectMs ?? 2000;
  const waiters = new Set<WaiterState>();
  let closed = false;
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;

  const wake = (): void => {
    for (const state of waiters) {
      state.pending = true;
      state.release?.();
    }
  };

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed) connecting = connect();
    }, reconnectMs);
    retryTimer.unref();
  }

  async function connect(): Promise<void> {
    if (closed || !opts.url) return;
    const c = new pg.Client({ connectionString: opts.url, application_name: `textlane-${opts.name}` });
    let lost = false;
    const onLost = (err: unknown): void => {
      if (lost) return;
      lost = true;
      if (client === c) client = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (closed) return;
      log.warn({ err }, 'LISTEN connection lost; polling until it is back');
      scheduleReconnect();
    };
    c.on('error', onLost);
    c.on('notification', wake);
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(opts.channel)}`);
    } catch (err) {
      onLost(err);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    c.on('end', () => onLost(new Error('connection ended')));
    wake();
  }

  connecting = connect();

  return {
    waiter() {
      const state: WaiterState = { pending: false, release: null };
      waiters.add(state);
      return {
        wait(ms) {
          return new Promise<void>((resolve) => {
            const done = (): void => {
              clearTimeout(timer);
              state.release = null;
              state.pending = false;
              resolve();
            };
            const timer = setTimeout(done, ms);
            state.release = done;
            if (state.pending || closed) done();
          });
        },
      };
    },
    wake,
    listening: () => client !== null,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      wake();
      await connecting;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
