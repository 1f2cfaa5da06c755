// Plan & usage in a real browser against the real app (local mode: the simulated billing provider, the demo
// shop, the product's no-plan allowance of 100 segments): with no plan yet, 80 segments used show the
// allowance warning above every page of the admin (linking to Plan & usage), and a campaign that would pass what
// is left is refused with the ways out (choose a plan, send to the N that fit, a smaller audience); choosing the Free plan goes through
// the (simulated) confirmation and comes back active; spend past 75% of the cap shows the warning on the page
// and above other pages, dismissable for the session, and it shows again at 90%.
import type { RunningApp } from '../../server/main.js';
import type { BillingSummary } from '../../server/contracts/billing.js';
import type { BrowserSession } from './support/browser.js';
import { LOCAL_ADMIN_START_MS, startLocalAdmin, type LocalAdmin } from './support/local-app.js';

// Each case may take a while on a loaded machine (2 cores shared): 120 s each.
describe('Plan & usage page (browser)', () => {
  let admin: LocalAdmin | undefined;
  let app: RunningApp;
  let browser: BrowserSession;
  let baseUrl: string;
  let shopId: string;

  const summary = async (): Promise<BillingSummary> =>
    (await (await fetch(`${baseUrl}/api/billing`)).json()) as BillingSummary;

  /** `count` delivered one-segment texts to `country` at `costMicros` each. */
  const deliver = async (key: string, count: number, country: 'US' | 'FR', costMicros: number) => {
    await app.database.pool.query(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key, status, country_code, delivered_at)
       SELECT $1, CASE WHEN $3 = 'FR' THEN '+3361234' ELSE '+1212555' END || lpad(i::text, 4, '0'), 'marketing', 'campaign',
              'Soldes', 'gsm7', 1, $4, $2 || ':' || i, 'delivered', $3, now()
         FROM generate_series(1, $5::int) i`,
      [shopId, key, country, costMicros, count],
    );
  };

  /** The wizard's Send button is enabled (the estimate has loaded). */
  const sendEnabled = () =>
    browser.page.waitForFunction(
      "[...document.querySelectorAll('button')].some((b) => b.textContent === 'Send' && !b.disabled && b.getAttribute('aria-disabled') !== 'true')",
    );

  /** The admin's billing banner above the page (not the Plan & usage page's own). */
  const frameBanner = () => browser.page.locator('.billing-warning-frame');
  /** Every percentage the frame's banner shows: one, the share used, never a warning level beside it. */
  const bannerPercents = async () =>
    [...(await frameBanner().innerText()).matchAll(/(\d+)\s*%/g)].map((m) => Number(m[1]));

  beforeAll(async () => {
    admin = await startLocalAdmin({
      env: { BILLING_USAGE_INTERVAL_MS: '86400000', BILLING_NO_PLAN_SEGMENTS: undefined },
    });
    ({ app, browser, baseUrl } = admin);
    const { rows } = await app.database.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM shops WHERE domain = 'demo.myshopify.com'`,
    );
    shopId = rows[0]!.id;
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('warns above every page when the no-plan allowance is 80% used, linking to Plan & usage', async () => {
    const { page } = browser;
    const before = await summary();
    expect(before).toMatchObject({ plan: null, status: 'none', noPlanAllowance: { segments: 100 } });
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Home' }).first().waitFor();
    expect(await frameBanner().count()).toBe(0);

    await deliver('e2e-no-plan', 80 - before.noPlanAllowance!.used, 'US', 8_300);
    expect(await summary()).toMatchObject({ usedPercent: 80, warning: 75, noPlanAllowance: { used: 80 } });
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await frameBanner().getByText('80% of your free allowance used').waitFor();
    expect(
      await frameBanner()
        .getByText('You have used 80 of the 100 SMS segments you can send without a plan')
        .isVisible(),
    ).toBe(true);
    expect(await bannerPercents()).toEqual([80]);
    await page.getByRole('heading', { name: 'Campaigns' }).first().waitFor();
    // Above the page: the banner's box ends before the page's title starts.
    const bannerBox = await frameBanner().boundingBox();
    // The skeleton's title is replaced by the page's own: measure the one that stays.
    let titleBox = null;
    for (let i = 0; i < 50 && titleBox === null; i++) {
      await page.waitForTimeout(100);
      titleBox = await page.getByRole('heading', { name: 'Campaigns' }).first().boundingBox();
    }
    expect(bannerBox!.y + bannerBox!.height).toBeLessThanOrEqual(titleBox!.y);
    await browser.screenshot('billing-warning-no-plan-on-campaigns');

    await frameBanner().getByRole('link', { name: 'Choose a plan' }).click();
    await page.getByText('No plan yet').waitFor();
    expect(new URL(page.url()).pathname).toBe('/billing');
    expect(await page.getByText('80 of 100 SMS segments').isVisible()).toBe(true);
    // Plan & usage shows its own banner, not the frame's.
    expect(await frameBanner().count()).toBe(0);
    expect(await page.getByText('80% of your free allowance used').count()).toBe(1);
  }, 120_000);

  it('a campaign that would pass what is left asks to choose a plan or a smaller audience', async () => {
    const { page } = browser;
    const created = await fetch(`${baseUrl}/api/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Everyone',
        message: { templates: { en: 'Winter sale at {{ shop.name }}' }, discount: null },
        options: { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${baseUrl}/campaigns/${id}/edit`);
    await page.getByRole('tab', { name: '4. Review' }).click();
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await send.waitFor();
    await sendEnabled();
    await send.click();
    const refusal = page.getByText('Choose a plan to send this campaign');
    await refusal.waitFor();
    expect(
      await page
        .getByText(/without a plan only 20 of the 100 segments included every 30 days are left this period/)
        .isVisible(),
    ).toBe(true);
    expect(
      await page.getByText(/send to part of the audience \(\d+ of \d+ recipients fit\)/).isVisible(),
    ).toBe(true);
    await browser.screenshot('billing-campaign-refused');
    const campaign = (await (await fetch(`${baseUrl}/api/campaigns/${id}`)).json()) as { status: string };
    expect(campaign.status).toBe('draft');

    await page.getByRole('button', { name: 'Choose a smaller audience' }).click();
    await page.getByRole('tab', { name: '1. Audience', selected: true }).waitFor();
    expect(await refusal.count()).toBe(0);

    // Send to the N that fit: the refusal's number becomes the campaign's audience limit, shown on Review.
    await page.getByRole('tab', { name: '4. Review' }).click();
    await sendEnabled();
    await send.click();
    await refusal.waitFor();
    const fitText = (await page.getByText(/recipients fit\)/).textContent()) ?? '';
    const fit = Number(/\((\d+) of \d+ recipients fit\)/.exec(fitText)?.[1]);
    expect(fit).toBeGreaterThan(0);
    await page.getByRole('button', { name: `Send to the ${fit.toLocaleString('en-US')} that fit` }).click();
    await page.getByTestId('review-audience-limit').waitFor();
    expect(await refusal.count()).toBe(0);
    expect(await page.getByTestId('review-audience-limit').textContent()).toContain(`At most ${fit}`);
    await page.waitForFunction(
      `document.querySelector('[data-testid="review-reachable"]')?.textContent === '${fit}'`,
    );
    const limited = (await (await fetch(`${baseUrl}/api/campaigns/${id}`)).json()) as {
      status: string;
      options: { audienceLimit?: number | null };
    };
    expect(limited).toMatchObject({ status: 'draft', options: { audienceLimit: fit } });
    await browser.screenshot('billing-campaign-send-to-fit');

    // Back to the whole audience: refused again, and the refusal's "Choose a plan" leads to Plan & usage.
    await page.getByRole('button', { name: 'Send to the whole audience' }).click();
    await page.getByText('Everyone in the audience who can be texted').waitFor();
    await sendEnabled();
    await send.click();
    await refusal.waitFor();
    // The refusal's own link (the frame's allowance banner above has one too).
    await page.locator('a:not(.billing-warning-frame a)', { hasText: 'Choose a plan' }).click();
    await page.getByText('No plan yet').waitFor();
    expect(new URL(page.url()).pathname).toBe('/billing');
  }, 120_000);

  it('chooses a plan through the simulated confirmation and shows spend against the cap with the 75% warning', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Choose Free' }).click();
    await page.getByRole('button', { name: 'Current plan' }).waitFor();
    expect(new URL(page.url()).searchParams.has('charge_id')).toBe(false);
    expect(await summary()).toMatchObject({
      plan: 'free',
      status: 'active',
      cap: '20.00',
      provider: 'simulated',
      noPlanAllowance: null,
      warning: null,
    });

    // 160 delivered one-segment texts to France (0.08 + 25% each): 16.00 of the 20.00 cap, 80%.
    await deliver('e2e-billing', 160, 'FR', 80_000);
    const expected = await summary();
    expect(expected).toMatchObject({ usedPercent: 80, warning: 75 });
    await page.reload();
    await page.getByText('80% of your spending cap used', { exact: true }).waitFor();
    expect(await page.getByText(`${expected.spent} of 20.00 USD`).first().isVisible()).toBe(true);
    await browser.screenshot('billing-plan-and-usage');
    expect(await page.locator('table').getByText('FR', { exact: true }).first().isVisible()).toBe(true);
    const bar = await page.locator('.Polaris-ProgressBar').first().boundingBox();
    expect(bar?.width ?? 0).toBeGreaterThan(100);
  }, 120_000);

  it('shows the cap warning above other pages, dismissable for the session, and again at 90%', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).click();
    await frameBanner().getByText('80% of your spending cap used').waitFor();
    expect(
      await frameBanner().getByText('You have used 16.00 of your 20.00 USD spending cap').isVisible(),
    ).toBe(true);
    expect(await bannerPercents()).toEqual([80]);
    expect(await frameBanner().getByRole('link', { name: 'Raise the cap' }).getAttribute('href')).toMatch(
      /^\/billing/,
    );
    await browser.screenshot('billing-warning-cap-on-messages');

    await frameBanner().getByRole('button', { name: 'Dismiss notification' }).click();
    expect(await frameBanner().count()).toBe(0);
    // Dismissed for the browser session: a reload asks /api/billing again and shows no 75% warning.
    expect(await page.evaluate('sessionStorage.getItem("textlane.billing-warning.dismissed")')).toBe('75');
    const billingAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/billing');
    await page.reload();
    expect((await billingAnswered).status()).toBe(200);
    await page.getByRole('heading', { name: 'Messages' }).first().waitFor();
    expect(await frameBanner().count()).toBe(0);

    // 25 more to France: 18.50 of 20.00, 92%: the 90% warning shows despite the dismissed 75% one.
    await deliver('e2e-billing-90', 25, 'FR', 80_000);
    expect(await summary()).toMatchObject({ usedPercent: 92, warning: 90 });
    await page.getByRole('navigation').getByRole('link', { name: 'Segments' }).click();
    await frameBanner().getByText('92% of your spending cap used').waitFor();
    expect(await bannerPercents()).toEqual([92]);
    await browser.screenshot('billing-warning-cap-90');
  }, 120_000);
});
