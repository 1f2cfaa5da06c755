// The Settings page in a real browser against the real app (local mode, demo shop, fresh database): the SMS
// settings and the merchant's own test number, verified with the code texted to it.
import type { Request } from 'playwright-core';
import type { RunningApp } from '../../server/main.js';
import { codeSentTo } from '../support/test-phone.js';
import type { BrowserSession } from './support/browser.js';
import { LOCAL_ADMIN_START_MS, startLocalAdmin, type LocalAdmin } from './support/local-app.js';

interface SettingsBody {
  shopDomain: string;
  senderId: string;
  timezone: string;
}

describe('Settings page (browser)', () => {
  let admin: LocalAdmin | undefined;
  let app: RunningApp;
  let browser: BrowserSession;
  let baseUrl: string;
  const settingsWrites: Request[] = [];

  const apiSettings = async (): Promise<SettingsBody> => {
    const response = await fetch(`${baseUrl}/api/settings`);
    expect(response.status).toBe(200);
    return (await response.json()) as SettingsBody;
  };

  beforeAll(async () => {
    admin = await startLocalAdmin();
    ({ app, browser, baseUrl } = admin);
    browser.page.on('request', (request) => {
      if (request.method() === 'PUT' && new URL(request.url()).pathname === '/api/settings')
        settingsWrites.push(request);
    });
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('opens Settings from the navigation and shows the demo shop', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Sender ID').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(await page.getByLabel('Shop domain').inputValue()).toBe('demo.myshopify.com');
    expect(await page.getByLabel('Currency').inputValue()).toBe('USD');
    expect(await page.getByLabel('Shop name').inputValue()).toBe('Demo Store');
    expect(await page.getByLabel('Sender ID').inputValue()).toBe('DemoStore');
    expect(await page.getByLabel('Timezone').inputValue()).toBe('America/New_York');
    // Polaris styles are applied (the stylesheet loaded), not just the markup.
    const navWidth = await page
      .locator('.Polaris-Navigation')
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(navWidth).toBeGreaterThan(150);
    await browser.screenshot('settings-loaded');
  });

  it('shows an inline error for an invalid sender ID and saves nothing', async () => {
    const { page } = browser;
    await page.getByLabel('Sender ID').fill('THIS IS WAY TOO LONG');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = page.getByText('Sender ID must be 1–11 letters, digits or spaces');
    await error.waitFor();
    expect(await page.getByLabel('Sender ID').getAttribute('aria-invalid')).toBe('true');
    await browser.screenshot('settings-invalid');
    expect(settingsWrites).toHaveLength(0);
    expect((await apiSettings()).senderId).toBe('DemoStore');
  });

  it('saves a new sender ID and timezone, which survive a reload', async () => {
    const { page } = browser;
    await page.getByLabel('Sender ID').fill('ACMESHOP');
    expect(await page.getByText('Sender ID must be 1–11 letters').count()).toBe(0); // editing clears the error
    await page.getByLabel('Timezone').selectOption('Europe/Paris');
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/settings',
      ),
      page.getByRole('button', { name: 'Save', exact: true }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toEqual({ senderId: 'ACMESHOP', timezone: 'Europe/Paris' });
    await page.getByText('Settings saved').waitFor();
    await page.waitForTimeout(400); // let the toast finish sliding in before the screenshot
    await browser.screenshot('settings-saved');
    expect(settingsWrites).toHaveLength(1);

    await page.reload();
    await page.getByLabel('Sender ID').waitFor();
    expect(await page.getByLabel('Sender ID').inputValue()).toBe('ACMESHOP');
    expect(await page.getByLabel('Timezone').inputValue()).toBe('Europe/Paris');
    expect(await apiSettings()).toMatchObject({ senderId: 'ACMESHOP', timezone: 'Europe/Paris' });
  });

  it("verifies the merchant's own test number with a texted code (tests to it skip the consent checks), which survives a reload", async () => {
    const { page } = browser;
    const own = '+14155550188';
    const field = page.getByLabel('Test phone number');
    expect(await field.inputValue()).toBe('');
    await field.fill('4155550188');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('Phone must be a phone number in E.164 format').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    // Asking for a code texts it to the number; nothing is trusted yet.
    await field.fill(own);
    const [sent] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/messages/test-phone/code',
      ),
      page.getByRole('button', { name: 'Send code' }).click(),
    ]);
    expect(sent.status()).toBe(202);
    expect(sent.request().postDataJSON()).toEqual({ phone: own });
    await page.getByText(`Code sent to ${own}`).waitFor();
    const codeField = page.getByLabel('Verification code');
    await codeField.waitFor();
    await page.getByText(`We texted a 6-digit code to ${own}.`).waitFor();
    expect(await (await fetch(`${baseUrl}/api/messages/test-phone`)).json()).toMatchObject({
      phone: null,
      pending: { phone: own },
    });
    await page.waitForTimeout(400); // let the toast finish sliding in before the screenshot
    await browser.screenshot('settings-test-number-code');

    // The code the phone received (the API masks it; the test reads what the outbox sent).
    const code = await codeSentTo(app.database.pool, own);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await codeField.fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Code is not the code we texted (4 tries left)').waitFor();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    await browser.screenshot('settings-test-number-wrong-code');

    await codeField.fill(code);
    const [verified] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/messages/test-phone/verify',
      ),
      page.getByRole('button', { name: 'Verify' }).click(),
    ]);
    expect(verified.status()).toBe(200);
    expect(verified.request().postDataJSON()).toEqual({ phone: own, code });
    await page.getByText('Test number verified').waitFor();
    await page.getByText(`Verified: ${own}`).waitFor();
    expect(await page.getByLabel('Verification code').count()).toBe(0);
    await page.waitForTimeout(400);
    await browser.screenshot('settings-test-number');

    await page.reload();
    await page.getByLabel('Sender ID').waitFor();
    await page
      .getByLabel('Test phone number')
      .and(page.locator(`[value="${own}"]`))
      .waitFor();
    await page.getByText(`Verified: ${own}`).waitFor();
    const stored = await fetch(`${baseUrl}/api/messages/test-phone`);
    expect(await stored.json()).toEqual({ phone: own, pending: null });
    expect(settingsWrites).toHaveLength(1); // the shop settings were not written again
  });

  it('shows a not-found page for unknown paths and navigates back without a reload', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await browser.screenshot('settings-not-found');
    // A full page load would lose this marker; client-side navigation keeps it.
    await page.evaluate(() => {
      (globalThis as { e2eMarker?: boolean }).e2eMarker = true;
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Sender ID').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await page.evaluate(() => (globalThis as { e2eMarker?: boolean }).e2eMarker)).toBe(true);
    expect(await page.getByLabel('Sender ID').inputValue()).toBe('ACMESHOP');
  });

  it('logs no page errors', () => {
    // Chromium logs every non-2xx response; the one 400 is the wrong code above.
    const badRequest =
      'console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)';
    expect(browser.pageErrors).toEqual([badRequest]);
  });
});
