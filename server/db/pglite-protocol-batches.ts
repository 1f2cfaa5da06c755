// pglite-socket 0.2.17 multiplexes connections onto one PGlite by queueing protocol messages, and keeps
// one connection's messages together only inside a transaction. Outside one, another connection's
// messages can run between a query's Parse, Bind and Execute: with unnamed statements the Bind then
// meets the wrong statement ("bind message supplies 6 parameters, but prepared statement requires 4").
// This replaces the server's queue scheduler with one that also keeps an extended-protocol batch
// (everything up to and including Sync) from one connection together. Same code path otherwise.
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, opts: { onRawData(data: Uint8Array): void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

// Frontend message types of the extended query protocol that leave a batch open until Sync.
const EXTENDED = new Set([
  0x50 /* Parse */, 0x42 /* Bind */, 0x44 /* Describe */, 0x45 /* Execute */, 0x43 /* Close */,
  0x48 /* Flush */,
]);

export function keepProtocolBatchesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!q || typeof q.processQueue !== 'function' || !Array.isArray(q.queue)) {
    throw new Error(
      'pglite-socket internals changed: cannot install the protocol batch scheduler (check the pinned version)',
    );
  }
  let midBatch = false;

  q.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = (midBatch || this.db.isInTransaction()) && this.lastHandlerId !== null;
        let item: QueuedMessage | undefined;
        if (sticky) {
          const idx = this.queue.findIndex((m) => m.handlerId === this.lastHandlerId);
          if (idx === -1) break; // wait for that connection's next message; its enqueue restarts us
          item = this.queue.splice(idx, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (err) {
          midBatch = false;
          current.reject(err);
          continue;
        }
        midBatch = EXTENDED.has(current.message[0] ?? 0);
        this.lastHandlerId = current.handlerId;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(q);

  const clear = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async (handlerId: number) => {
    if (q.lastHandlerId === handlerId) midBatch = false;
    await clear(handlerId);
    await q.processQueue();
  };
}
