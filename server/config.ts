// The app's configuration: one zod schema, the only reader of process.env. Every key is documented here,
// in .env.example and in the README. A missing or malformed value stops boot with a one-line message.
import { z } from 'zod';

const LOCAL_WEBHOOK_SECRET = 'local-dev-secret';
const LOCAL_SIGNING_KEY = 'local-dev-signing-key';
/** The demo shop's inbound number in local mode (the simulator's texts are addressed to it). */
const LOCAL_SHOP_SMS_NUMBERS = 'demo.myshopify.com=+15005550006';
// 32 zero-ish bytes, only ever used in local mode where tokens are fake anyway.
const LOCAL_ENCRYPTION_KEY = Buffer.from('local-mode-token-encryption-key!').toString('base64');

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const postgresUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname.length > 0;
      } catch {
        return false;
      }
    }, 'must be a postgres:// or postgresql:// URL such as postgres://user@127.0.0.1:5432/app')
    .optional(),
);

const base64Key32 = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes encoded as base64 (openssl rand -base64 32)',
    )
    .optional(),
);

const envSchema = z.object({
  /** development | production | test. Only affects log defaults; production mode is chosen by SHOPIFY_API_KEY. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port; 0 picks a free port (tests). */
  PORT: int(3000, 0, 65535),
  /** Interface to bind. Local mode defaults to 127.0.0.1 so the demo shop is reachable from this machine only. */
  HOST: optionalString,
  /** Public https URL of the app (Shopify's application_url). Required in production. */
  APP_URL: z.preprocess(
    emptyToUndefined,
    z.url('must be an absolute URL such as https://sms.example.com').optional(),
  ),
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),

  /** PostgreSQL server. Unset: an embedded PGlite server is started (local mode and quick tests). */
  DATABASE_URL: postgresUrl,
  /** Max connections in this process's pool (at least 2: agenda creates its schema on one while another holds the schema lock). */
  DATABASE_POOL_MAX: int(20, 2, 200),
  /** Where the embedded database keeps its files when DATABASE_URL is unset; memory:// keeps nothing. */
  EMBEDDED_DB_DIR: z.preprocess(emptyToUndefined, z.string().default('.data/pglite')),

  /** Shopify app client id. Unset means local mode (demo shop, simulated SMS, no Shopify). */
  SHOPIFY_API_KEY: optionalString,
  /** Shopify app client secret: verifies webhook HMACs and session tokens. Local mode default: local-dev-secret (not with SMS_PROVIDER=messagebird or NODE_ENV=production). */
  SHOPIFY_API_SECRET: optionalString,
  /** Comma-separated access scopes, as in shopify.app.toml. */
  SHOPIFY_SCOPES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('read_customers,write_customers,read_orders,read_fulfillments,write_discounts,read_checkouts'),
  ),
  /** Admin API version used for GraphQL calls and expected on webhooks. */
  SHOPIFY_API_VERSION: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'must look like 2025-10')
      .default('2025-10'),
  ),
  /** AES-256-GCM key for access tokens at rest, base64 of 32 bytes. Required in production mode, and in local mode with SMS_PROVIDER=messagebird or NODE_ENV=production. */
  TOKEN_ENCRYPTION_KEY: base64Key32,

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

  /** Agenda: how often workers poll for due jobs, in ms (LISTEN/NOTIFY wakes them sooner on a real server). */
  AGENDA_PROCESS_EVERY_MS: int(5000, 100, 600000),
  /** Agenda: max jobs locked by this process at once, across all job types. */
  AGENDA_LOCK_LIMIT: int(50, 1, 10000),
  /** Agenda: a lock older than this is considered abandoned (dead worker) and the job runs again. */
  AGENDA_LOCK_LIFETIME_MS: int(10 * 60 * 1000, 1000, 24 * 3600 * 1000),
  /** Agenda: max jobs running at once in this process. */
  AGENDA_MAX_CONCURRENCY: int(20, 1, 1000),
  /** Backfill: how often a running GraphQL bulk operation is polled when its bulk_operations/finish webhook has not arrived, in ms. */
  SYNC_POLL_INTERVAL_MS: int(10000, 50, 600000),
  /** Max time a graceful shutdown waits for in-flight requests and jobs, in ms. */
  SHUTDOWN_TIMEOUT_MS: int(15000, 100, 300000),
  /** Seed the demo shop in local mode (default true). */
  LOCAL_SEED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  /**
   * Operator-assigned SMS numbers applied at boot: comma-separated shop-domain=+E164 pairs (the number that
   * receives the shop's inbound texts; also `npm run shop:number`). Local mode default: the demo shop gets +15005550006.
   */
  SHOP_SMS_NUMBERS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(
        (v) => v.split(',').every((p) => /^\s*[a-z0-9][a-z0-9.-]*\s*=\s*\+[1-9]\d{6,14}\s*$/i.test(p)),
        'must be comma-separated shop-domain=+E164 pairs such as shop.myshopify.com=+14155550123',
      )
      .refine((v) => {
        const pairs = v.split(',').map((p) => p.split('=').map((x) => x.trim().toLowerCase()));
        return (
          new Set(pairs.map((p) => p[0])).size === pairs.length &&
          new Set(pairs.map((p) => p[1])).size === pairs.length
        );
      }, 'must name each shop and each number once')
      .optional(),
  ),
  /** Webhook inbox: attempts per event before a throwing handler parks it as failed (replayable from the admin API). */
  WEBHOOK_MAX_ATTEMPTS: int(8, 1, 100),
  /** Webhook inbox: events processed at once per worker process, each in its own transaction (lanes claim with SKIP LOCKED). */
  WEBHOOK_INBOX_LANES: int(8, 1, 64),
  /** Webhook inbox: events one lane claims at a time. Small batches keep the lanes evenly loaded. */
  WEBHOOK_INBOX_BATCH_SIZE: int(10, 1, 500),
  /** Webhook inbox: a claim older than this, in ms, is a dead worker's; its events return to pending. */
  WEBHOOK_INBOX_LEASE_MS: int(5 * 60_000, 1000, 3600000),
  /** Test sends (message API, flow tests, test-number codes) one shop may make per rolling hour; more answer 429 with Retry-After. */
  TEST_SEND_RATE_PER_HOUR: int(10, 1, 100000),
  /** Messages a shop installed less than NEW_SHOP_DAYS ago may create per rolling 24 hours; more are suppressed (daily_ceiling). 0 = no ceiling. */
  NEW_SHOP_DAILY_CEILING: int(1000, 0, 100000000),
  /** How many days after install a shop counts as new (NEW_SHOP_DAILY_CEILING applies). 0 = never. */
  NEW_SHOP_DAYS: int(7, 0, 3650),
  /** Segments: statement timeout of every count or preview query, ms; a longer one is stopped and answered 503. */
  SEGMENT_QUERY_TIMEOUT_MS: int(5000, 100, 600000),
  /** Billing: the operator's margin on the per-segment price table (server/messaging/pricing.ts), in percent (25 = price × 1.25). */
  BILLING_MARGIN_PERCENT: int(25, 0, 1000),
  /** Billing: simulated (no Shopify calls; local mode's default) or shopify (the Billing API; production mode's default). */
  BILLING_PROVIDER: z.enum(['simulated', 'shopify']).optional(),
  /** Billing: how often delivered messages are recorded as Shopify usage charges, ms. */
  BILLING_USAGE_INTERVAL_MS: int(60000, 1000, 86400000),
  /**
   * Billing: SMS segments per 30 days a shop that never chose a plan may send (the Free plan's 100 included
   * segments); its marketing beyond them is suppressed (billing_cap). "off": shops without a plan are not limited.
   */
  BILLING_NO_PLAN_SEGMENTS: z.preprocess(
    emptyToUndefined,
    z.union([z.literal('off'), z.coerce.number().int().min(0).max(100_000_000)]).default(100),
  ),
});

export type Mode = 'local' | 'production';
export type Role = 'all' | 'web' | 'worker';

export interface Config {
  mode: Mode;
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  appUrl: string | null;
  logLevel: string;
  database: { url: string | null; poolMax: number; embeddedDir: string };
  shopify: { apiKey: string | null; apiSecret: string; scopes: string[]; apiVersion: string };
  tokenEncryptionKey: Buffer;
  sms: {
    provider: 'messagebird' | 'simulator';
    messagebird: { accessKey: string | null; signingKey: string; timeoutMs: number };
    simulator: {
      latencyMs: number;
      failureRate: number;
      dlr: boolean;
      dlrDelayMs: number;
      handoffLog: string | null;
    };
    ratePerShop: number;
    ratePerProvider: number;
  };
  dispatch: {
    batchSize: number;
    concurrency: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    leaseMs: number;
    pollMs: number;
    reconcileMarketing: 'unknown' | 'retry';
    reconcileTransactional: 'unknown' | 'retry';
  };
  agenda: { processEveryMs: number; lockLimit: number; lockLifetimeMs: number; maxConcurrency: number };
  shutdownTimeoutMs: number;
  localSeed: boolean;
  /** Operator-assigned SMS numbers applied at boot: shop domain → E.164 number. */
  shopSmsNumbers: ReadonlyArray<{ shopDomain: string; smsNumber: string }>;
  webhooks: { maxAttempts: number; inboxLanes: number; inboxBatchSize: number; inboxLeaseMs: number };
  /** Backfill bulk operation poll interval, ms. */
  syncPollIntervalMs: number;
  /** Abuse limits: test sends per shop and hour; the daily ceiling of new shops (0 = none) and how long a shop is new. */
  sendLimits: { testSendsPerHour: number; newShopDailyCeiling: number; newShopDays: number };
  /** Segment count queries: statement timeout, ms. */
  segments: { queryTimeoutMs: number };
  /** App-store billing: margin on the price table (percent), provider, usage recording interval; test charges outside NODE_ENV=production. */
  billing: {
    marginPercent: number;
    provider: 'simulated' | 'shopify';
    usageIntervalMs: number;
    test: boolean;
    /** Segments per 30 days a shop without a plan may send (marketing beyond them suppressed); null: not limited. */
    noPlanSegments: number | null;
  };
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  readonly status = 500;
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads the configuration from process.env, with `overrides` applied on top (a key set to undefined
 * removes it). Throws ConfigError with a one-line message naming the first bad variable.
 */
export function loadConfig(overrides: Env = {}): Config {
  const env: Env = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? 'environment');
    const got = env[key];
    const shown =
      got === undefined
        ? 'unset'
        : key.includes('SECRET') || key.includes('KEY')
          ? 'a hidden value'
          : JSON.stringify(got);
    throw new ConfigError(`Invalid configuration: ${key} ${issue.message} (got ${shown})`);
  }
  const e = parsed.data;
  const mode: Mode = e.SHOPIFY_API_KEY ? 'production' : 'local';
  const need = (key: keyof typeof e, why: string) => {
    if (!e[key]) throw new ConfigError(`Invalid configuration: ${key} is required ${why}`);
  };
  if (mode === 'production') {
    need('SHOPIFY_API_SECRET', 'when SHOPIFY_API_KEY is set (production mode)');
    need('APP_URL', 'when SHOPIFY_API_KEY is set (production mode)');
    need('TOKEN_ENCRYPTION_KEY', 'when SHOPIFY_API_KEY is set (production mode)');
    need(
      'DATABASE_URL',
      'when SHOPIFY_API_KEY is set (production mode; the embedded database is for local mode)',
    );
  }
  const provider = e.SMS_PROVIDER ?? (mode === 'local' ? 'simulator' : 'messagebird');
  if (provider === 'messagebird') need('MESSAGEBIRD_ACCESS_KEY', 'when SMS_PROVIDER is messagebird');
  // The simulator signs its delivery reports with this key too: never the public default in production.
  if (mode === 'production')
    need(
      'MESSAGEBIRD_SIGNING_KEY',
      `when SHOPIFY_API_KEY is set (production mode, SMS_PROVIDER ${provider})`,
    );
  // Local mode's defaults are public; they must not guard real messages or a production deployment.
  if (mode === 'local' && (provider === 'messagebird' || e.NODE_ENV === 'production')) {
    const why =
      provider === 'messagebird'
        ? 'when SMS_PROVIDER is messagebird (no public local default)'
        : 'when NODE_ENV is production (no public local default)';
    for (const key of ['SHOPIFY_API_SECRET', 'MESSAGEBIRD_SIGNING_KEY', 'TOKEN_ENCRYPTION_KEY'] as const)
      need(key, why);
  }
  const port = e.PORT;
  const host = e.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  return Object.freeze({
    mode,
    nodeEnv: e.NODE_ENV,
    port,
    host,
    appUrl: e.APP_URL ?? null,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    database: { url: e.DATABASE_URL ?? null, poolMax: e.DATABASE_POOL_MAX, embeddedDir: e.EMBEDDED_DB_DIR },
    shopify: {
      apiKey: e.SHOPIFY_API_KEY ?? null,
      apiSecret: e.SHOPIFY_API_SECRET ?? LOCAL_WEBHOOK_SECRET,
      scopes: e.SHOPIFY_SCOPES.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      apiVersion: e.SHOPIFY_API_VERSION,
    },
    tokenEncryptionKey: Buffer.from(e.TOKEN_ENCRYPTION_KEY ?? LOCAL_ENCRYPTION_KEY, 'base64'),
    sms: {
      provider,
      messagebird: {
        accessKey: e.MESSAGEBIRD_ACCESS_KEY ?? null,
        signingKey: e.MESSAGEBIRD_SIGNING_KEY ?? LOCAL_SIGNING_KEY,
        timeoutMs: e.MESSAGEBIRD_TIMEOUT_MS,
      },
      simulator: {
        latencyMs: e.SIMULATOR_LATENCY_MS,
        failureRate: e.SIMULATOR_FAILURE_PERCENT / 100,
        dlr: e.SIMULATOR_DLR === 'true',
        dlrDelayMs: e.SIMULATOR_DLR_DELAY_MS,
        handoffLog: e.SIMULATOR_HANDOFF_LOG ?? null,
      },
      ratePerShop: e.SMS_RATE_PER_SHOP,
      ratePerProvider: e.SMS_RATE_PER_PROVIDER,
    },
    dispatch: {
      batchSize: e.DISPATCH_BATCH_SIZE,
      concurrency: e.DISPATCH_CONCURRENCY,
      maxAttempts: e.DISPATCH_MAX_ATTEMPTS,
      retryBaseMs: e.DISPATCH_RETRY_BASE_MS,
      retryMaxMs: e.DISPATCH_RETRY_MAX_MS,
      leaseMs: e.DISPATCH_LEASE_MS,
      pollMs: e.DISPATCH_POLL_MS,
      reconcileMarketing: e.RECONCILE_MARKETING,
      reconcileTransactional: e.RECONCILE_TRANSACTIONAL,
    },
    agenda: {
      processEveryMs: e.AGENDA_PROCESS_EVERY_MS,
      lockLimit: e.AGENDA_LOCK_LIMIT,
      lockLifetimeMs: e.AGENDA_LOCK_LIFETIME_MS,
      maxConcurrency: e.AGENDA_MAX_CONCURRENCY,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    localSeed: e.LOCAL_SEED === 'true',
    shopSmsNumbers: (e.SHOP_SMS_NUMBERS ?? (mode === 'local' ? LOCAL_SHOP_SMS_NUMBERS : ''))
      .split(',')
      .filter((p) => p.trim() !== '')
      .map((p) => {
        const [shopDomain, smsNumber] = p.split('=').map((x) => x.trim());
        return { shopDomain: shopDomain!.toLowerCase(), smsNumber: smsNumber! };
      }),
    webhooks: {
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      inboxLanes: e.WEBHOOK_INBOX_LANES,
      inboxBatchSize: e.WEBHOOK_INBOX_BATCH_SIZE,
      inboxLeaseMs: e.WEBHOOK_INBOX_LEASE_MS,
    },
    syncPollIntervalMs: e.SYNC_POLL_INTERVAL_MS,
    sendLimits: {
      testSendsPerHour: e.TEST_SEND_RATE_PER_HOUR,
      newShopDailyCeiling: e.NEW_SHOP_DAILY_CEILING,
      newShopDays: e.NEW_SHOP_DAYS,
    },
    segments: { queryTimeoutMs: e.SEGMENT_QUERY_TIMEOUT_MS },
    billing: {
      marginPercent: e.BILLING_MARGIN_PERCENT,
      provider: e.BILLING_PROVIDER ?? (mode === 'production' ? 'shopify' : 'simulated'),
      usageIntervalMs: e.BILLING_USAGE_INTERVAL_MS,
      test: e.NODE_ENV !== 'production',
      noPlanSegments: e.BILLING_NO_PLAN_SEGMENTS === 'off' ? null : e.BILLING_NO_PLAN_SEGMENTS,
    },
  });
}
