// The real app in local mode (the demo shop, seeded with its history unless a test says otherwise) on a fresh
// database, with a browser: what a browser test of the admin starts before its cases and closes after them.
import type { Clock } from '../../../server/clock.js';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { launchBrowser, type BrowserSession, type LaunchOptions } from './browser.js';
import { ensureUiBuilt } from './ui-build.js';

/** How long a beforeAll may take to start one: a UI rebuild, migrations and the demo seed on a busy machine. */
export const LOCAL_ADMIN_START_MS = 420_000;
/** A taller browser window than the default 1280×900, for pages whose charts or tables run long. */
export const TALL_VIEWPORT = { width: 1280, height: 1000 };

export interface LocalAdmin {
  app: RunningApp;
  browser: BrowserSession;
  baseUrl: string;
  close(): Promise<void>;
}

export interface LocalAdminOptions {
  /** The browser window (default: launchBrowser's 1280×900). */
  viewport?: LaunchOptions['viewport'];
  /** Environment on top of the test environment (e.g. LOCAL_SEED: 'false'; a key set to undefined is removed). */
  env?: Record<string, string | undefined>;
  /** The app's clock (default: the wall clock). */
  clock?: Clock;
}

export async function startLocalAdmin(options: LocalAdminOptions = {}): Promise<LocalAdmin> {
  await ensureUiBuilt();
  const db: TestDatabase = await createTestDatabase();
  let app: RunningApp | undefined;
  let browser: BrowserSession | undefined;
  const close = async () => {
    await browser?.close();
    await app?.stop();
    await db.drop();
  };
  try {
    app = await start({
      port: 0,
      env: testEnv(db, options.env),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    if (app.url === null) throw new Error('start() returned no HTTP url');
    browser = await launchBrowser(options.viewport ? { viewport: options.viewport } : {});
    return { app, browser, baseUrl: app.url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
