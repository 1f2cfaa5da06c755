// Builds the app's SMS provider registry once from config, shared by the dispatchers and the
// status and inbound webhooks of one running app (main.ts creates it and puts it in the app context). Local mode uses the simulator, whose delivery reports are
// posted (signed like MessageBird's) to our own status webhook; MessageBird is used when
// configured. Replay protection (jti) is kept in Postgres, recorded in the callback's own transaction
// (replay-guard.ts), so every process agrees and a failed attempt leaves no record.
//
// The status URL must be the exact public URL (signatures cover it). In production it is APP_URL;
// in local mode, APP_URL if set, else the address the HTTP server actually listens on, which
// main.ts hands to the app's PublicUrl once it listens (port 0 in tests).
import type { PublicUrl } from '../automations/public-url.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
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
  /** Cancels pending simulated DLRs. */
  close(): void;
}

export interface ProviderSetupDeps {
  config: Config;
  database: Database;
  publicUrl: PublicUrl;
}

export function createProviderSetup({ config, database, publicUrl }: ProviderSetupDeps): ProviderSetup {
  let built: Promise<ProviderRegistry> | null = null;
  let current: ProviderRegistry | null = null;

  async function build(): Promise<ProviderRegistry> {
    const base = await publicUrl.whenKnown(PUBLIC_URL_WAIT_MS);
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
            handoffLog: sms.simulator.handoffLog ?? undefined,
          }
        : undefined,
      messagebird:
        sms.provider === 'messagebird' && sms.messagebird.accessKey
          ? {
              accessKey: sms.messagebird.accessKey,
              signingKey: sms.messagebird.signingKey,
              reportUrl:
                statusUrl ?? new URL(STATUS_WEBHOOK_PATH, `http://${config.host}:${config.port}`).toString(),
              timeoutMs: sms.messagebird.timeoutMs,
            }
          : undefined,
    });
    current = registry;
    return registry;
  }

  return {
    replayGuard: createReplayGuard(database),
    registry() {
      if (current) return Promise.resolve(current);
      built ??= build();
      return built;
    },
    async statusProvider() {
      const registry = await this.registry();
      return registry.byName(config.sms.provider);
    },
    close() {
      if (current && config.mode === 'local') {
        try {
          current.byName('simulator').close();
        } catch {
          // no simulator configured
        }
      }
    },
  };
}
