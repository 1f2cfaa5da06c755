// The Subscribers pages in a real browser against the real app (local mode, demo shop, fresh database):
// find a subscriber by phone and open the consent timeline; import a CSV with good and bad rows, follow the
// progress, see and download the rejected rows.
import { readFile } from 'node:fs/promises';
import type { BrowserSession } from './support/browser.js';
import { LOCAL_ADMIN_START_MS, startLocalAdmin, type LocalAdmin } from './support/local-app.js';

interface ListBody {
  items: Array<{ id: string; phone: string; name: string | null }>;
}

describe('Subscribers pages (browser)', () => {
  let admin: LocalAdmin | undefined;
  let browser: BrowserSession;
  let baseUrl: string;

  beforeAll(async () => {
    admin = await startLocalAdmin();
    ({ browser, baseUrl } = admin);
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('lists subscribers with counts per state, finds one by phone and opens the consent timeline', async () => {
    const { page } = browser;
    const list = (await (
      await fetch(`${baseUrl}/api/subscribers?state=subscribed&limit=5`)
    ).json()) as ListBody;
    const target = list.items.find((s) => s.name !== null)!;
    await page.goto(`${baseUrl}/subscribers`);
    await page.getByRole('heading', { level: 1, name: 'Subscribers' }).waitFor();
    await page.locator('.Polaris-IndexTable__TableRow').first().waitFor();
    const counts = (await (await fetch(`${baseUrl}/api/subscribers/counts`)).json()) as {
      subscribed: number;
      total: number;
    };
    await page.getByText(counts.total.toLocaleString('en-US'), { exact: true }).waitFor();
    await browser.screenshot('subscribers-list');

    // Typed as a person would, in national format: matched on the number's digits.
    const national = target.phone.replace(/^\+1/, '');
    await page.getByPlaceholder('Search by phone, name or email').fill(national);
    await page.waitForFunction("document.querySelectorAll('.Polaris-IndexTable__TableRow').length === 1");
    await page.getByText(target.phone, { exact: true }).waitFor();
    await browser.screenshot('subscribers-search');

    await page.getByText(target.phone, { exact: true }).click();
    await page.getByRole('heading', { name: 'Consent timeline' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/subscribers/${target.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(target.name);
    const detail = (await (await fetch(`${baseUrl}/api/subscribers/${target.id}`)).json()) as {
      consentHistory: Array<{ disclosureText: string | null }>;
    };
    const shown = detail.consentHistory.find((e) => e.disclosureText !== null);
    if (shown) await page.getByText(`“${shown.disclosureText}”`).first().waitFor();
    await page.getByText('Marketing:').waitFor();
    await browser.screenshot('subscriber-detail');

    // Unsubscribe asks first, then records the merchant as the source.
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByText('They will get no more marketing texts').waitFor();
    await browser.screenshot('subscriber-unsubscribe-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByText('Added by you').first().waitFor();
    const after = (await (await fetch(`${baseUrl}/api/subscribers/${target.id}`)).json()) as {
      state: string;
      consentHistory: Array<{ action: string; source: string }>;
    };
    expect(after.state).toBe('unsubscribed');
    expect(after.consentHistory[0]).toMatchObject({ action: 'unsubscribed', source: 'admin' });
    expect(browser.pageErrors).toEqual([]);
  });

  it('adds a subscriber by hand only with where, when and what they agreed to, kept in the timeline', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/subscribers`);
    await page.getByRole('heading', { level: 1, name: 'Subscribers' }).waitFor();
    await page.getByRole('button', { name: 'Add subscriber' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Consent source').waitFor();
    // Nothing filled in: each missing piece of proof is named, and nothing is sent.
    await dialog.getByRole('button', { name: 'Add subscriber' }).click();
    await dialog.getByText('Phone is required').waitFor();
    await dialog.getByText('Say where and how they agreed').waitFor();
    await dialog.getByText('The exact text they agreed to is required').waitFor();
    await dialog.getByLabel('Phone').fill('+33 6 12 34 99 11');
    await dialog.getByLabel('Consent source').fill('Paper form at the Lyon counter');
    await dialog.getByLabel('Consent date').fill('2099-01-01');
    await dialog
      .getByLabel('Disclosure they agreed to')
      .fill('Yes to texts from Demo Store. Reply STOP to cancel.');
    await dialog.getByRole('button', { name: 'Add subscriber' }).click();
    await dialog.getByText('The consent date cannot be in the future').waitFor();
    await browser.screenshot('subscriber-add-invalid');

    await dialog.getByLabel('Consent date').fill('2025-03-14');
    await dialog.getByRole('button', { name: 'Add subscriber' }).click();
    await page.getByRole('heading', { name: 'Consent timeline' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText('“Yes to texts from Demo Store. Reply STOP to cancel.”').first().waitFor();
    await page.getByText('Paper form at the Lyon counter').first().waitFor();
    await browser.screenshot('subscriber-added');
    const detail = (await (await fetch(`${baseUrl}/api/subscribers/${id}`)).json()) as {
      phone: string;
      consentHistory: Array<{ source: string; occurredAt: string; evidence: Record<string, unknown> }>;
    };
    expect(detail.phone).toBe('+33612349911');
    expect(detail.consentHistory[0]).toMatchObject({
      source: 'admin',
      occurredAt: '2025-03-14T00:00:00.000Z',
      evidence: expect.objectContaining({ consentSource: 'Paper form at the Lyon counter' }),
    });
    expect(browser.pageErrors).toEqual([]);
  });

  it('imports a CSV with good and bad rows: preview, progress, rejected rows', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/subscribers`);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import subscribers' }).waitFor();
    const csv = [
      'phone,first_name,last_name,consent_date,source',
      '+14155550901,Ada,Lovelace,2025-03-01,Paper form',
      '+14155550902,Alan,Turing,2025-03-02,Paper form',
      '+33142685300,Marie,Landline,2025-03-03,Paper form',
      '+14155550903,Future,Date,2999-01-01,Paper form',
      '+14155550904,No,Date,,Paper form',
      '+14155550901,Ada,Again,2025-03-04,Paper form',
    ].join('\n');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'old-platform.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('6 rows · 5 columns').waitFor();
    expect(await page.getByLabel('Phone (required)').inputValue()).toBe('phone');
    expect(await page.getByLabel('Consent date (required)').inputValue()).toBe('consent_date');
    await page.getByLabel('Consent source').selectOption('source');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Landline', { exact: true }).waitFor();
    await page.getByText('Consent date in the future').waitFor();
    await page.getByText('Missing consent date').waitFor();
    await page.getByText('Duplicate', { exact: true }).waitFor();
    await browser.screenshot('subscribers-import-preview');

    await page.getByRole('button', { name: 'Import 6 rows' }).click();
    await page.getByText('Import finished').waitFor({ timeout: 30_000 });
    await page.getByText('2 imported · 0 already subscribed · 4 rejected').waitFor();
    await browser.screenshot('subscribers-import-done');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');
    const rows = text.trim().split('\r\n');
    expect(rows[0]).toBe('line,reason,message,phone,first_name,last_name,consent_date,source');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual([
      '4,landline',
      '5,future_consent_date',
      '6,missing_consent_date',
      '7,duplicate',
    ]);

    const imported = (await (await fetch(`${baseUrl}/api/subscribers?source=import`)).json()) as ListBody;
    expect(imported.items.map((s) => s.phone).sort()).toEqual(['+14155550901', '+14155550902']);
    expect(browser.pageErrors).toEqual([]);
  });
});
