// The app's configuration: one zod schema, the only reader of process.env. Every key is documented where the
// schema's parts declare it (server/config/app-env.ts, sending-env.ts, operations-env.ts), in .env.example and
// in the README. A missing or malformed value stops boot with a one-line message.
import { z } from 'zod';
import { appEnvShape } from './config/app-env.js';
import { operationsEnvShape } from './config/operations-env.js';
import { sendingEnvShape } from './config/sending-env.js';

const LOCAL_WEBHOOK_SECRET = 'local-dev-secret';
const LOCAL_SIGNING_KEY = 'local-dev-signing-key';
/** The demo shop's inbound number in local mode (the simulator's texts are addressed to it). */
const LOCAL_SHOP_SMS_NUMBERS = 'demo.myshopify.com=+15005550006';
// 32 zero-ish bytes, only ever used in local mode where tokens are fake anyway.
const LOCAL_ENCRYPTION_KEY = Buffer.from('local-mode-token-encryption-key!').toString('base64');

const envSchema = z.object({ ...appEnvShape, ...sendingEnvShape, ...operationsEnvShape });

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
