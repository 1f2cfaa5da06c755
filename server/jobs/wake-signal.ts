// Wakes dispatchers when messages are queued: LISTEN on a dedicated connection (pg_notify from
// enqueue.ts), with a polling fallback. The embedded database does not deliver NOTIFY across
// connections, so there the poll interval is all there is (kept short by the caller).
import pg from 'pg';
import { logger } from '../../logger.js';

const log = logger.child({ component: 'dispatcher-wake' });

export interface WakeSignal {
  /** Resolves after `ms`, or earlier on a notification or wake(). */
  wait(ms: number): Promise<void>;
  wake(): void;
  close(): Promise<void>;
}

export function createWakeSignal(opts: { url: string | null; channel: string }): WakeSignal {
  const waiters = new Set<() => void>();
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const wake = (): void => {
    for (const w of [...waiters]) w();
  };

  async function connect(): Promise<void> {
    if (closed || !opts.url) return;
    const c = new pg.Client({ connectionString: opts.url, application_name: 'textlane-dispatcher-listen' });
    c.on('notification', wake);
    c.on('error', (err) => {
      log.warn({ err }, 'LISTEN connection lost; polling until it is back');
      c.end().catch(() => undefined);
      if (client === c) client = null;
      scheduleReconnect();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(opts.channel)}`);
      if (closed) await c.end();
      else client = c;
    } catch (err) {
      log.warn({ err }, 'could not LISTEN; polling only for now');
      await c.end().catch(() => undefined);
      scheduleReconnect();
    }
  }

  function scheduleReconnect(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 2000);
    retry.unref();
  }

  void connect();

  return {
    wait(ms) {
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiters.add(done);
        if (closed) done();
      });
    },
    wake,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      wake();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
