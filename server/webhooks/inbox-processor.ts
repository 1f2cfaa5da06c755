// Processes the webhook inbox: claims due pending rows in batches (SKIP LOCKED, so several worker
// processes share the work), then runs each event's handler in its own transaction, the row being
// marked done in that same transaction; events whose topic has a batch handler (orders/*) run together,
// one transaction per shop and round (see inbox-batches.ts), each alone if their batch fails. Invalid payloads and unknown topics are parked as failed; a
// throwing handler is retried with exponential backoff and jitter, then parked after maxAttempts.
// Woken by LISTEN webhook_events (real server) and by polling (always: the embedded database does not
// deliver NOTIFY across connections), through the shared wake signal. Claims abandoned by a dead worker
// are reclaimed after a lease. main.ts builds one per worker process.
import type { AppContext } from '../app-context.js';
import type { BackgroundWorker } from '../jobs/background-workers.js';
import { retryDelayMs, type BackoffPolicy } from '../jobs/backoff.js';
import { createWakeSignal, type WakeSignal } from '../jobs/wake-signal.js';
import { logger, type Logger } from '../logger.js';
import type {
  WebhookBatchHandler,
  WebhookBatchHandlers,
  WebhookEventContext,
  WebhookHandlers,
} from './handler-types.js';
import { planBatch, type PlannedEvent } from './inbox-batches.js';
import {
  claimPendingEvents,
  lockClaimedEvent,
  lockClaimedEvents,
  markEventDone,
  markEventsDone,
  parkEvent,
  reclaimExpiredClaims,
  scheduleRetry,
  WEBHOOK_EVENTS_CHANNEL,
  type ClaimedEvent,
} from './inbox-repository.js';
import {
  decodeWebhookJson,
  parseWebhookPayload,
  type WebhookPayload,
  type WebhookTopic,
} from './schemas/index.js';

export interface WebhookInboxOptions {
  handlers: WebhookHandlers;
  /**
   * Topics whose claimed events are handled together, one transaction per shop and round (see
   * inbox-batches.ts); an event of a failing batch is then handled alone. Default: none.
   */
  batchHandlers?: WebhookBatchHandlers;
  /** Events one lane claims per batch. Default: config WEBHOOK_INBOX_BATCH_SIZE. */
  batchSize?: number;
  /** Loops claiming and processing side by side, each event in its own transaction. Default: config WEBHOOK_INBOX_LANES. */
  lanes?: number;
  /** Attempts before a throwing handler parks the event. Default: config WEBHOOK_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** Poll interval when idle, ms. Default 200 on the embedded database, 2000 on a server (LISTEN wakes sooner). */
  pollIntervalMs?: number;
  /** A claim older than this is a dead worker's and is reclaimed, ms. Default: config WEBHOOK_INBOX_LEASE_MS (5 minutes). */
  leaseMs?: number;
  /** How often expired claims are looked for, ms (also once at start). Default 30 s. */
  reclaimEveryMs?: number;
  /** Default 10 s doubling up to 30 min. */
  backoff?: BackoffPolicy;
  /** Use LISTEN/NOTIFY. Default: on a real server only. */
  listen?: boolean;
  /** Jitter source, [0, 1). Default Math.random. */
  random?: () => number;
  name?: string;
}

export interface WebhookInboxProcessor extends BackgroundWorker {
  /** Claims one batch and processes it; resolves to the number of events claimed. */
  processBatch(): Promise<number>;
  /** Returns expired claims to pending (or failed); resolves to the number of rows reclaimed. */
  reclaim(): Promise<number>;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 30 * 60_000 };
/** Backoff after a deadlock or serialization failure: the transaction lost a race, so retry soon. */
export const CONFLICT_BACKOFF: BackoffPolicy = { baseMs: 100, maxMs: 5_000 };
const CONFLICT_SQLSTATES = new Set(['40P01', '40001']);

/** A deadlock or serialization failure between two transactions: nothing is wrong with the event. */
export function isTransactionConflict(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONFLICT_SQLSTATES.has(code)) return true;
  }
  return false;
}
const MAX_ERROR_LENGTH = 2000;

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

// The handler map is keyed by topic and the payload type follows the topic; a generic function lets
// TypeScript check that pairing without a cast.
function runHandler<T extends WebhookTopic>(
  handlers: WebhookHandlers,
  topic: T,
  payload: WebhookPayload<T>,
  ctx: WebhookEventContext,
): Promise<void> | null {
  const handler = handlers[topic];
  return handler ? handler(ctx, payload) : null;
}

/** A claimed event and its topic, once its payload parsed. */
interface BatchEvent {
  claimed: ClaimedEvent;
  topic: WebhookTopic;
}

// Same pairing as runHandler: the batch handler of this topic, typed by the topic's payload.
function batchHandlerOf<T extends WebhookTopic>(
  handlers: WebhookBatchHandlers,
  topic: T,
  payload: WebhookPayload<T>,
): { handler: WebhookBatchHandler<unknown>; payload: unknown } | null {
  const handler = handlers[topic];
  return handler ? { handler, payload } : null;
}

export function createWebhookInboxProcessor(
  app: AppContext,
  options: WebhookInboxOptions,
): WebhookInboxProcessor {
  const { db, embedded, url } = app.database;
  const name = options.name ?? 'webhook-inbox';
  const batchSize = options.batchSize ?? app.config.webhooks.inboxBatchSize;
  const lanes = options.lanes ?? app.config.webhooks.inboxLanes;
  const maxAttempts = options.maxAttempts ?? app.config.webhooks.maxAttempts;
  const pollIntervalMs = options.pollIntervalMs ?? (embedded ? 200 : 2000);
  const leaseMs = options.leaseMs ?? app.config.webhooks.inboxLeaseMs;
  const reclaimEveryMs = options.reclaimEveryMs ?? 30_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const useListen = options.listen ?? !embedded;
  const log = logger.child({ worker: name });

  let running = false;
  let stopping = false;
  let loopDone: Promise<void> = Promise.resolve();
  let signal: WakeSignal | null = null;
  let lastReclaim = 0;

  async function processEvent(event: ClaimedEvent): Promise<void> {
    const elog: Logger = log.child({
      shopDomain: event.shopDomain,
      webhookId: event.webhookId,
      topic: event.topic,
      attempt: event.attempts,
    });
    const decoded = decodeWebhookJson(event.payloadText);
    const parsed = decoded.ok
      ? parseWebhookPayload(event.topic, decoded.value)
      : { ok: false as const, error: decoded.error };
    if (!parsed.ok) {
      await parkEvent(db, event, parsed.error);
      elog.warn({ error: parsed.error }, 'webhook parked: invalid payload or unsupported topic');
      return;
    }
    if (!options.handlers[parsed.topic]) {
      const error = `No handler registered for topic ${parsed.topic}`;
      await parkEvent(db, event, error);
      elog.warn({ error }, 'webhook parked: no handler');
      return;
    }
    try {
      const outcome = await db.transaction(async (tx) => {
        const locked = await lockClaimedEvent(tx, event);
        if (!locked) return 'lost' as const;
        const { shopId } = locked;
        await runHandler(options.handlers, parsed.topic, parsed.data, {
          tx,
          shopId,
          shopDomain: event.shopDomain,
          topic: parsed.topic,
          webhookId: event.webhookId,
          triggeredAt: event.triggeredAt,
          log: elog,
          app,
        });
        await markEventDone(tx, event);
        return 'done' as const;
      });
      if (outcome === 'lost')
        elog.warn('webhook claim expired before processing; another worker owns it now');
      else elog.debug('webhook processed');
    } catch (err) {
      const delayMs = retryDelayMs(
        event.attempts,
        isTransactionConflict(err) ? CONFLICT_BACKOFF : backoff,
        random,
      );
      const status = await scheduleRetry(db, event, { error: errorText(err), delayMs, maxAttempts });
      if (status === 'failed')
        elog.error({ err }, `webhook handler failed on the last attempt (${maxAttempts}): parked`);
      else elog.warn({ err, retryInMs: delayMs }, 'webhook handler failed: will retry');
    }
  }

  const eventLog = (event: ClaimedEvent): Logger =>
    log.child({
      shopDomain: event.shopDomain,
      webhookId: event.webhookId,
      topic: event.topic,
      attempt: event.attempts,
    });

  /** The event's batch handler and parsed payload, or null: it is handled alone (processEvent parks what does not parse). */
  function planned(event: ClaimedEvent): PlannedEvent<BatchEvent, unknown> {
    const none = {
      event: { claimed: event, topic: event.topic as WebhookTopic },
      shopDomain: event.shopDomain,
      batch: null,
    };
    const batchHandlers = options.batchHandlers;
    if (!batchHandlers?.[event.topic as WebhookTopic]) return none;
    const decoded = decodeWebhookJson(event.payloadText);
    const parsed = decoded.ok ? parseWebhookPayload(event.topic, decoded.value) : null;
    if (!parsed?.ok || !options.handlers[parsed.topic]) return none;
    const batch = batchHandlerOf(batchHandlers, parsed.topic, parsed.data);
    return { event: { claimed: event, topic: parsed.topic }, shopDomain: event.shopDomain, batch };
  }

  /**
   * One round of a group: its events in one transaction (locked, handled together, marked done). When
   * it throws, nothing of it was written: each event is then handled alone, with its own retries.
   */
  async function processRound(
    handler: WebhookBatchHandler<unknown>,
    round: ReadonlyArray<{ event: BatchEvent; payload: unknown }>,
  ): Promise<void> {
    if (round.length === 1) return processEvent(round[0]!.event.claimed);
    try {
      const lost = await db.transaction(async (tx) => {
        const locked = await lockClaimedEvents(
          tx,
          round.map((r) => r.event.claimed),
        );
        const held = round.filter((r) => locked.has(r.event.claimed.id));
        const shopId = held.length > 0 ? locked.get(held[0]!.event.claimed.id)!.shopId : null;
        const deliveries = held.map(({ event, payload }) => {
          const ctx: WebhookEventContext = {
            tx,
            shopId,
            shopDomain: event.claimed.shopDomain,
            topic: event.topic,
            webhookId: event.claimed.webhookId,
            triggeredAt: event.claimed.triggeredAt,
            log: eventLog(event.claimed),
            app,
          };
          return { ctx, payload };
        });
        if (shopId !== null) await handler.handle(tx, shopId, deliveries);
        else for (const { ctx } of deliveries) ctx.log.warn('webhook for a shop without a shop row: ignored');
        await markEventsDone(
          tx,
          held.map((r) => r.event.claimed),
        );
        return round.filter((r) => !locked.has(r.event.claimed.id));
      });
      for (const r of lost)
        eventLog(r.event.claimed).warn('webhook claim expired before processing; another worker owns it now');
    } catch (err) {
      log.warn({ err, events: round.length }, 'webhook batch failed: handling its events one by one');
      for (const r of round) await processEvent(r.event.claimed);
    }
  }

  async function processBatch(): Promise<number> {
    const events = await claimPendingEvents(db, batchSize);
    // The whole batch is finished even when stop() is called meanwhile: claimed rows are not left behind.
    for (const step of planBatch(events.map(planned))) {
      if (step.kind === 'single') await processEvent(step.event.claimed);
      else for (const round of step.rounds) await processRound(step.handler, round);
    }
    return events.length;
  }

  async function reclaim(): Promise<number> {
    lastReclaim = Date.now();
    const n = await reclaimExpiredClaims(db, { leaseMs, maxAttempts });
    if (n > 0) log.warn({ reclaimed: n }, 'reclaimed webhook events abandoned in processing');
    return n;
  }

  async function loop(lane: number, wakeSignal: WakeSignal): Promise<void> {
    const waiter = wakeSignal.waiter();
    while (!stopping) {
      let claimed = 0;
      try {
        if (lane === 0 && Date.now() - lastReclaim >= reclaimEveryMs) await reclaim();
        claimed = await processBatch();
      } catch (err) {
        log.error({ err, lane }, 'webhook inbox batch failed; retrying after the poll interval');
      }
      if (claimed === 0) await waiter.wait(pollIntervalMs);
    }
  }

  return {
    name,
    processBatch,
    reclaim,
    start() {
      if (running) return;
      running = true;
      stopping = false;
      const wakeSignal = createWakeSignal({
        url: useListen ? url : null,
        channel: WEBHOOK_EVENTS_CHANNEL,
        name,
      });
      signal = wakeSignal;
      loopDone = Promise.all(Array.from({ length: lanes }, (_, lane) => loop(lane, wakeSignal))).then(
        () => undefined,
      );
      log.info(
        { lanes, batchSize, pollIntervalMs, listen: useListen, maxAttempts },
        'webhook inbox processor started',
      );
    },
    async stop() {
      if (!running) return;
      stopping = true;
      signal?.wake();
      await loopDone;
      await signal?.close();
      signal = null;
      running = false;
      log.info('webhook inbox processor stopped');
    },
  };
}
