// Home dashboard, a campaign report and a flow report in a real browser against the real app (local mode:
// the demo shop with its seeded history). Charts render (SVG, the expected series) and every number on the
// page equals the API's.
import type {
  CampaignList,
  CampaignReport,
  FlowReport,
  Overview,
  RecipientList,
} from '../../server/contracts/index.js';
import type { BrowserSession } from './support/browser.js';
import {
  LOCAL_ADMIN_START_MS,
  startLocalAdmin,
  TALL_VIEWPORT,
  type LocalAdmin,
} from './support/local-app.js';
import { count, figuresOnPage, renderedChart, usd } from './support/report-page.js';

describe('Reports (browser)', () => {
  let admin: LocalAdmin | undefined;
  let browser: BrowserSession;
  let baseUrl: string;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    admin = await startLocalAdmin({ viewport: TALL_VIEWPORT });
    ({ browser, baseUrl } = admin);
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('shows the dashboard at / with charts and the overview figures', async () => {
    const { page } = browser;
    const [overviewResponse] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports/overview'),
      page.goto(`${baseUrl}/`),
    ]);
    expect(overviewResponse.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Home');
    const requested = new URL(overviewResponse.url());
    const overview = await api<Overview>(`${requested.pathname}${requested.search}`);

    for (const [name, series] of [
      ['subscribers', 3],
      ['messages', 4],
      ['revenue', 1],
      ['last-campaign-funnel', 1],
    ] as const) {
      const chart = await renderedChart(page, name);
      expect({ name, series: chart.series }).toEqual({ name, series });
      expect(chart.svgs).toBeGreaterThan(0);
      expect(chart.height).toBe(260);
    }
    await page.waitForTimeout(300);
    await browser.screenshot('dashboard');

    const figures = await figuresOnPage(page);
    expect(figures).toMatchObject({
      optIns: count(overview.totals.optIns),
      sent: count(overview.totals.sent),
      delivered: count(overview.totals.delivered),
      clicks: count(overview.totals.clicks),
      orders: count(overview.totals.orders),
      revenue: usd(overview.totals.revenue),
      spend: usd(overview.totals.spend),
      optOuts: count(overview.totals.optOuts),
    });
    expect(overview.totals.sent).toBeGreaterThan(0); // the demo history is a living dashboard
  });

  const reportFigures = (r: CampaignReport | FlowReport): Record<string, string> => ({
    produced: count(r.figures.produced),
    suppressed: count(r.figures.suppressed),
    sent: count(r.figures.sent),
    delivered: count(r.figures.delivered),
    failed: count(r.figures.failed + r.figures.undeliverable),
    expired: count(r.figures.expired),
    awaitingReport: count(r.figures.awaitingReport),
    uniqueClicks: count(r.figures.uniqueClicks),
    orders: count(r.figures.orders),
    revenue: usd(r.figures.revenue),
    optOuts: count(r.figures.optOuts),
    cost: usd(r.figures.cost),
    discountRedemptions: count(r.figures.discountRedemptions),
  });

  it("shows a campaign's report on its page: charts, the API's figures, drill-down to the recipients and why not", async () => {
    const { page } = browser;
    const campaigns = await api<CampaignList>('/api/campaigns');
    const completed = campaigns.items.filter((c) => c.status === 'completed');
    expect(completed.length).toBeGreaterThanOrEqual(3); // the demo history's past campaigns
    const campaign = completed[0]!;
    await page.goto(`${baseUrl}/campaigns/${campaign.id}`);
    const timeseries = await renderedChart(page, 'timeseries');
    expect(timeseries.series).toBe(4); // sent, delivered, clicks, orders
    expect(timeseries.svgs).toBeGreaterThan(0);
    expect((await renderedChart(page, 'funnel')).series).toBe(1);
    const report = await api<CampaignReport>(`/api/campaigns/${campaign.id}/report`);
    expect(report.figures.sent).toBeGreaterThan(0);
    expect(await figuresOnPage(page)).toMatchObject({
      audience: count(report.audience),
      ...reportFigures(report),
    });
    await page.waitForTimeout(300);
    await browser.screenshot('campaign-report');

    // From the number to the recipients behind it.
    const recipients = await api<RecipientList>(
      `/api/reports/recipients?campaign=${campaign.id}&figure=delivered`,
    );
    expect(recipients.items.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^Delivered: .*show the recipients$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: `Why: ${recipients.items[0]!.phone}` }).waitFor();
    const phones = await dialog.getByRole('button', { name: /^Why: / }).allTextContents();
    expect(phones).toEqual(recipients.items.map((r) => r.phone));

    // One recipient: why (here: it was sent, and when).
    await dialog.getByRole('button', { name: `Why: ${recipients.items[0]!.phone}` }).click();
    await dialog.getByText('It was sent to this person').waitFor();
    await browser.screenshot('campaign-report-drill-down');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('shows a flow report over a chosen date range', async () => {
    const { page } = browser;
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/automations/abandoned_checkout/report'),
      page.goto(`${baseUrl}/automations/abandoned_checkout`),
    ]);
    expect(response.status()).toBe(200);
    const chart = await renderedChart(page, 'timeseries');
    expect(chart.series).toBe(4);
    const requested = new URL(response.url());
    const report = await api<FlowReport>(`${requested.pathname}${requested.search}`);
    expect(report.figures.sent).toBeGreaterThan(0);
    expect(await figuresOnPage(page)).toMatchObject(reportFigures(report));

    // A longer range asks again and shows that range's figures.
    const [longer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/automations/abandoned_checkout/report'),
      page.getByLabel('Date range').selectOption('90'),
    ]);
    const longerUrl = new URL(longer.url());
    expect(Date.parse(longerUrl.searchParams.get('from')!)).toBeLessThan(
      Date.parse(requested.searchParams.get('from')!),
    );
    const longerReport = await api<FlowReport>(`${longerUrl.pathname}${longerUrl.search}`);
    await renderedChart(page, 'timeseries');
    expect(await figuresOnPage(page)).toMatchObject(reportFigures(longerReport));
    await browser.screenshot('flow-report');
  });

  it('logs no page errors', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
