// Group insert for the webhook receiver: deliveries that arrive while earlier inserts are still in
// flight are stored together in one multi-row INSERT (one statement, one commit, one round trip), so
// under load the database and the Node process pay the per-statement cost once per batch instead of
// once per delivery. Nothing waits for a timer: with no insert in flight a delivery goes out alone at
// once. A batch that fails (a body that is not JSON, a lost connection) is retried one delivery at a
// time, so each request gets its own outcome (400, 503 or stored) exactly as without batching.
import type pg from 'pg';
import { insertWebhookEvents, type NewWebhookEvent } from './inbox-repository.js';

export interface InboxWriterOptions {
  /** Stores one delivery (the receiver's single-row INSERT): lone deliveries and failed batches use it. */
  single: (event: NewWebhookEvent) => Promise<StoreResult>;
  /** Named (prepared) statements; false where connections share one session (embedded PGlite). */
  prepared: () => boolean;
  /** Inserts in flight at once. Default 4. */
  maxInFlight?: number;
  /** Deliveries per INSERT at most. Default 32. */
  maxBatch?: number;
}

export interface StoreResult {
  stored: boolean;
  id: string | null;
}

interface Pending {
  event: NewWebhookEvent;
  resolve: (r: StoreResult) => void;
  reject: (err: unknown) => void;
}

export interface InboxWriter {
  /** Stores the delivery once per webhook id; `stored: false` means it was a duplicate. */
  store(event: NewWebhookEvent): Promise<StoreResult>;
}

export function createInboxWriter(pool: pg.Pool, opts: InboxWriterOptions): InboxWriter {
  const maxInFlight = opts.maxInFlight ?? 4;
  const maxBatch = opts.maxBatch ?? 32;
  const queue: Pending[] = [];
  let inFlight = 0;
  const { single } = opts;

  async function insertBatch(batch: Pending[]): Promise<void> {
    // One row per webhook id: a second delivery of the same id in this batch is a duplicate of the first.
    const first = new Map<string, Pending>();
    const duplicates: Pending[] = [];
    for (const p of batch) {
      if (first.has(p.event.webhookId)) duplicates.push(p);
      else first.set(p.event.webhookId, p);
    }
    const rows = [...first.values()];
    try {
      const ids = await insertWebhookEvents(
        pool,
        rows.map((p) => p.event),
        { prepared: opts.prepared() },
      );
      for (const p of rows) {
        const id = ids.get(p.event.webhookId) ?? null;
        p.resolve({ stored: id !== null, id });
      }
      for (const p of duplicates) p.resolve({ stored: false, id: null });
    } catch {
      // Each delivery on its own, one after the other: the bad one gets its 400 (or all get 503), the
      // others are stored.
      for (const p of batch) await single(p.event).then(p.resolve, p.reject);
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      const done =
        batch.length === 1
          ? single(batch[0]!.event).then(batch[0]!.resolve, batch[0]!.reject)
          : insertBatch(batch);
      void done.finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    store(event) {
      return new Promise<StoreResult>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        pump();
      });
    },
  };
}
