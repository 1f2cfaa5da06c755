// The Automations pages in a real browser against the real app (local mode, demo shop, fresh database):
// the list's on/off switch persists; the list shows each flow's figures over the chosen date range, equal to the
// API's for that range; the abandoned-checkout template gets an emoji, the live analysis switches
// to UCS-2 with more segments, and the change survives a save and a reload; the discount sentence shows in
// the preview only while the discount option is on; a test send to a non-subscriber says why it did not go
// out, and one to the merchant's own test number goes out.
import type { Page, Response } from 'playwright-core';
import type {
  AutomationDetailResponse,
  AutomationListResponse,
  AutomationTemplateAnalysis,
  AutomationTemplateAnalysisResult,
  AutomationTestResponse,
  MessageItem,
  SubscriberListResponse,
} from '../../server/contracts/index.js';
import type { RunningApp } from '../../server/main.js';
import { verifyTestPhone } from '../support/test-phone.js';
import type { BrowserSession } from './support/browser.js';
import { LOCAL_ADMIN_START_MS, startLocalAdmin, type LocalAdmin } from './support/local-app.js';
import { count, figuresOnPage } from './support/report-page.js';

const FLOW = 'abandoned_checkout';
const FLOW_PATH = `/api/automations/${FLOW}`;

const rangeText = (min: number, max: number): string => (min === max ? `${min}` : `${min}–${max}`);

function validAnalysis(result: AutomationTemplateAnalysisResult | undefined): AutomationTemplateAnalysis {
  if (result?.valid !== true) throw new Error(`expected a valid analysis, got ${JSON.stringify(result)}`);
  return result.analysis;
}

const isApiCall = (method: string, pathname: string) => (response: Response) =>
  response.request().method() === method && new URL(response.url()).pathname === pathname;

/** The displayed figures of the analysis panel. */
async function shownAnalysis(page: Page) {
  return {
    encoding: await page.getByTestId('analysis-encoding').textContent(),
    segments: await page.getByTestId('analysis-segments').textContent(),
    length: await page.getByTestId('analysis-length').textContent(),
  };
}

describe('Automations pages (browser)', () => {
  let admin: LocalAdmin | undefined;
  let app: RunningApp;
  let browser: BrowserSession;
  let baseUrl: string;

  const api = async <T>(pathname: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${pathname}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const templateEditor = () => browser.page.getByLabel('Message template (English)');

  beforeAll(async () => {
    admin = await startLocalAdmin();
    ({ app, browser, baseUrl } = admin);
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('lists the flows and turns one on, which survives a reload', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/automations`);
    const toggle = page.getByRole('switch', { name: 'Abandoned checkout enabled' });
    await toggle.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Automations');
    const before = await api<AutomationListResponse>('/api/automations');
    expect(await page.getByRole('switch').count()).toBe(before.flows.length);
    const flow = before.flows.find((f) => f.key === FLOW);
    expect(flow?.enabled).toBe(false);
    expect(flow?.kind).toBe('marketing');
    const row = page.getByRole('row').filter({ has: toggle });
    expect(await row.getByText('Marketing').count()).toBe(1);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await browser.screenshot('automations-list');

    const [response] = await Promise.all([page.waitForResponse(isApiCall('PUT', FLOW_PATH)), toggle.click()]);
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toEqual({ enabled: true });
    await page.getByText('Abandoned checkout turned on').waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');

    await page.reload();
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    const after = await api<AutomationListResponse>('/api/automations');
    expect(after.flows.find((f) => f.key === FLOW)?.enabled).toBe(true);
  });

  it("shows each flow's figures over the chosen date range, equal to the API's", async () => {
    const { page } = browser;
    const isList = (response: Response) =>
      response.request().method() === 'GET' && new URL(response.url()).pathname === '/api/automations';
    /** The list the page asked for (same query), once the page shows it: its range text and every figure. */
    const shownList = async (response: Response) => {
      expect(response.status()).toBe(200);
      const url = new URL(response.url());
      const list = await api<AutomationListResponse>(`${url.pathname}${url.search}`);
      const day = (iso: string) =>
        new Date(iso).toLocaleDateString('en-US', {
          month: 'short',
          day: 'numeric',
          year: 'numeric',
          timeZone: 'UTC',
        });
      await page
        .getByTestId('automations-range')
        .filter({ hasText: `${day(list.statsFrom)} – ${day(list.statsTo)}` })
        .waitFor();
      const expected: Record<string, string> = {};
      for (const flow of list.flows) {
        const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: flow.stats.currency });
        expected[`${flow.key}:sent`] = count(flow.stats.sent);
        expected[`${flow.key}:delivered`] = count(flow.stats.delivered);
        expected[`${flow.key}:clicks`] = count(flow.stats.clicks);
        expected[`${flow.key}:orders`] = count(flow.stats.orders);
        expected[`${flow.key}:revenue`] = money.format(Number(flow.stats.revenue));
      }
      expect(await figuresOnPage(page)).toEqual(expected);
      return { url, list };
    };

    const [first] = await Promise.all([page.waitForResponse(isList), page.goto(`${baseUrl}/automations`)]);
    const month = await shownList(first);
    const sent = (list: AutomationListResponse) => list.flows.reduce((n, f) => n + f.stats.sent, 0);
    // The demo shop has 90 days of flow history: the default 30 days are not empty.
    expect(sent(month.list)).toBeGreaterThan(0);
    expect(Date.parse(month.list.statsTo) - Date.parse(month.list.statsFrom)).toBeLessThan(31 * 86_400_000);

    const [longer] = await Promise.all([
      page.waitForResponse(isList),
      page.getByLabel('Date range').selectOption('90'),
    ]);
    const quarter = await shownList(longer);
    expect(Date.parse(quarter.url.searchParams.get('from')!)).toBeLessThan(
      Date.parse(month.url.searchParams.get('from')!),
    );
    expect(sent(quarter.list)).toBeGreaterThan(sent(month.list));
    await browser.screenshot('automations-list-90-days');
  });

  it('opens the abandoned-checkout flow with its analysis', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Abandoned checkout' }).click();
    await page.getByTestId('analysis-encoding').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/automations/${FLOW}`);
    const detail = await api<AutomationDetailResponse>(FLOW_PATH);
    const analysis = validAnalysis(detail.analysis.en);
    // The default has no special characters, but a customer's first name may have some: "variable".
    expect(analysis.encoding).toBe('variable');
    expect(analysis.unicodeCharacters).toEqual([]);
    expect(await templateEditor().inputValue()).toBe(detail.flow.templates.en);
    expect(await shownAnalysis(page)).toEqual({
      encoding: 'Variable',
      segments: rangeText(analysis.minSegments, analysis.maxSegments),
      length: rangeText(analysis.minLength, analysis.maxLength),
    });
    const preview = await page.getByTestId('sms-preview-text').textContent();
    expect(preview).toBe(analysis.preview);
    // The discount option is off by default: no discount sentence, no empty code.
    expect(detail.flow.options.discount).toEqual({ enabled: false, percentage: 10 });
    expect(preview).not.toMatch(/Use code|WELCOME15| for {1,2}off/);
    expect(await page.getByLabel('Wait before sending').inputValue()).toBe('30');
    await browser.screenshot('automations-flow');

    await page.getByRole('tab', { name: 'French' }).click();
    expect(await page.getByLabel('Message template (French)').inputValue()).toBe(detail.flow.templates.fr);
    const french = validAnalysis(detail.analysis.fr);
    expect(await page.getByTestId('analysis-segments').textContent()).toBe(
      rangeText(french.minSegments, french.maxSegments),
    );
    await page.getByRole('tab', { name: 'English' }).click();
    await templateEditor().waitFor();
  });

  it('shows the discount sentence in the preview only while the discount option is on', async () => {
    const { page } = browser;
    const previewBox = page.getByTestId('sms-preview-text');
    const discount = page.getByLabel('Include a unique discount code');
    const analyzedWith = (enabled: boolean) =>
      page.waitForResponse(
        (r) =>
          isApiCall('POST', `${FLOW_PATH}/analyze`)(r) &&
          r.request().postDataJSON()?.discount?.enabled === enabled,
      );
    const switchedOn = analyzedWith(true);
    await discount.check();
    // The phone shows it at once (rendered in the browser), and the server's analysis agrees.
    await page
      .getByTestId('sms-preview-text')
      .filter({ hasText: 'Use code WELCOME15 for 10% off.' })
      .waitFor();
    const on = validAnalysis((await (await switchedOn).json()) as AutomationTemplateAnalysisResult);
    expect(on.preview).toContain(' Use code WELCOME15 for 10% off.\n');
    await page.getByLabel('Discount', { exact: true }).fill('25');
    await previewBox.filter({ hasText: 'for 25% off.' }).waitFor();
    await browser.screenshot('automations-flow-discount-on');

    await discount.uncheck();
    await previewBox.filter({ hasNotText: 'Use code' }).waitFor();
    const text = await previewBox.textContent();
    expect(text).not.toMatch(/WELCOME15|% off| for {1,2}off/);
    expect(text).toMatch(/\nReply STOP to opt out/); // still the whole message, footer included
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await discount.isChecked()).toBe(false);
    expect((await api<AutomationDetailResponse>(FLOW_PATH)).flow.options.discount?.enabled).toBe(false);
  });

  let ucs2: AutomationTemplateAnalysis;

  it('switches the analysis to UCS-2 with more segments when an emoji is added', async () => {
    const { page } = browser;
    const original = validAnalysis((await api<AutomationDetailResponse>(FLOW_PATH)).analysis.en);
    const editor = templateEditor();
    await editor.click();
    await editor.press('Control+End');
    const analyzed = page.waitForResponse(
      (r) =>
        isApiCall('POST', `${FLOW_PATH}/analyze`)(r) &&
        String(r.request().postDataJSON()?.template).endsWith('🛒'),
    );
    await editor.pressSequentially(' 🛒');
    ucs2 = validAnalysis((await (await analyzed).json()) as AutomationTemplateAnalysisResult);
    expect(ucs2.encoding).toBe('UCS-2');
    expect(ucs2.unicodeCharacters).toContain('🛒');
    // Always UCS-2 now: the fewest segments it can take grows (the most was already counted in UCS-2).
    expect(ucs2.minSegments).toBeGreaterThan(original.minSegments);
    expect(ucs2.maxSegments).toBeGreaterThanOrEqual(original.maxSegments);
    await page.getByTestId('analysis-encoding').filter({ hasText: 'UCS-2' }).waitFor();
    expect(await shownAnalysis(page)).toEqual({
      encoding: 'UCS-2',
      segments: rangeText(ucs2.minSegments, ucs2.maxSegments),
      length: rangeText(ucs2.minLength, ucs2.maxLength),
    });
    expect(await page.getByTestId('sms-preview-text').textContent()).toContain('🛒');
    await page.getByText('Unicode characters make this message longer').waitFor();
    await browser.screenshot('automations-flow-ucs2');
  });

  it('saves the template, which survives a reload with its UCS-2 analysis', async () => {
    const { page } = browser;
    const edited = await templateEditor().inputValue();
    expect(edited.endsWith(' 🛒')).toBe(true);
    const [response] = await Promise.all([
      page.waitForResponse(isApiCall('PUT', FLOW_PATH)),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toEqual({ templates: { en: edited } });
    await page.getByText('Abandoned checkout saved').waitFor();
    await page.waitForTimeout(400); // let the toast slide in before the screenshot
    await browser.screenshot('automations-flow-saved');

    await page.reload();
    await page.getByTestId('analysis-encoding').waitFor();
    expect(await templateEditor().inputValue()).toBe(edited);
    expect(await shownAnalysis(page)).toEqual({
      encoding: 'UCS-2',
      segments: rangeText(ucs2.minSegments, ucs2.maxSegments),
      length: rangeText(ucs2.minLength, ucs2.maxLength),
    });
    const saved = await api<AutomationDetailResponse>(FLOW_PATH);
    expect(saved.flow.templates.en).toBe(edited);
    expect(saved.flow.enabled).toBe(true);
  });

  it("shows the server's 400 next to the template and the delay range inline, saving nothing", async () => {
    const { page } = browser;
    const saved = (await api<AutomationDetailResponse>(FLOW_PATH)).flow.templates.en;
    // The picker inserts at the cursor (here: the start).
    await templateEditor().click();
    await templateEditor().press('Control+Home');
    await page.getByRole('button', { name: 'Insert merge field' }).click();
    await page.getByRole('menuitem', { name: /\{\{ shop\.name \}\}/ }).click();
    expect(await templateEditor().inputValue()).toBe(`{{ shop.name }}${saved}`);

    await templateEditor().fill('Your cart misses you: {{ checkout.recovry_url }}');
    const [response] = await Promise.all([
      page.waitForResponse(isApiCall('PUT', FLOW_PATH)),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(response.status()).toBe(400);
    const fields =
      ((await response.json()) as { error: { fields?: Record<string, string> } }).error.fields ?? {};
    expect(Object.keys(fields)).toEqual(['templates.en']);
    await page
      .getByText(fields['templates.en'] ?? '<missing>')
      .first()
      .waitFor();
    expect(await templateEditor().getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await templateEditor().inputValue()).toBe(saved);
    await page.getByLabel('Wait before sending').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Must be between 15 minutes and 2 days').waitFor();
    expect(await page.getByLabel('Wait before sending').getAttribute('aria-invalid')).toBe('true');
    await browser.screenshot('automations-flow-invalid');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    const after = await api<AutomationDetailResponse>(FLOW_PATH);
    expect(after.flow.templates.en).toBe(saved);
    expect(after.flow.delay?.minutes).toBe(30);
  });

  const sendTestFor = async (phone: string): Promise<AutomationTestResponse> => {
    const { page } = browser;
    await page.getByLabel('Test phone number').fill(phone);
    const [response] = await Promise.all([
      page.waitForResponse(isApiCall('POST', `${FLOW_PATH}/test`)),
      page.getByRole('button', { name: 'Send test' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toMatchObject({
      phone,
      locale: 'en',
      discount: { enabled: false },
    });
    return (await response.json()) as AutomationTestResponse;
  };
  const sendTest = async (phone: string): Promise<MessageItem> => (await sendTestFor(phone)).message;

  it('sends a test to a subscriber, and says why a test to a non-subscriber is not delivered', async () => {
    const { page } = browser;
    const subscribers = await api<SubscriberListResponse>(
      '/api/subscribers?state=subscribed&country=US&limit=1',
    );
    const phone = subscribers.items[0]?.phone ?? '<no subscribed demo subscriber>';
    const sent = await sendTest(phone);
    expect(sent).toMatchObject({ phone, isTest: true, status: 'queued' });
    expect(sent.body).toContain('🛒');
    expect(sent.body).not.toMatch(/Use code|WELCOME15| for {1,2}off/); // the discount option is off
    await page.getByText(`Test message sent to ${phone}`).waitFor();

    const stranger = await sendTest('+14155550123');
    expect(stranger).toMatchObject({ phone: '+14155550123', isTest: true, status: 'suppressed' });
    await page.getByText('The test to +14155550123 was not delivered').waitFor();
    const reason = (stranger.suppressedReason ?? '').replaceAll('_', ' ');
    expect(reason).not.toBe('');
    await page.getByText(`Reason: ${reason}.`).waitFor();
    await page.getByText('This number is not a subscriber. Tests follow the consent rules').waitFor();
    await browser.screenshot('automations-flow-test-send');
  });

  it("sends a test to the merchant's own test number, not a subscriber, and it goes out", async () => {
    const { page } = browser;
    const own = '+14155550188';
    await verifyTestPhone(baseUrl, app.database.pool, own);
    await page.reload();
    const field = page.getByLabel('Test phone number');
    await page.getByText('Your test number (Settings): it receives tests without subscribing.').waitFor();
    expect(await field.inputValue()).toBe(own); // filled in from Settings
    const { message, ownTestNumber, notSentReason } = await sendTestFor(own);
    expect({ ownTestNumber, notSentReason }).toEqual({ ownTestNumber: true, notSentReason: null });
    expect(message).toMatchObject({ phone: own, isTest: true, status: 'queued', suppressedReason: null });
    await page.getByText(`Test message sent to your test number ${own}`).waitFor();
    await browser.screenshot('automations-flow-test-send-own-number');
    // Through the outbox to the (simulated) provider.
    const until = Date.now() + 15_000;
    let status = message.status;
    while (!['sent', 'delivered'].includes(status) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await api<MessageItem>(`/api/messages/${message.id}`)).status;
    }
    expect(['sent', 'delivered']).toContain(status);
  });

  it('logs no page errors', () => {
    // Chromium logs every non-2xx response; the one 400 is the invalid save above.
    const badRequest =
      'console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)';
    expect(browser.pageErrors).toEqual([badRequest]);
  });
});
