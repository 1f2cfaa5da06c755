// Settings › Compliance and sending, Store sync and Webhook events in a real browser against the real app
// (local mode, demo shop, fresh database): a stricter frequency cap set on the page suppresses the next
// marketing text, which the subscriber's message log shows with the cap as reason; a failed webhook is
// replayed from the Webhook events page.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../server/main.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { waitFor } from '../support/wait-for.js';
import type { BrowserSession } from './support/browser.js';
import { LOCAL_ADMIN_START_MS, startLocalAdmin, type LocalAdmin } from './support/local-app.js';

interface TestSendBody {
  message: { status: string; suppressedReason: string | null };
}

describe('Compliance settings, store sync and webhook events (browser)', () => {
  let admin: LocalAdmin | undefined;
  let app: RunningApp;
  let browser: BrowserSession;
  let baseUrl: string;

  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: init?.body ? { 'Content-Type': 'application/json' } : undefined,
    });
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    admin = await startLocalAdmin();
    ({ app, browser, baseUrl } = admin);
  }, LOCAL_ADMIN_START_MS);

  afterAll(async () => {
    await admin?.close();
  });

  it('saves a stricter frequency cap, and the next marketing text is suppressed for it in the message log', async () => {
    const { page } = browser;
    const list = await api<{ items: Array<{ id: string; phone: string }> }>(
      '/api/subscribers?state=subscribed&country=US&limit=1',
    );
    const person = list.items[0]!;
    // One marketing text sent to them two days ago.
    await app.database.pool.query(
      `INSERT INTO messages (shop_id, subscriber_id, phone, direction, kind, source_type, body, encoding, segments,
                             idempotency_key, status, sent_at, not_before, created_at)
       SELECT s.shop_id, s.id, s.phone, 'outbound', 'marketing', 'campaign', 'Spring sale: 20% off', 'GSM-7', 1,
              $2, 'sent', now() - interval '2 days', now() - interval '2 days', now() - interval '2 days'
         FROM subscribers s WHERE s.id = $1`,
      [person.id, `e2e:${randomUUID()}`],
    );
    const send = () =>
      api<TestSendBody>('/api/messages/test', {
        method: 'POST',
        body: JSON.stringify({ phone: person.phone, kind: 'marketing', body: 'Flash sale today only' }),
      });
    // With the default caps (2 a week) a second text this week may go.
    expect((await send()).message.suppressedReason).toBeNull();

    await page.goto(`${baseUrl}/settings`);
    const maxField = page.getByLabel('Maximum marketing texts per 7 days');
    await maxField.waitFor();
    expect(await maxField.inputValue()).toBe('2');
    expect(await page.getByLabel('Reply number').isDisabled()).toBe(true);
    await page.getByText('Legal sending hours (always enforced)').waitFor();

    // A value the server refuses is named next to its field, and nothing is saved.
    await maxField.fill('0');
    await page.getByRole('button', { name: 'Save compliance settings' }).click();
    await page.getByText('must be at least 1').first().waitFor();
    await browser.screenshot('settings-compliance-invalid');
    // The refused save is the one expected console error (the browser logs the 400 response).
    expect(browser.pageErrors).toEqual([expect.stringContaining('status of 400')]);
    browser.pageErrors.length = 0;

    await maxField.fill('1');
    await page.getByRole('button', { name: 'Save compliance settings' }).click();
    await page.getByText('Compliance settings saved').waitFor();
    await page.getByRole('cell', { name: 'frequencyCaps' }).waitFor();
    await page.waitForTimeout(400);
    await browser.screenshot('settings-compliance-saved');

    const suppressed = await send();
    expect(suppressed.message).toMatchObject({ status: 'suppressed', suppressedReason: 'weekly_cap' });

    await page.goto(`${baseUrl}/subscribers/${person.id}`);
    await page.getByText('Frequency cap: 7-day maximum reached').waitFor();
    await page.getByText('Spring sale: 20% off').waitFor();
    await browser.screenshot('subscriber-message-log-suppressed');
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);

  it('replays a failed webhook from the Webhook events page', async () => {
    const { page } = browser;
    const body = JSON.stringify({ name: '#9999', line_items: [] }); // no id: parked as failed
    const headers = signShopifyWebhook({
      secret: app.config.shopify.apiSecret,
      topic: 'orders/create',
      shopDomain: 'demo.myshopify.com',
      body,
      apiVersion: app.config.shopify.apiVersion,
      webhookId: `e2e-${randomUUID()}`,
    });
    expect((await fetch(`${baseUrl}/webhooks/shopify`, { method: 'POST', headers, body })).status).toBe(200);
    const failed = await waitFor('the bad delivery to be parked as failed', async () => {
      const list = await api<{ events: Array<{ id: string; error: string | null }> }>(
        '/api/webhook-events?status=failed&topic=orders/create',
      );
      return list.events[0];
    });

    await page.goto(`${baseUrl}/settings`);
    await page.getByRole('link', { name: 'Webhook events' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook events' }).waitFor();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText(failed.error!).waitFor();
    await browser.screenshot('webhook-events-failed');

    const [replay] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/webhook-events/${failed.id}/replay`)),
      page.getByRole('button', { name: `Replay orders/create event ${failed.id}` }).click(),
    ]);
    expect(replay.status()).toBe(200);
    await page.getByText('orders/create queued again').waitFor();
    await page.waitForTimeout(400);
    await browser.screenshot('webhook-events-replayed');
    const event = await api<{ attempts: number; status: string }>(`/api/webhook-events/${failed.id}`);
    // Replayed: back in the inbox (and, its payload still lacking an id, parked again once processed).
    expect(['pending', 'processing', 'failed']).toContain(event.status);
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows the store sync page: none yet, then a running sync with its progress', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/settings`);
    await page.getByRole('link', { name: 'Store sync' }).click();
    await page.getByRole('heading', { level: 1, name: 'Store sync' }).waitFor();
    await page.getByText('Your store has not been synced yet.').waitFor();
    await page.getByRole('button', { name: 'Start a new sync' }).waitFor();
    await browser.screenshot('store-sync-idle');

    // A sync half way: customers done, orders being imported (as the backfill jobs record it).
    await app.database.pool.query(
      `INSERT INTO sync_runs (shop_id, resource, status, object_count, rows_imported, started_at, finished_at)
       SELECT id, 'customers', 'completed', 300, 300, now() - interval '3 minutes', now() - interval '2 minutes'
         FROM shops WHERE domain = 'demo.myshopify.com'
       UNION ALL
       SELECT id, 'orders', 'importing', 1500, 600, now() - interval '3 minutes', NULL
         FROM shops WHERE domain = 'demo.myshopify.com'`,
    );
    await page.reload();
    await page.getByText('Sync in progress').waitFor();
    await page.getByText(/600 records done of 1,500 · about (a|\d+) minutes? left/).waitFor();
    await page.getByText(/300 records done of 300/).waitFor();
    expect(await page.getByRole('button', { name: 'Start a new sync' }).isDisabled()).toBe(true);
    await browser.screenshot('store-sync-running');
    expect(browser.pageErrors).toEqual([]);
  });
});
