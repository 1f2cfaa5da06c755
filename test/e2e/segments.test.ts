// The Segments pages in a real browser against the real app (local mode, demo shop, fresh database): build
// "spent more than 200 and no order in the last 60 days" in the condition builder and see the live count
// equal the API's for the same definition (an older, slower answer never replaces it), an invalid value
// shown inline with nothing sent, saving, and opening a predefined segment.
import type { Request, Route } from 'playwright-core';
import type { SegmentNode, SegmentPreview } from '../../server/contracts/index.js';
import type { BrowserSession } from './support/browser.js';
import {
  LOCAL_ADMIN_START_MS,
  startLocalAdmin,
  TALL_VIEWPORT,
  type LocalAdmin,
} from './support/local-app.js';

const lapsedBigSpenders = (amount: number): SegmentNode => ({
  kind: 'and',
  conditions: [
    { kind: 'total_spent', compare: { op: 'gt', value: amount } },
    { kind: 'last_order_date', compare: { op: 'lt', value: { daysAgo: 60 } } },
  ],
});

const isPreview = (request: Request): boolean =>
  request.method() === 'POST' && new URL(request.url()).pathname === '/api/segments/preview';

describe('Segments pages (browser)', () => {
  let admin: LocalAdmin | undefined;
  let browser: BrowserSession;
  let baseUrl: string;
  const previews: Request[] = [];

  const apiPreview = async (definition: SegmentNode): Promise<SegmentPreview> => {
    const response = await fetch(`${baseUrl}/api/segments/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ definition }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as SegmentPreview;
  };

  /** Waits until the page shows a settled count (no newer one on its way) and returns it. */
  const shownCounts = async () => {
    const { page } = browser;
    await page.getByText('Updating…').waitFor({ state: 'detached' });
    await page.getByTestId('segment-count').waitFor();
    const number = async (id: string) =>
      Number((await page.getByTestId(id).textContent())!.replace(/,/g, ''));
    return { customers: await number('segment-count'), reachable: await number('segment-reachable') };
  };

  beforeAll(async () => {
    admin = await startLocalAdmin({ viewport: TALL_VIEWPORT });
    ({ browser, baseUrl } = admin);
    browser.page.on('request', (request) => {
      if (isPreview(request)) previews.push(request);
    });
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('lists no segments yet and the templates to start from', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/segments`);
    await page.getByText('No segments yet').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Segments');
    await page.getByRole('link', { name: 'Use template Inactive for 90 days' }).waitFor();
    await page.getByRole('link', { name: 'Use template Bought X but not Y' }).waitFor();
    await browser.screenshot('segments-list-empty');
  });

  it('builds "spent more than 200 and no order in the last 60 days"; the live count equals the API’s, a slower older answer never replaces it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Create segment' }).first().click();
    await page.getByLabel('Name').waitFor();
    expect(new URL(page.url()).pathname).toBe('/segments/new');
    await page.getByLabel('Name').fill('Lapsed big spenders');

    // The answer for "more than 20" is held back until the one for "more than 200" is shown.
    let releaseOld: () => void = () => undefined;
    const oldHeld = new Promise<void>((resolve) => (releaseOld = resolve));
    let oldSeen: () => void = () => undefined;
    const oldSent = new Promise<void>((resolve) => (oldSeen = resolve));
    await page.route('**/api/segments/preview', async (route: Route) => {
      const body = route.request().postDataJSON() as { definition: SegmentNode };
      if (JSON.stringify(body.definition) === JSON.stringify(lapsedBigSpenders(20))) {
        oldSeen();
        await oldHeld;
      }
      await route.continue().catch(() => undefined); // the page may have aborted it meanwhile
    });

    const first = page.getByTestId('segment-condition').nth(0);
    expect(await first.getByLabel('Field').inputValue()).toBe('total_spent');
    await first.getByLabel('Operator').selectOption('gt');
    await page.getByRole('button', { name: 'Add condition' }).click();
    const second = page.getByTestId('segment-condition').nth(1);
    await second.getByLabel('Field').selectOption('last_order_date');
    await second.getByLabel('Operator').selectOption({ label: 'more than' });
    await second.getByLabel('Days').fill('60');
    await first.getByLabel('Amount').fill('20');
    await oldSent;
    await first.getByLabel('Amount').fill('200');

    const expected = await apiPreview(lapsedBigSpenders(200));
    const stale = await apiPreview(lapsedBigSpenders(20));
    expect(expected.customers).toBeGreaterThan(0);
    expect(stale.customers).toBeGreaterThan(expected.customers);
    await page.getByText(/can be texted/).waitFor();
    expect(await shownCounts()).toEqual({ customers: expected.customers, reachable: expected.reachable });
    releaseOld();
    await page.waitForTimeout(300); // give the old answer time to (wrongly) land
    expect(await shownCounts()).toEqual({ customers: expected.customers, reachable: expected.reachable });
    await page.unroute('**/api/segments/preview');

    const last = previews.at(-1)!;
    expect(last.postDataJSON()).toEqual({ definition: lapsedBigSpenders(200) });
    // The sample lists members (masked phones), at most 20.
    const rows = page.locator('.Polaris-DataTable__TableRow');
    expect(await rows.count()).toBe(Math.min(20, expected.customers));
    await browser.screenshot('segments-builder');

    const [saved] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/segments',
      ),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(saved.status()).toBe(201);
    expect(saved.request().postDataJSON()).toMatchObject({
      name: 'Lapsed big spenders',
      definition: lapsedBigSpenders(200),
    });
    const { id } = (await saved.json()) as { id: string };
    await page.getByText('Segment saved').waitFor();
    await page.waitForURL((url) => url.pathname === `/segments/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Lapsed big spenders' }).waitFor();

    await page.getByRole('link', { name: 'Segments' }).first().click();
    const row = page.getByRole('row', { name: /Lapsed big spenders/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(String(expected.customers));
    await browser.screenshot('segments-list');
  });

  it('shows an inline error for an invalid value, sends nothing for it, and cannot save it', async () => {
    const { page } = browser;
    await page
      .getByRole('row', { name: /Lapsed big spenders/ })
      .getByRole('link')
      .click();
    const first = page.getByTestId('segment-condition').nth(0);
    await first.getByLabel('Amount').waitFor();
    expect(await first.getByLabel('Amount').inputValue()).toBe('200');
    await shownCounts();
    const sent = previews.length;

    await first.getByLabel('Amount').fill('abc');
    await page.getByText('Enter a number').waitFor();
    expect(await first.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Fix the highlighted fields to see who matches.').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    await first.getByLabel('Amount').fill('-5');
    await page.getByText('Must be 0 or more').waitFor();
    await page.waitForTimeout(600); // longer than the debounce: still nothing is asked
    await browser.screenshot('segments-invalid');
    expect(previews.length).toBe(sent);

    await first.getByLabel('Amount').fill('200');
    expect(await page.getByText('Must be 0 or more').count()).toBe(0);
    expect(await shownCounts()).toMatchObject({
      customers: (await apiPreview(lapsedBigSpenders(200))).customers,
    });
  });

  it('opens a predefined segment with its conditions and count', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/segments`);
    await page.getByRole('link', { name: 'Use template Inactive for 90 days' }).click();
    await page.getByLabel('Name').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Inactive for 90 days');
    const conditions = page.getByTestId('segment-condition');
    expect(await conditions.count()).toBe(2);
    expect(await conditions.nth(0).getByLabel('Field').inputValue()).toBe('order_count');
    expect(await conditions.nth(0).getByLabel('Count').inputValue()).toBe('1');
    expect(await conditions.nth(1).getByLabel('Field').inputValue()).toBe('last_order_date');
    expect(await conditions.nth(1).getByLabel('Days').inputValue()).toBe('90');
    const template = (await (await fetch(`${baseUrl}/api/segments/templates`)).json()) as {
      items: Array<{ key: string; definition: SegmentNode }>;
    };
    const definition = template.items.find((t) => t.key === 'inactive_90_days')!.definition;
    const expected = await apiPreview(definition);
    expect(await shownCounts()).toEqual({ customers: expected.customers, reachable: expected.reachable });
    await browser.screenshot('segments-template');
  });

  it('fills "Bought X but not Y" with the product pickers, which search the products the shop sold, and adds an OR group', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/segments`);
    await page.getByRole('link', { name: 'Use template Bought X but not Y' }).click();
    await page.getByText('This template needs your choices').waitFor();
    const conditions = page.getByTestId('segment-condition');
    expect(await conditions.count()).toBe(2);
    expect(await conditions.getByText('Choose at least one').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await browser.screenshot('segments-products-to-fill');

    const pick = async (index: number, query: string, title: string) => {
      await conditions.nth(index).getByLabel('Search products').fill(query);
      await page.getByRole('option', { name: title }).click();
      await conditions.nth(index).getByText(title).waitFor();
    };
    await pick(0, 'tee', 'Organic Cotton Tee');
    await pick(1, 'merino', 'Merino Crew Socks');
    expect(await conditions.getByText('Choose at least one').count()).toBe(0);

    const definition: SegmentNode = {
      kind: 'and',
      conditions: [
        { kind: 'products', target: 'product', match: 'any', values: ['8100000000001'] },
        { kind: 'products', target: 'product', match: 'none', values: ['8100000000002'] },
      ],
    };
    const expected = await apiPreview(definition);
    expect(expected.customers).toBeGreaterThan(0);
    expect(await shownCounts()).toEqual({ customers: expected.customers, reachable: expected.reachable });
    expect(previews.at(-1)!.postDataJSON()).toEqual({ definition });
    await browser.screenshot('segments-products');

    // A nested group: (… AND (3 orders or more OR country is FR)).
    await page.getByRole('button', { name: 'Add group' }).click();
    const group = page.getByLabel('Combine group conditions');
    expect(await group.inputValue()).toBe('or');
    await page.getByRole('button', { name: 'Add condition' }).first().click();
    expect(await conditions.count()).toBe(4);
    await conditions.nth(2).getByLabel('Count').fill('3');
    await conditions.nth(3).getByLabel('Field').selectOption('customer_country');
    await conditions.nth(3).getByLabel('Value').fill('fr');
    const grouped: SegmentNode = {
      kind: 'and',
      conditions: [
        ...(definition as { conditions: SegmentNode[] }).conditions,
        {
          kind: 'or',
          conditions: [
            { kind: 'order_count', compare: { op: 'gte', value: 3 } },
            { kind: 'customer_country', compare: { op: 'eq', value: 'FR' } },
          ],
        },
      ],
    };
    const narrower = await apiPreview(grouped);
    expect(narrower.customers).toBeLessThan(expected.customers);
    expect(await shownCounts()).toEqual({ customers: narrower.customers, reachable: narrower.reachable });
    expect(previews.at(-1)!.postDataJSON()).toEqual({ definition: grouped });
    await browser.screenshot('segments-group');
  });

  it('logs no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
