// Builds the app's SMS provider registry once from config, shared by the dispatchers and the
// status webhook of one running app. Local mode uses the simulator, whose delivery reports are
// posted (signed like MessageBird's) to our own status webhook; MessageBird is used when
// configured. Replay protection (jti) is kept in Postgres, recorded in the callback's own transaction
// (replay-guard.ts), so every process agrees and a failed attempt leaves no record.
//
// The status URL must be the exact public URL (signatures cover it). In production it is APP_URL;
// in local mode, APP_URL if set, else the address the HTTP server actually listens on, which
// main.ts hands over with setPublicUrl() once it listens (port 0 in tests).
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { createProviderRegistry, type ProviderRegistry } from './providers/registry.js';
import type { SmsProvider } from './providers/types.js';
import { createReplayGuard, type ReplayGuard } from './replay-guard.js';

export const STATUS_WEBHOOK_PATH = '/webhooks/messagebird/status';

const log = logger.child({ component: 'provider-setup' });
/** How long a worker-only local process waits for a public URL before giving up on DLRs. */
const PUBLIC_URL_WAIT_MS = 5000;

export interface ProviderSetup {
  /** The registry (built on first use). */
  registry(): Promise<ProviderRegistry>;
  /** The provider whose verify/parse answers the status webhook (the configured default). */
  statusProvider(): Promise<SmsProvider>;
  /** Records verified callbacks' tokens in the processing transaction. */
  readonly replayGuard: ReplayGuard;
  setPublicUrl(url: string): void;
  /** Replaces the registry (tests, benchmarks). */
  override(registry: ProviderRegistry): void;
  /** Cancels pending simulated DLRs. */
  close(): void;
}

const setups = new WeakMap<AppContext, ProviderSetup>();

export function providerSetupFor(ctx: AppContext): ProviderSetup {
  let setup = setups.get(ctx);
  if (!setup) {
    setup = createProviderSetup(ctx);
    setups.set(ctx, setup);
  }
  return setup;
}

function createProviderSetup(ctx: AppContext): ProviderSetup {
  const { config } = ctx;
  let resolveUrl!: (url: string) => void;
  const publicUrl = new Promise<string>((resolve) => (resolveUrl = resolve));
  if (config.appUrl) resolveUrl(config.appUrl);
  let built: Promise<ProviderRegistry> | null = null;
  let current: ProviderRegistry | null = null;
  let overridden = false;

  async function build(): Promise<ProviderRegistry> {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), PUBLIC_URL_WAIT_MS).unref());
    const base = await Promise.race([publicUrl, timeout]);
    if (base === null) log.warn('no public URL known: simulated delivery reports are disabled');
    const statusUrl = base ? new URL(STATUS_WEBHOOK_PATH, base).toString() : undefined;
    const { sms } = config;
    const useSimulator = sms.provider === 'simulator' || config.mode === 'local';
    const registry = createProviderRegistry({
      default: sms.provider,
      simulator: useSimulator
        ? {
            latencyMs: sms.simulator.latencyMs,
            failureRate: sms.simulator.failureRate,
            dlr: { enabled: sms.simulator.dlr && statusUrl !== undefined, delayMs: sms.simulator.dlrDelayMs },
            statusUrl,
            signingKey: sms.messagebird.signingKey,
            capacity: 10_000,
          }
        : undefined,
      messagebird:
        sms.provider === 'messagebird' && sms.messagebird.accessKey
          ? {
              accessKey: sms.messagebird.accessKey,
              signingKey: sms.messagebird.signingKey,
              reportUrl: statusUrl ?? new URL(STATUS_WEBHOOK_PATH, `http://${config.host}:${config.port}`).toString(),
              timeoutMs: sms.messagebird.timeoutMs,
            }
          : undefined,
    });
    if (!overridden) current = registry;
    return overridden && current ? current : registry;
  }

  return {
    replayGuard: createReplayGuard(ctx.database),
    registry() {
      if (current) return Promise.resolve(current);
      built ??= build();
      return built;
    },
    async statusProvider() {
      const registry = await this.registry();
      return registry.byName(config.sms.provider);
    },
    setPublicUrl(url) {
      resolveUrl(url);
    },
    override(registry) {
      overridden = true;
      current = registry;
    },
    close() {
      if (current && !overridden && config.mode === 'local') {
        try {
          current.byName('simulator').close();
        } catch {
          // no simulator configured
        }
      }
    },
  };
}
