// The real app in local mode (the demo shop, seeded with its history) on a fresh database, with a browser:
// what a browser test of the admin starts before its cases and closes after them.
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { launchBrowser, type BrowserSession } from './browser.js';
import { ensureUiBuilt } from './ui-build.js';

export interface LocalAdmin {
  app: RunningApp;
  browser: BrowserSession;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startLocalAdmin(viewport = { width: 1280, height: 1000 }): Promise<LocalAdmin> {
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
    app = await start({ port: 0, env: testEnv(db) });
    if (app.url === null) throw new Error('start() returned no HTTP url');
    browser = await launchBrowser({ viewport });
    return { app, browser, baseUrl: app.url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
