// The subscription states Shopify reports through app_subscriptions/update besides CANCELLED: FROZEN (the store's
// bills are unpaid) stops marketing, queued and new, and ACTIVE again resumes it; DECLINED for the pending
// subscription leaves the shop declined with marketing stopped (while pending, marketing goes as without a plan). Transactional texts go out in every state. And
// a usage charge whose response was lost leaves its record pending without holding back any text, and is charged
// once on the next run; one Shopify refuses (over the cap) charges nothing and frees no room under the cap.
// Shopify's Billing API is faked at the HTTP layer (shopify-billing-fake.ts), the webhooks
// are signed as Shopify signs them, with the documented payload (test/fixtures/shopify).
import nock from 'nock';
import type { BillingRedirect, BillingSummary } from '../../../server/contracts/billing.js';
import { recordShopUsage } from '../../../server/billing/usage-recorder.js';
import { start, type RunningApp } from '../../../server/main.js';
import { enqueueMessages } from '../../../server/messaging/outbox/enqueue.js';
import type { MessageDraft } from '../../../server/messaging/outbox/types.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import { shopifyFixtures } from '../../support/shopify-fixtures.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';
import {
  API_SECRET,
  API_VERSION,
  fakeShop,
  productionEnv,
  sessionToken,
} from '../shopify/support/shopify-fakes.js';
import { fakeBilling, type BillingFake } from './shopify-billing-fake.js';

const FROZEN = 'frozen-store.myshopify.com';
const DECLINED = 'declined-hook-store.myshopify.com';
const FAILING = 'failing-usage-store.myshopify.com';
const REFUSED = 'refused-usage-store.myshopify.com';

let db: TestDatabase;
let app: RunningApp;
const fakes = new Map<string, BillingFake>();
const shopIds = new Map<string, string>();

async function api<T>(shop: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sessionToken({ shop, sub: '9001' })}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect([path, res.status]).toEqual([path, 200]);
  return (await res.json()) as T;
}

const pool = () => app.database.pool;
const status = async (shop: string) => (await api<BillingSummary>(shop, 'GET', '/billing')).status;

let nextPhone = 8000000;
async function subscriber(shopId: string): Promise<string> {
  const { rows } = await pool().query<{ phone: string }>(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     VALUES ($1, '+1212' || lpad($2::text, 7, '0'), 'US', 'subscribed', 'subscribed', 'import') RETURNING phone`,
    [shopId, nextPhone++],
  );
  return rows[0]!.phone;
}

const draft = (phone: string, kind: 'marketing' | 'transactional', key: string): MessageDraft => ({
  phone,
  kind,
  sourceType: kind === 'marketing' ? 'campaign' : 'automation',
  body: kind === 'marketing' ? 'Winter sale: 20% off today. Reply STOP to opt out' : 'Your order has shipped',
  idempotencyKey: key,
  notBefore: new Date(Date.now() + 86_400_000),
});

/** A marketing and a transactional text to a fresh subscriber: [status, reason] of each. */
async function sendBoth(shop: string, key: string): Promise<Array<[string, string | null]>> {
  const shopId = shopIds.get(shop)!;
  const phone = await subscriber(shopId);
  const result = await enqueueMessages(pool(), shopId, [
    draft(phone, 'marketing', `${key}:m`),
    draft(phone, 'transactional', `${key}:t`),
  ]);
  return result.messages.map((m) => [m.status, m.suppressedReason]);
}

/** app_subscriptions/update as Shopify sends it (the documented payload, this shop's subscription). */
async function subscriptionWebhook(shop: string, subscriptionGid: string, remoteStatus: string) {
  const fixture = shopifyFixtures().find((f) => f.topic === 'app_subscriptions/update')!;
  const body = JSON.stringify({
    ...fixture.payload,
    app_subscription: {
      ...(fixture.payload.app_subscription as object),
      admin_graphql_api_id: subscriptionGid,
      name: 'Textlane Growth',
      status: remoteStatus,
    },
  });
  const res = await fetch(`${app.url}/webhooks/shopify`, {
    method: 'POST',
    headers: signShopifyWebhook({
      secret: API_SECRET,
      topic: 'app_subscriptions/update',
      shopDomain: shop,
      body,
      apiVersion: API_VERSION,
    }),
    body,
  });
  expect(res.status).toBe(200);
}

async function subscribe(
  shop: string,
  approve: boolean,
  body: { plan: string; cap?: string } = { plan: 'growth' },
): Promise<string> {
  await api<BillingRedirect>(shop, 'POST', '/billing/subscribe', body);
  const fake = fakes.get(shop)!;
  if (approve) {
    fake.approve();
    expect((await api<BillingSummary>(shop, 'POST', '/billing/confirm', {})).status).toBe('active');
  }
  return fake.subscriptions.at(-1)!.id;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  let first = 1029288950;
  for (const shop of [FROZEN, DECLINED, FAILING, REFUSED]) {
    fakes.set(shop, fakeBilling(shop, first));
    first += 1000;
    fakeShop({ domain: shop, name: shop.split('.')[0]!, accessToken: `shpat_${shop.split('-')[0]}` });
  }
  db = await createTestDatabase();
  app = await start({
    port: 0,
    env: testEnv(db, productionEnv({ BILLING_USAGE_INTERVAL_MS: '86400000' })),
  });
  for (const shop of [FROZEN, DECLINED, FAILING, REFUSED]) {
    expect(await status(shop)).toBe('none');
    const { rows } = await pool().query<{ id: string }>(
      'SELECT id::text AS id FROM shops WHERE domain = $1',
      [shop],
    );
    shopIds.set(shop, rows[0]!.id);
  }
}, 180_000); // migrations and app start on a loaded machine (2 cores shared)
afterAll(async () => {
  await app?.stop();
  await db?.drop();
  restoreNock();
});

describe('app_subscriptions/update', () => {
  it('FROZEN stops marketing (queued and new), transactional goes; ACTIVE again resumes marketing', async () => {
    const gid = await subscribe(FROZEN, true);
    expect(await sendBoth(FROZEN, 'before')).toEqual([
      ['queued', null],
      ['queued', null],
    ]);

    await subscriptionWebhook(FROZEN, gid, 'FROZEN');
    await waitFor('the subscription frozen', async () => (await status(FROZEN)) === 'frozen');
    const { rows } = await pool().query<{ key: string; status: string; reason: string | null }>(
      `SELECT idempotency_key AS key, status, suppressed_reason AS reason FROM messages
        WHERE shop_id = $1 AND idempotency_key LIKE 'before:%' ORDER BY idempotency_key`,
      [shopIds.get(FROZEN)],
    );
    expect(rows).toEqual([
      { key: 'before:m', status: 'suppressed', reason: 'billing_inactive' },
      { key: 'before:t', status: 'queued', reason: null },
    ]);
    expect(await sendBoth(FROZEN, 'frozen')).toEqual([
      ['suppressed', 'billing_inactive'],
      ['queued', null],
    ]);
    // A frozen plan is not charged.
    expect(await recordShopUsage(app.context, shopIds.get(FROZEN)!)).toEqual({
      created: 0,
      billed: 0,
      rejected: 0,
      failed: 0,
    });

    await subscriptionWebhook(FROZEN, gid, 'ACTIVE');
    await waitFor('the subscription active again', async () => (await status(FROZEN)) === 'active');
    expect(await sendBoth(FROZEN, 'thawed')).toEqual([
      ['queued', null],
      ['queued', null],
    ]);
  });

  it('PENDING sends as without a plan (its queued marketing stays); DECLINED then stops marketing, transactional goes', async () => {
    const gid = await subscribe(DECLINED, false);
    expect(await status(DECLINED)).toBe('pending');
    // Awaiting approval: as without a plan (not limited in this environment), marketing is queued.
    expect(await sendBoth(DECLINED, 'pending')).toEqual([
      ['queued', null],
      ['queued', null],
    ]);
    const handled = (n: number) => async () => {
      const { rows } = await pool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_events
          WHERE shop_domain = $1 AND topic = 'app_subscriptions/update' AND processed_at IS NOT NULL`,
        [DECLINED],
      );
      return rows[0]!.n === n;
    };
    await subscriptionWebhook(DECLINED, gid, 'PENDING');
    await waitFor('the PENDING handled', handled(1));
    const pendingMarketing = async () =>
      (
        await pool().query<{ status: string; reason: string | null }>(
          `SELECT status, suppressed_reason AS reason FROM messages WHERE shop_id = $1 AND idempotency_key = 'pending:m'`,
          [shopIds.get(DECLINED)],
        )
      ).rows[0];
    expect(await pendingMarketing()).toEqual({ status: 'queued', reason: null });

    await subscriptionWebhook(DECLINED, gid, 'DECLINED');
    await waitFor('the subscription declined', async () => (await status(DECLINED)) === 'declined');
    expect(await pendingMarketing()).toEqual({ status: 'suppressed', reason: 'billing_inactive' });
    expect(await sendBoth(DECLINED, 'declined')).toEqual([
      ['suppressed', 'billing_inactive'],
      ['queued', null],
    ]);
    // A late PENDING for the same subscription does not undo the decline.
    await subscriptionWebhook(DECLINED, gid, 'PENDING');
    await waitFor('the late PENDING handled', handled(3));
    expect(await status(DECLINED)).toBe('declined');
  });
});

describe('a failed usage record', () => {
  it('stays pending without holding back any text, and is charged once on the next run', async () => {
    await subscribe(FAILING, true);
    const shopId = shopIds.get(FAILING)!;
    // 1,200 delivered one-segment US texts: 1,000 included in Growth, 200 charged.
    await pool().query(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key, status,
                             country_code, delivered_at)
       SELECT $1, '+1212555' || lpad(i::text, 4, '0'), 'marketing', 'campaign', 'Sale', 'gsm7', 1, 8300, 'fail:' || i, 'delivered', 'US', now()
         FROM generate_series(1, 1200) i`,
      [shopId],
    );
    const fake = fakes.get(FAILING)!;
    fake.loseNextUsageResponse = true;
    expect(await recordShopUsage(app.context, shopId)).toMatchObject({ created: 1, failed: 1 });
    const pending = await pool().query<{ status: string; attempts: number; last_error: string | null }>(
      `SELECT status, attempts, last_error FROM usage_records WHERE shop_id = $1`,
      [shopId],
    );
    expect(pending.rows).toEqual([{ status: 'pending', attempts: 1, last_error: expect.any(String) }]);

    expect(await sendBoth(FAILING, 'while-pending')).toEqual([
      ['queued', null],
      ['queued', null],
    ]);

    expect(await recordShopUsage(app.context, shopId)).toMatchObject({ created: 0, billed: 1, failed: 0 });
    const keys = fake.calls
      .filter((c) => c.query.includes('appUsageRecordCreate'))
      .map((c) => c.variables.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(fake.usage.size).toBe(1);
    // 200 × 0.0083 × 1.25 = 2.075, charged in whole cents.
    expect([...fake.usage.values()][0]!.amount).toBe('2.08');
  });

  it('refused by Shopify (over the cap): nothing charged, and the refused texts still count against the cap', async () => {
    await subscribe(REFUSED, true, { plan: 'free', cap: '0.10' });
    const shopId = shopIds.get(REFUSED)!;
    // 120 delivered one-segment US texts (written past the gates): 20 beyond Free's 100 included, 0.21 > 0.10.
    await pool().query(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key, status,
                             country_code, delivered_at)
       SELECT $1, '+1212556' || lpad(i::text, 4, '0'), 'marketing', 'campaign', 'Sale', 'gsm7', 1, 8300, 'refused:' || i, 'delivered', 'US', now()
         FROM generate_series(1, 120) i`,
      [shopId],
    );
    expect(await recordShopUsage(app.context, shopId)).toMatchObject({ created: 1, rejected: 1, billed: 0 });
    expect(fakes.get(REFUSED)!.usage.size).toBe(0);
    expect(await api<BillingSummary>(REFUSED, 'GET', '/billing')).toMatchObject({
      spent: '0.00',
      cap: '0.10',
    });
    // The refused charge frees no room: marketing stays over the cap, transactional goes.
    expect(await sendBoth(REFUSED, 'after-refusal')).toEqual([
      ['suppressed', 'billing_cap'],
      ['queued', null],
    ]);
  });
});
