// Plan & usage in a real browser against the real app (local mode: the simulated billing provider, the demo
// shop): no plan yet, choosing the Free plan goes through the (simulated) confirmation and comes back active,
// and spend past 75% of the cap shows the warning banner and the progress bar.
import { start, type RunningApp } from '../../server/main.js';
import type { BillingSummary } from '../../server/contracts/billing.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../support/test-database.js';
import { launchBrowser, type BrowserSession } from './support/browser.js';
import { ensureUiBuilt } from './support/ui-build.js';

describe('Plan & usage page (browser)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let browser: BrowserSession;
  let baseUrl: string;

  const summary = async (): Promise<BillingSummary> =>
    (await (await fetch(`${baseUrl}/api/billing`)).json()) as BillingSummary;

  beforeAll(async () => {
    await ensureUiBuilt();
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db, { BILLING_USAGE_INTERVAL_MS: '86400000' }) });
    if (app.url === null) throw new Error('start() returned no HTTP url');
    baseUrl = app.url;
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  it('chooses a plan through the simulated confirmation and shows spend against the cap with the 75% warning', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Plan & usage' }).click();
    await page.getByText('No plan yet').waitFor();
    expect((await summary()).status).toBe('none');

    await page.getByRole('button', { name: 'Choose Free' }).click();
    await page.getByRole('button', { name: 'Current plan' }).waitFor();
    expect(new URL(page.url()).searchParams.has('charge_id')).toBe(false);
    expect(await summary()).toMatchObject({
      plan: 'free',
      status: 'active',
      cap: '20.00',
      provider: 'simulated',
    });

    // 160 delivered one-segment texts to France (0.08 + 25% each): 16.00 of the 20.00 cap, 80%.
    const { rows } = await app.database.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM shops WHERE domain = 'demo.myshopify.com'`,
    );
    await app.database.pool.query(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key, status, country_code, delivered_at)
       SELECT $1, '+3361234' || lpad(i::text, 4, '0'), 'marketing', 'campaign', 'Soldes', 'gsm7', 1, 80000, 'e2e-billing:' || i, 'delivered', 'FR', now()
         FROM generate_series(1, 160) i`,
      [rows[0]!.id],
    );
    const expected = await summary();
    expect(expected).toMatchObject({ usedPercent: 80, warning: 75 });
    await page.reload();
    await page.getByText('75% of your spending cap used').waitFor();
    expect(await page.getByText(`${expected.spent} of 20.00 USD`).first().isVisible()).toBe(true);
    await browser.screenshot('billing-plan-and-usage');
    expect(await page.locator('table').getByText('FR', { exact: true }).first().isVisible()).toBe(true);
    const bar = await page.locator('.Polaris-ProgressBar').first().boundingBox();
    expect(bar?.width ?? 0).toBeGreaterThan(100);
  });
});
