// The Campaigns pages in a real browser against the real app (local mode, demo shop, fresh database): create a
// campaign to a segment (the segment made through the API) through the create flow (audience with its live
// reachable count, message with analysis and preview, schedule and options, review with the estimate), send
// it, watch the progress reach 100% and see the final counts equal the API's, on the detail page and in the
// list; then schedule one for later and cancel it from its page.
// Deterministic whenever it runs: the demo shop has only the test's own customers (no demo seed), US
// subscribers in New York, and the app clock at a weekday noon there, so no quiet hours or caps decide what
// the test sees. (The simulator's delivery reports carry the wall-clock time, so the report's chart spans
// from the app clock's date to today.)
import type {
  CampaignDetail,
  CampaignEstimate,
  CampaignList,
  Segment,
} from '../../server/contracts/index.js';
import type { RunningApp } from '../../server/main.js';
import { DEMO, insertPeople, insertShop, type Person } from '../integration/campaigns/support.js';
import type { BrowserSession } from './support/browser.js';
import {
  LOCAL_ADMIN_START_MS,
  startLocalAdmin,
  TALL_VIEWPORT,
  type LocalAdmin,
} from './support/local-app.js';

// A Tuesday noon in New York, in the past (agenda runs jobs by the wall clock, so what the app schedules
// "now" runs at once); the app clock runs on from there at wall-clock speed.
const NOON_NY = Date.parse('2025-06-10T16:00:00Z');
const startedAt = Date.now();
const clock = { now: () => new Date(NOON_NY + (Date.now() - startedAt)) };
/** Two months after the app clock's date, in New York (YYYY-MM-DD). */
const inTwoMonths = '2025-08-10';

const nyPhone = (i: number) => `+1212555${String(1000 + i)}`;
const people: Person[] = [
  ...Array.from({ length: 12 }, (_, i): Person => ({
    customerId: 100 + i,
    phone: nyPhone(i),
    country: 'US',
  })),
  { customerId: 200, phone: '+14165552000', country: 'CA' },
  { customerId: 201, phone: '+33612345678', country: 'FR', locale: 'fr' },
  { customerId: 202, phone: nyPhone(50), country: 'US', marketing: 'unsubscribed' },
];
/** The US subscribers who can be texted. */
const US_REACHABLE = 12;

const TEMPLATE = 'Summer sale at {{ shop.name }}: 20% off everything this week.';

describe('Campaigns pages (browser)', () => {
  let admin: LocalAdmin | undefined;
  let app: RunningApp;
  let browser: BrowserSession;
  let baseUrl: string;
  let segment: Segment;
  let campaignId = '';

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as T;
  };

  const shownNumber = async (testId: string): Promise<number> =>
    Number((await browser.page.getByTestId(testId).textContent())!.replace(/[^0-9]/g, ''));

  beforeAll(async () => {
    admin = await startLocalAdmin({ viewport: TALL_VIEWPORT, env: { LOCAL_SEED: 'false' }, clock });
    ({ app, browser, baseUrl } = admin);
    const shopId = await insertShop(app.database.pool, DEMO);
    await insertPeople(app.database.pool, shopId, people);
    segment = await api<Segment>('/api/segments', {
      method: 'POST',
      body: {
        name: 'US customers',
        definition: {
          kind: 'and',
          conditions: [{ kind: 'customer_country', compare: { op: 'eq', value: 'US' } }],
        },
      },
    });
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  }, 120_000);

  it('lists no campaigns yet; "Create campaign" opens the create flow of a new draft', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/campaigns`);
    await page.getByText('No campaigns yet').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Campaigns');
    await browser.screenshot('campaigns-list-empty');

    await page.getByRole('button', { name: 'Create campaign' }).first().click();
    await page.getByLabel('Campaign name').waitFor();
    const match = /^\/campaigns\/([0-9a-f-]{36})\/edit$/.exec(new URL(page.url()).pathname);
    expect(match).not.toBeNull();
    campaignId = match![1]!;
    const draft = await api<CampaignDetail>(`/api/campaigns/${campaignId}`);
    expect(draft.status).toBe('draft');
  });

  it('audience: a segment with its last count, and the campaign’s live reachable count equal to the API’s', async () => {
    const { page } = browser;
    await page.getByLabel('Campaign name').fill('Summer sale US');
    await page.getByText('Subscribers in one or more segments').click();
    // No segment chosen yet: nothing to count, and the page says what is missing.
    await page.getByText('Choose at least one segment.').waitFor();
    const reachableOfSegment = segment.lastCounts!.reachable;
    expect(reachableOfSegment).toBe(US_REACHABLE);
    await page.getByText(`${reachableOfSegment} can be texted of`).first().waitFor();
    // Polaris draws its own box over the input, so the click goes to the input itself.
    await page.getByLabel('US customers', { exact: true }).check({ force: true });
    await page.getByTestId('campaign-reachable').waitFor();

    const estimate = await api<CampaignEstimate>(`/api/campaigns/${campaignId}/estimate`);
    expect(estimate.reachable).toBe(reachableOfSegment);
    expect(await shownNumber('campaign-reachable')).toBe(estimate.reachable);
    const saved = await api<CampaignDetail>(`/api/campaigns/${campaignId}`);
    expect(saved.audience).toEqual({ include: [segment.id], exclude: [] });
    await browser.screenshot('campaigns-create-audience');
  });

  it('message: the template with its analysis and the phone preview', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Next: Message' }).click();
    const editor = page.getByLabel('Message template (English)');
    await editor.waitFor();
    await editor.fill(TEMPLATE);
    const preview = page.getByTestId('sms-preview-text');
    // The server's analysis adds the opt-out footer to what the phone shows.
    await preview.filter({ hasText: 'Reply STOP' }).waitFor({ timeout: 15_000 });
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('Summer sale at Demo Store: 20% off everything this week.');
    await page.getByTestId('analysis-encoding').filter({ hasText: 'GSM-7' }).waitFor();
    await browser.screenshot('campaigns-create-message');
  });

  it('schedule and options: send now, skip recipients in quiet hours or over a cap', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Next: Schedule and options' }).click();
    await page.getByLabel('Send now').waitFor();
    expect(await page.getByLabel('Send now').isChecked()).toBe(true);
    await page.getByText('Skip the recipient').click();
    expect(await page.getByLabel('Skip the recipient').isChecked()).toBe(true);
    await browser.screenshot('campaigns-create-schedule');
  });

  it('review: the reachable count and cost equal the API’s estimate; everything saved', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await page.getByTestId('review-reachable').waitFor();
    const saved = await api<CampaignDetail>(`/api/campaigns/${campaignId}`);
    expect(saved).toMatchObject({
      name: 'Summer sale US',
      message: { templates: { en: TEMPLATE }, discount: null },
      schedule: { kind: 'now' },
      options: { whenBlocked: 'skip', smartSendingHours: 16, utm: true, holdoutPercent: 0 },
    });
    const estimate = await api<CampaignEstimate>(`/api/campaigns/${campaignId}/estimate`);
    expect(await shownNumber('review-reachable')).toBe(estimate.reachable);
    expect((await page.getByTestId('review-segments').textContent())!.trim()).toBe(
      estimate.segments.min === estimate.segments.max
        ? String(estimate.segments.min)
        : `${estimate.segments.min}–${estimate.segments.max}`,
    );
    expect(await page.getByTestId('review-cost').textContent()).toContain(
      Number(estimate.cost.min).toFixed(2),
    );
    await page.getByText('US customers', { exact: true }).waitFor();
    await browser.screenshot('campaigns-create-review');
  });

  it('sends it: the progress reaches 100% and the final counts equal the API’s', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${campaignId}`);
    await page.getByText('Progress', { exact: true }).waitFor();

    await page
      .getByTestId('campaign-progress-percent')
      .filter({ hasText: '100%' })
      .waitFor({ timeout: 60_000 });
    await page.getByText('Completed', { exact: true }).first().waitFor({ timeout: 60_000 });

    // The page polls until the delivery reports are in; compare once the API has nothing on its way.
    const ids = ['audience', 'waiting', 'sent', 'delivered', 'failed', 'suppressed', 'holdout', 'cancelled'];
    const shown = async () =>
      Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await shownNumber(`progress-${id}`)])));
    const fromApi = (c: CampaignDetail) => ({
      audience: c.progress.audience,
      waiting: c.progress.queued + c.progress.sending,
      sent: c.progress.sent,
      delivered: c.progress.delivered,
      failed: c.progress.failed,
      suppressed: Object.values(c.progress.suppressed).reduce((a, b) => a + b, 0),
      holdout: c.progress.holdout,
      cancelled: c.progress.cancelled,
    });
    let final = await api<CampaignDetail>(`/api/campaigns/${campaignId}`);
    const until = Date.now() + 30_000;
    while (Date.now() < until && (final.progress.sent > 0 || fromApi(final).waiting > 0)) {
      await page.waitForTimeout(500);
      final = await api<CampaignDetail>(`/api/campaigns/${campaignId}`);
    }
    expect(final.status).toBe('completed');
    expect(fromApi(final).waiting).toBe(0);
    // The page polls every second: it shows the API's final counts within a few polls.
    const shownUntil = Date.now() + 10_000;
    let onPage = await shown();
    while (Date.now() < shownUntil && JSON.stringify(onPage) !== JSON.stringify(fromApi(final))) {
      await page.waitForTimeout(250);
      onPage = await shown();
    }
    expect(onPage).toEqual(fromApi(final));
    expect(final.progress.audience).toBe(segment.lastCounts!.reachable);
    expect(final.progress.delivered + final.progress.failed).toBe(US_REACHABLE);
    await page.getByTestId('campaign-progress-percent').filter({ hasText: '100%' }).waitFor();
    await browser.screenshot('campaigns-detail-completed');

    // The list shows the same figures.
    await page.getByRole('link', { name: 'Campaigns' }).first().click();
    const row = page.getByRole('row').filter({ hasText: 'Summer sale US' });
    await row.waitFor();
    const list = await api<CampaignList>('/api/campaigns');
    const item = list.items.find((i) => i.id === campaignId)!;
    expect(item).toMatchObject({ status: 'completed', audience: final.progress.audience });
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    // A Polaris badge starts with its tone for screen readers ("Success"), visually hidden.
    expect(cells.slice(1, 7)).toEqual([
      'SuccessCompleted',
      expect.any(String),
      String(item.audience),
      String(item.sent),
      String(item.delivered),
      String(item.clicks),
    ]);
    await browser.screenshot('campaigns-list');
  });

  it('schedules one for later and cancels it from its page', async () => {
    const { page } = browser;
    const later = await api<CampaignDetail>('/api/campaigns', {
      method: 'POST',
      body: {
        name: 'Back to school',
        audience: { include: [segment.id], exclude: [] },
        schedule: { kind: 'at', date: inTwoMonths, time: '10:00' },
      },
    });
    await page.goto(`${baseUrl}/campaigns/${later.id}/edit`);
    await page.getByRole('tab', { name: '4. Review' }).click();
    await page.getByTestId('review-reachable').waitFor();
    await page.getByText(`${inTwoMonths} at 10:00 (America/New_York)`).waitFor();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${later.id}`);
    await page.getByText('Scheduled', { exact: true }).first().waitFor();
    expect((await api<CampaignDetail>(`/api/campaigns/${later.id}`)).status).toBe('scheduled');

    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    await page.getByText('Cancel Back to school?').waitFor();
    await browser.screenshot('campaigns-detail-cancel');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel campaign' }).click();
    await page.getByText('Cancelled', { exact: true }).first().waitFor();
    const cancelled = await api<CampaignDetail>(`/api/campaigns/${later.id}`);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['cancelled']));
    await browser.screenshot('campaigns-detail-cancelled');
  });

  it('logs no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
