// Boots the app: config, database (+ migrations), local demo data, jobs, HTTP. Tests call start() in-process
// on port 0 and the returned app's stop() afterwards; the CLI (server/cli/start.ts) adds signal handling.
// Everything an app holds is built here and reachable from the returned app: nothing is module-global.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agenda } from 'agenda';
import type { AppContext } from './app-context.js';
import { systemClock, type Clock } from './clock.js';
import { loadConfig, type Config, type Role } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { createHttpApp } from './http/app.js';
import { createAgenda } from './jobs/agenda.js';
import type { BackgroundWorker } from './jobs/background-workers.js';
import { defineJobs, scheduleRecurringJobs } from './jobs/definitions.js';
import { seedDemoShop } from './local/demo-seed.js';
import { applyConfiguredSmsNumbers } from './shops/sms-numbers.js';
import { createAppDispatcher } from './messaging/outbox/dispatcher.js';
import { webhookBatchHandlers, webhookHandlers } from './webhooks/handlers/index.js';
import { createWebhookInboxProcessor, type WebhookInboxOptions } from './webhooks/inbox-processor.js';
import { createProviderSetup } from './messaging/provider-setup.js';
import { logger } from './logger.js';
import { createPublicUrl } from './automations/public-url.js';
import { createShopifyApi } from './shopify/shopify-api.js';
import { createShopifyAdmin } from './shopify/offline-token.js';
import { createBillingProvider } from './billing/billing-provider-setup.js';

export interface StartOptions {
  /** Environment overrides on top of process.env (a key set to undefined is removed). */
  env?: Record<string, string | undefined>;
  /** Overrides PORT; 0 picks a free port. */
  port?: number;
  /** all (default): web + worker; web: HTTP only; worker: jobs and dispatchers only. */
  role?: Role;
  clock?: Clock;
  /** Overrides for the webhook inbox processor (tests: a short poll interval and backoff). */
  webhookInbox?: Omit<WebhookInboxOptions, 'handlers'>;
}

export interface RunningApp {
  /** Base URL of the HTTP server (null for a worker-only process). */
  url: string | null;
  config: Config;
  database: Database;
  agenda: Agenda;
  context: AppContext;
  stop(): Promise<void>;
}

export async function start(options: StartOptions = {}): Promise<RunningApp> {
  const config = loadConfig({
    ...options.env,
    ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
  });
  logger.level = config.logLevel;
  const role: Role = options.role ?? 'all';
  const runsWeb = role !== 'worker';
  const runsWorker = role !== 'web';
  if (config.mode === 'local') {
    logger.info(
      { role },
      'LOCAL MODE: demo shop demo.myshopify.com, simulated SMS, embedded database unless DATABASE_URL is set',
    );
  }

  const database = await openDatabase(config);
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  try {
    await runMigrations(database.pool);
    if (config.mode === 'local' && config.localSeed) await seedDemoShop(database.db);
    await applyConfiguredSmsNumbers(
      database.db,
      config.shopSmsNumbers,
      (options.clock ?? systemClock).now(),
      logger,
    );

    const jobs = createAgenda({
      config,
      pool: database.pool,
      embedded: database.embedded,
      name: `${role}-${process.pid}`,
    });
    const { agenda } = jobs;
    let jobsRunning = false;
    const publicUrl = createPublicUrl(config);
    const providers = createProviderSetup({ config, database, publicUrl });
    cleanups.unshift(async () => providers.close());
    const shopify = createShopifyApi(config);
    const clock = options.clock ?? systemClock;
    const shopifyAdmin = createShopifyAdmin({ config, db: database.db, shopify, clock });
    const context: AppContext = {
      config,
      database,
      shopify,
      shopifyAdmin,
      agenda,
      clock,
      publicUrl,
      providers,
      billing: createBillingProvider({ config, pool: database.pool, graphql: shopifyAdmin.graphql, clock }),
      runsJobs: () => runsWorker,
    };
    defineJobs(context);
    if (runsWorker) {
      await agenda.start();
      jobsRunning = true;
      await scheduleRecurringJobs(context);
      cleanups.unshift(async () => {
        jobsRunning = false;
        await jobs.stop(config.shutdownTimeoutMs);
      });
      // Every background worker this process runs, in start order (stopped in reverse).
      const workers: BackgroundWorker[] = [
        createWebhookInboxProcessor(context, {
          batchHandlers: webhookBatchHandlers,
          ...options.webhookInbox,
          handlers: webhookHandlers,
        }),
        createAppDispatcher(context),
      ];
      for (const worker of workers) {
        worker.start();
        cleanups.unshift(() => worker.stop());
      }
    } else {
      await agenda.ready;
      cleanups.unshift(() => agenda.stop());
    }

    let url: string | null = null;
    if (runsWeb) {
      const server = await listen(
        createHttpApp(context, () => jobsRunning),
        config.port,
        config.host,
      );
      const { port } = server.address() as AddressInfo;
      const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
      url = `http://${shownHost}:${port}`;
      publicUrl.set(url);
      cleanups.unshift(() => closeServer(server, config.shutdownTimeoutMs));
      logger.info({ url, mode: config.mode, role }, `listening on ${url}`);
    }

    let stopping: Promise<void> | null = null;
    const app: RunningApp = {
      url,
      config,
      database,
      agenda,
      context,
      stop() {
        stopping ??= runCleanups(cleanups);
        return stopping;
      },
    };
    return app;
  } catch (err) {
    await runCleanups(cleanups);
    throw err;
  }
}

async function runCleanups(cleanups: Array<() => Promise<void>>): Promise<void> {
  for (const fn of cleanups) {
    try {
      await fn();
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
    }
  }
}

function listen(app: ReturnType<typeof createHttpApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Stop accepting, let in-flight requests finish (bounded), then drop what is left. */
function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
