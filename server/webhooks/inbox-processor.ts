// Processes the webhook inbox: claims due pending rows in batches (SKIP LOCKED, so several worker
// processes share the work), then runs each event's handler in its own transaction, the row being
// marked done in that same transaction. Invalid payloads and unknown topics are parked as failed; a
// throwing handler is retried with exponential backoff and jitter, then parked after maxAttempts.
// Woken by LISTEN webhook_events (real server) and by polling (always: the embedded database does not
// deliver NOTIFY across connections). Claims abandoned by a dead worker are reclaimed after a lease.
import pg from 'pg';
import type { AppContext } from '../app-context.js';
import { backgroundWorkerFactories, type BackgroundWorker } from '../jobs/background-workers.js';
import { logger, type Logger } from '../logger.js';
import type { WebhookEventContext, WebhookHandlers } from './handler-types.js';
import {
  claimPendingEvents,
  lockClaimedEvent,
  markEventDone,
  parkEvent,
  reclaimExpiredClaims,
  scheduleRetry,
  WEBHOOK_EVENTS_CHANNEL,
  type ClaimedEvent,
} from './inbox-repository.js';
import { decodeWebhookJson, parseWebhookPayload, type WebhookPayload, type WebhookTopic } from './schemas/index.js';

export interface RetryBackoff {
  /** Delay after the first failed attempt, ms. Doubles with every further attempt. */
  baseMs: number;
  /** Upper bound of the delay, ms. */
  maxMs: number;
}

export interface WebhookInboxOptions {
  handlers: WebhookHandlers;
  /** Events one lane claims per batch. Default: config WEBHOOK_INBOX_BATCH_SIZE. */
  batchSize?: number;
  /** Loops claiming and processing side by side, each event in its own transaction. Default: config WEBHOOK_INBOX_LANES. */
  lanes?: number;
  /** Attempts before a throwing handler parks the event. Default: config WEBHOOK_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** Poll interval when idle, ms. Default 200 on the embedded database, 2000 on a server (LISTEN wakes sooner). */
  pollIntervalMs?: number;
  /** A claim older than this is a dead worker's and is reclaimed, ms. Default 5 minutes. */
  leaseMs?: number;
  /** How often expired claims are looked for, ms (also once at start). Default 30 s. */
  reclaimEveryMs?: number;
  /** Default 10 s doubling up to 30 min. */
  backoff?: RetryBackoff;
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

export const DEFAULT_BACKOFF: RetryBackoff = { baseMs: 10_000, maxMs: 30 * 60_000 };
/** Backoff after a deadlock or serialization failure: the transaction lost a race, so retry soon. */
export const CONFLICT_BACKOFF: RetryBackoff = { baseMs: 100, maxMs: 5_000 };
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

/** Exponential backoff with "equal jitter": half the exponential delay plus a random part of the other half. */
export function retryDelayMs(attempt: number, backoff: RetryBackoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

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

export function createWebhookInboxProcessor(app: AppContext, options: WebhookInboxOptions): WebhookInboxProcessor {
  const { db, embedded, url } = app.database;
  const name = options.name ?? 'webhook-inbox';
  const batchSize = options.batchSize ?? app.config.webhooks.inboxBatchSize;
  const lanes = options.lanes ?? app.config.webhooks.inboxLanes;
  const maxAttempts = options.maxAttempts ?? app.config.webhooks.maxAttempts;
  const pollIntervalMs = options.pollIntervalMs ?? (embedded ? 200 : 2000);
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const reclaimEveryMs = options.reclaimEveryMs ?? 30_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const useListen = options.listen ?? !embedded;
  const log = logger.child({ worker: name });

  let running = false;
  let stopping = false;
  let loopDone: Promise<void> = Promise.resolve();
  // One flag and one sleeper per lane: a wake-up rouses every idle lane.
  const wakeRequested: boolean[] = Array.from({ length: lanes }, () => false);
  const wakeSleepers: Array<(() => void) | null> = Array.from({ length: lanes }, () => null);
  let listener: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let lastReclaim = 0;

  const wake = () => {
    wakeRequested.fill(true);
    for (const sleeper of wakeSleepers) sleeper?.();
  };

  const sleep = (lane: number, ms: number) =>
    new Promise<void>((resolve) => {
      if (wakeRequested[lane] || stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeSleepers[lane] = null;
        resolve();
      }
      wakeSleepers[lane] = done;
    });

  async function processEvent(event: ClaimedEvent): Promise<void> {
    const elog: Logger = log.child({ shopDomain: event.shopDomain, webhookId: event.webhookId, topic: event.topic, attempt: event.attempts });
    const decoded = decodeWebhookJson(event.payloadText);
    const parsed = decoded.ok ? parseWebhookPayload(event.topic, decoded.value) : { ok: false as const, error: decoded.error };
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
      if (outcome === 'lost') elog.warn('webhook claim expired before processing; another worker owns it now');
      else elog.debug('webhook processed');
    } catch (err) {
      const delayMs = retryDelayMs(event.attempts, isTransactionConflict(err) ? CONFLICT_BACKOFF : backoff, random);
      const status = await scheduleRetry(db, event, { error: errorText(err), delayMs, maxAttempts });
      if (status === 'failed') elog.error({ err }, `webhook handler failed on the last attempt (${maxAttempts}): parked`);
      else elog.warn({ err, retryInMs: delayMs }, 'webhook handler failed: will retry');
    }
  }

  async function processBatch(): Promise<number> {
    const events = await claimPendingEvents(db, batchSize);
    // The whole batch is finished even when stop() is called meanwhile: claimed rows are not left behind.
    for (const event of events) await processEvent(event);
    return events.length;
  }

  async function reclaim(): Promise<number> {
    lastReclaim = Date.now();
    const n = await reclaimExpiredClaims(db, { leaseMs, maxAttempts });
    if (n > 0) log.warn({ reclaimed: n }, 'reclaimed webhook events abandoned in processing');
    return n;
  }

  async function loop(lane: number): Promise<void> {
    while (!stopping) {
      wakeRequested[lane] = false;
      let claimed = 0;
      try {
        if (lane === 0 && Date.now() - lastReclaim >= reclaimEveryMs) await reclaim();
        claimed = await processBatch();
      } catch (err) {
        log.error({ err, lane }, 'webhook inbox batch failed; retrying after the poll interval');
      }
      if (claimed === 0) await sleep(lane, pollIntervalMs);
    }
  }

  async function connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: 'textlane-webhook-inbox' });
    const retry = (err: unknown) => {
      if (listener === client) listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (stopping) return;
      log.warn({ err }, 'webhook inbox LISTEN connection lost; polling until it reconnects');
      reconnectTimer ??= setTimeout(() => {
        reconnectTimer = null;
        if (!stopping) connecting = connectListener();
      }, 2000);
    };
    client.on('error', retry);
    client.on('notification', wake);
    try {
      await client.connect();
      await client.query(`LISTEN ${WEBHOOK_EVENTS_CHANNEL}`);
    } catch (err) {
      retry(err);
      return;
    }
    if (stopping) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    client.on('end', () => {
      if (listener === client) retry(new Error('connection ended'));
    });
    wake(); // anything inserted while we were not listening
  }

  return {
    name,
    processBatch,
    reclaim,
    start() {
      if (running) return;
      running = true;
      stopping = false;
      if (useListen) connecting = connectListener();
      loopDone = Promise.all(Array.from({ length: lanes }, (_, lane) => loop(lane))).then(() => undefined);
      log.info({ lanes, batchSize, pollIntervalMs, listen: useListen, maxAttempts }, 'webhook inbox processor started');
    },
    async stop() {
      if (!running) return;
      stopping = true;
      wake();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      await loopDone;
      await connecting;
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      running = false;
      log.info('webhook inbox processor stopped');
    },
  };
}

let registered = false;

/**
 * Adds the inbox processor to the background workers started by worker processes (role worker or
 * all). Call once at boot with the per-topic handlers; later calls are ignored.
 */
export function registerWebhookInbox(handlers: WebhookHandlers, options: Omit<WebhookInboxOptions, 'handlers'> = {}): void {
  if (registered) return;
  registered = true;
  backgroundWorkerFactories.push((ctx) => createWebhookInboxProcessor(ctx, { ...options, handlers }));
}
