// The Messages log in a real browser against the real app (local mode: the demo shop's seeded history):
// the summary and the rows equal the API's, filters narrow both, and a message opens with its history.
import type { MessageDetail, MessageList, MessageLogSummary } from '../../server/contracts/index.js';
import type { BrowserSession } from './support/browser.js';
import {
  LOCAL_ADMIN_START_MS,
  startLocalAdmin,
  TALL_VIEWPORT,
  type LocalAdmin,
} from './support/local-app.js';
import { count, figuresOnPage } from './support/report-page.js';

describe('Messages log (browser)', () => {
  let admin: LocalAdmin | undefined;
  let browser: BrowserSession;
  let baseUrl: string;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const summaryFigures = (s: MessageLogSummary) => ({
    produced: count(s.produced),
    productionErrors: count(s.productionErrors),
    remaining: count(s.remaining),
    delivered: count(s.delivered),
    deliveryErrors: count(s.deliveryErrors),
    confirmed: count(s.confirmed),
    unconfirmed: count(s.unconfirmed),
  });
  /** The phones in the table, in order. */
  const rowPhones = async (): Promise<string[]> =>
    browser.page
      .locator('.Polaris-IndexTable__TableRow')
      .evaluateAll((rows) => rows.map((r) => (r.querySelectorAll('td')[1]?.textContent ?? '').trim()));

  /** Polls until `read()` returns `expected` (the page updates after its fetch answers), then returns it. */
  const eventually = async <T>(read: () => Promise<T>, expected: T): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (JSON.stringify(value) === JSON.stringify(expected)) return value;
      await browser.page.waitForTimeout(100);
    }
    return read();
  };

  beforeAll(async () => {
    admin = await startLocalAdmin({ viewport: TALL_VIEWPORT });
    ({ browser, baseUrl } = admin);
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('lists the messages with the summary at the top, both equal to the API', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    const list = await api<MessageList>('/api/messages?limit=50');
    const summary = await api<MessageLogSummary>('/api/messages/summary');
    expect(list.items.length).toBe(50); // the demo history has more than a page
    await page.locator('.Polaris-IndexTable__TableRow').nth(49).waitFor();
    expect(
      await eventually(
        rowPhones,
        list.items.map((m) => m.phone),
      ),
    ).toEqual(list.items.map((m) => m.phone));
    await page.locator('[data-figure="produced"]', { hasNotText: '…' }).waitFor();
    expect(await figuresOnPage(page)).toEqual(summaryFigures(summary));
    expect(summary.delivered).toBeGreaterThan(0);
    expect(summary.deliveryErrors).toBeGreaterThan(0);
    await browser.screenshot('messages-log');

    // The next page follows the API's cursor.
    const next = await api<MessageList>(`/api/messages?limit=50&cursor=${list.nextCursor}`);
    await page.getByRole('button', { name: 'Next' }).click();
    expect(
      await eventually(
        rowPhones,
        next.items.map((m) => m.phone),
      ),
    ).toEqual(next.items.map((m) => m.phone));
  });

  it('filters by status and source, and opens a failed message with its history and provider error', async () => {
    const { page } = browser;
    await page.getByLabel('Status').selectOption('failed');
    await page.getByLabel('Source').selectOption('campaign');
    const failed = await api<MessageList>('/api/messages?status=failed&source=campaign&limit=50');
    const summary = await api<MessageLogSummary>('/api/messages/summary?status=failed&source=campaign');
    expect(failed.items.length).toBeGreaterThan(0);
    expect(
      await eventually(
        rowPhones,
        failed.items.map((m) => m.phone),
      ),
    ).toEqual(failed.items.map((m) => m.phone));
    expect(await eventually(() => figuresOnPage(page), summaryFigures(summary))).toEqual(
      summaryFigures(summary),
    );
    for (const badge of await page.locator('.Polaris-IndexTable__TableRow .Polaris-Badge').allTextContents())
      expect(badge).toContain('Failed');

    const first = failed.items[0]!;
    const detail = await api<MessageDetail>(`/api/messages/${first.id}`);
    await page.locator('.Polaris-IndexTable__TableRow').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Message to ${first.phone}`).waitFor();
    await dialog.getByText(`Provider error ${detail.errorCode}`).waitFor();
    const history = await dialog.getByRole('list', { name: 'History' }).locator('li').count();
    expect(history).toBe(detail.history.length);
    await page.waitForTimeout(300);
    await browser.screenshot('messages-history');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('says what to do when no message matches, and rejects a partial phone number without asking the API', async () => {
    const { page } = browser;
    await page.getByLabel('Phone').fill('+1415');
    await page.getByText('Enter the full number, e.g. +14155550123').waitFor();
    await page.getByLabel('Phone').fill('+19995550000');
    await page.getByText('No messages match these filters').waitFor();
    await browser.screenshot('messages-empty-filter');
  });

  it('logs no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
