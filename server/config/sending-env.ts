// Environment keys of sending: the SMS provider and simulator, dispatch batches, retries, rates and reconciliation.
// Part of the one zod schema that server/config.ts composes and that alone reads process.env.
import { z } from 'zod';
import { emptyToUndefined, int, optionalString } from './env-fields.js';

export const sendingEnvShape = {
  /** SMS provider: messagebird or simulator. Default: simulator in local mode, messagebird in production. */
  SMS_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['messagebird', 'simulator']).optional()),
  /** MessageBird REST access key (live or test). Required when SMS_PROVIDER is messagebird. */
  MESSAGEBIRD_ACCESS_KEY: optionalString,
  /** MessageBird-Signature-JWT key (MessageBird's, or the simulator's delivery reports). Required in production mode; local mode default: local-dev-signing-key (not with SMS_PROVIDER=messagebird or NODE_ENV=production). */
  MESSAGEBIRD_SIGNING_KEY: optionalString,

  /** Messages a dispatcher claims per batch (FOR UPDATE SKIP LOCKED). */
  DISPATCH_BATCH_SIZE: int(500, 1, 10000),
  /** Batches one dispatcher process works on at once (overlaps database and provider round trips). */
  DISPATCH_CONCURRENCY: int(2, 1, 32),
  /** Send attempts (transient failures) before a message is marked failed. With the default 2 s base doubling
   * (equal jitter), 10 tries span at least ~8.5 minutes, so a provider outage that long is waited out. */
  DISPATCH_MAX_ATTEMPTS: int(10, 1, 100),
  /** First retry delay after a transient failure, in ms; doubles per attempt, with jitter. */
  DISPATCH_RETRY_BASE_MS: int(2000, 10, 3600000),
  /** Longest retry delay, in ms. */
  DISPATCH_RETRY_MAX_MS: int(15 * 60 * 1000, 10, 24 * 3600 * 1000),
  /** A claimed row still 'sending' after this many ms is considered abandoned by a dead worker and reconciled. */
  DISPATCH_LEASE_MS: int(120000, 1000, 3600000),
  /** Polling fallback when no NOTIFY wakes the dispatcher, in ms (embedded database: at most 100). */
  DISPATCH_POLL_MS: int(1000, 10, 60000),
  /** Token bucket per shop, messages per second and per dispatcher process; 0 = no limit. */
  SMS_RATE_PER_SHOP: int(0, 0, 1000000),
  /** Token bucket per provider, messages per second and per dispatcher process; 0 = no limit. */
  SMS_RATE_PER_PROVIDER: int(0, 0, 1000000),
  /** Abandoned marketing message the provider cannot confirm: unknown (at most once) or retry (at least once). */
  RECONCILE_MARKETING: z.preprocess(emptyToUndefined, z.enum(['unknown', 'retry']).default('unknown')),
  /** Abandoned transactional message the provider cannot confirm: retry (at least once) or unknown (at most once). */
  RECONCILE_TRANSACTIONAL: z.preprocess(emptyToUndefined, z.enum(['unknown', 'retry']).default('retry')),
  /** MessageBird API call deadline, in ms. */
  MESSAGEBIRD_TIMEOUT_MS: int(10000, 100, 120000),
  /** Simulator: latency of each send call, in ms. */
  SIMULATOR_LATENCY_MS: int(0, 0, 60000),
  /** Simulator: share of messages answered with a transient failure, in percent. */
  SIMULATOR_FAILURE_PERCENT: int(0, 0, 100),
  /** Simulator: post delivery reports (delivered) back to our status webhook. */
  SIMULATOR_DLR: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  /** Simulator: delay before a delivery report is posted, in ms. */
  SIMULATOR_DLR_DELAY_MS: int(500, 0, 600000),
  /** Simulator: a file every accepted message is appended to, shared by processes; reconciliation looks messages up in it (npm run chaos counts hand-offs from it). */
  SIMULATOR_HANDOFF_LOG: optionalString,
};
