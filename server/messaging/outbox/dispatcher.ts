// The dispatcher: a BackgroundWorker that claims due messages in batches and sends them
// (process-batch.ts). Several lanes per process overlap database and provider round trips; several
// processes can run at once (claims are FOR UPDATE SKIP LOCKED, outcomes are guarded by the claim
// token). It wakes on NOTIFY 'messages_queued' and polls as a fallback; it also reconciles
// abandoned claims (reconcile.ts). stop() lets every lane finish the batch in hand.
import { hostname } from 'node:os';
import type pg from 'pg';
import type { AppContext } from '../../app-context.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { BackgroundWorker } from '../../jobs/background-workers.js';
import { createWakeSignal, type WakeSignal } from '../../jobs/wake-signal.js';
import { logger } from '../../logger.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { claimBatch, newClaimToken } from './claim.js';
import { MESSAGES_QUEUED_CHANNEL } from './enqueue.js';
import { emptyStats, processBatch, type BatchStats } from './process-batch.js';
import { reconcileAbandoned } from './reconcile.js';
import { createRateLimiter } from './token-bucket.js';

const log = logger.child({ component: 'dispatcher' });

export interface DispatcherOptions {
  pool: pg.Pool;
  /** Connection string for the LISTEN connection; null disables LISTEN (poll only). */
  listenUrl: string | null;
  registry: () => Promise<ProviderRegistry> | ProviderRegistry;
  dispatch: Config['dispatch'];
  rates: { perShop: number; perProvider: number };
  clock: Clock;
  name?: string;
  /** How often to look for abandoned claims, in ms (default: a quarter of the lease, at most 30 s). */
  reconcileEveryMs?: number;
  random?: () => number;
}

export interface Dispatcher extends BackgroundWorker {
  stats(): Readonly<BatchStats>;
  /** Claims and processes one batch now; resolves with how many messages it claimed. */
  runOnce(): Promise<number>;
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const name = opts.name ?? `dispatcher-${hostname()}-${process.pid}`;
  const { dispatch } = opts;
  const limiter = createRateLimiter(opts.rates);
  const totals = emptyStats();
  const reconcileEveryMs = opts.reconcileEveryMs ?? Math.min(30_000, Math.max(250, dispatch.leaseMs / 4));
  let wakeSignal: WakeSignal | null = null;
  let stopping = false;
  let lanes: Promise<void>[] = [];
  let lastReconcile = 0;

  async function runOnce(): Promise<number> {
    const registry = await opts.registry();
    const claimToken = newClaimToken(name);
    const claimed = await claimBatch(opts.pool, {
      now: opts.clock.now(),
      limit: dispatch.batchSize,
      leaseMs: dispatch.leaseMs,
      claimToken,
    });
    if (claimed.length === 0) return 0;
    const stats = await processBatch(
      {
        db: opts.pool,
        registry,
        limiter,
        maxAttempts: dispatch.maxAttempts,
        backoff: { baseMs: dispatch.retryBaseMs, maxMs: dispatch.retryMaxMs },
        random: opts.random,
        now: () => opts.clock.now(),
      },
      claimToken,
      claimed,
      opts.clock.now(),
    );
    for (const key of Object.keys(totals) as Array<keyof BatchStats>) totals[key] += stats[key];
    return claimed.length;
  }

  async function maybeReconcile(): Promise<void> {
    const now = Date.now();
    if (now - lastReconcile < reconcileEveryMs) return;
    lastReconcile = now;
    const registry = await opts.registry();
    for (let round = 0; round < 20 && !stopping; round++) {
      const r = await reconcileAbandoned({
        db: opts.pool,
        registry,
        now: () => opts.clock.now(),
        leaseMs: dispatch.leaseMs,
        maxAttempts: dispatch.maxAttempts,
        policy: { marketing: dispatch.reconcileMarketing, transactional: dispatch.reconcileTransactional },
        workerName: name,
      });
      if (r.examined === 0) break;
    }
  }

  async function lane(index: number, signal: WakeSignal): Promise<void> {
    const waiter = signal.waiter();
    let failures = 0;
    while (!stopping) {
      try {
        if (index === 0) await maybeReconcile();
        const n = await runOnce();
        failures = 0;
        if (n >= dispatch.batchSize) continue;
        if (n > 0) {
          // Partial batch: the queue is (nearly) empty; let the other lanes know, then wait.
          signal.wake();
        }
        await waiter.wait(dispatch.pollMs);
      } catch (err) {
        failures++;
        log.error({ err, lane: index }, 'dispatch loop error');
        await waiter.wait(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  return {
    name,
    start() {
      if (lanes.length > 0) return;
      stopping = false;
      const signal = createWakeSignal({ url: opts.listenUrl, channel: MESSAGES_QUEUED_CHANNEL, name });
      wakeSignal = signal;
      lanes = Array.from({ length: dispatch.concurrency }, (_, i) => lane(i, signal));
      log.info({ name, lanes: dispatch.concurrency, batchSize: dispatch.batchSize }, 'dispatcher started');
    },
    async stop() {
      stopping = true;
      wakeSignal?.wake();
      await Promise.all(lanes);
      lanes = [];
      await wakeSignal?.close();
      wakeSignal = null;
    },
    stats: () => ({ ...totals }),
    runOnce,
  };
}

/** The dispatcher a running app uses, built from its context. */
export function createAppDispatcher(ctx: AppContext): Dispatcher {
  const { config, providers } = ctx;
  return createDispatcher({
    pool: ctx.database.pool,
    listenUrl: ctx.database.embedded ? null : ctx.database.url,
    registry: () => providers.registry(),
    dispatch: {
      ...config.dispatch,
      pollMs: ctx.database.embedded ? Math.min(config.dispatch.pollMs, 100) : config.dispatch.pollMs,
    },
    rates: { perShop: config.sms.ratePerShop, perProvider: config.sms.ratePerProvider },
    clock: ctx.clock,
  });
}
