// App-store billing against Shopify's Billing API, faked at the HTTP layer in its documented shapes
// (shopify-billing-fake.ts): a plan approved on the confirmation page, a plan declined, the cap reached in the
// middle of a campaign (marketing over it suppressed 'billing_cap', transactional never), a campaign whose
// estimate exceeds the cap refused with 409, a usage record whose response was lost retried with the same
// idempotency key (charged once), and app_subscriptions/update to CANCELLED stopping queued marketing.
import nock from 'nock';
import type { BillingRedirect, BillingSummary } from '../../../server/contracts/billing.js';
import type { CampaignDetail, CampaignEstimate } from '../../../server/contracts/campaigns.js';
import { decimalToMicros, withMargin } from '../../../server/billing/plans.js';
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
  APP_URL,
  fakeShop,
  productionEnv,
  sessionToken,
} from '../shopify/support/shopify-fakes.js';
import { fakeBilling, type BillingFake } from './shopify-billing-fake.js';

const APPROVER = 'approver-store.myshopify.com';
const CAPPED = 'capped-store.myshopify.com';
const DECLINER = 'decliner-store.myshopify.com';

let db: TestDatabase;
let app: RunningApp;
const fakes = new Map<string, BillingFake>();
const shopIds = new Map<string, string>();

async function api<T>(
  shop: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sessionToken({ shop, sub: '9001' })}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const pool = () => app.database.pool;

async function addSubscribers(shopId: string, first: number, count: number): Promise<string[]> {
  const { rows } = await pool().query<{ phone: string }>(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     SELECT $1, '+1212' || lpad(($2::int + i)::text, 7, '0'), 'US', 'subscribed', 'subscribed', 'import' FROM generate_series(1, $3::int) i
     RETURNING phone`,
    [shopId, first, count],
  );
  return rows.map((r) => r.phone).sort();
}

const later = () => new Date(Date.now() + 86_400_000);
const draft = (phone: string, kind: 'marketing' | 'transactional', key: string): MessageDraft => ({
  phone,
  kind,
  sourceType: kind === 'marketing' ? 'campaign' : 'automation',
  body:
    kind === 'marketing'
      ? 'Winter sale: 20% off everything today. Reply STOP to opt out'
      : 'Your order #1001 has shipped',
  idempotencyKey: key,
  notBefore: later(),
});

async function subscribeAndDecide(
  shop: string,
  body: unknown,
  decide: 'approve' | 'decline',
): Promise<BillingSummary> {
  const sub = await api<BillingRedirect>(shop, 'POST', '/billing/subscribe', body);
  expect(sub.status).toBe(200);
  expect(sub.body.confirmationUrl).toMatch(new RegExp(`^https://${shop}/admin/charges/`));
  const fake = fakes.get(shop)!;
  if (decide === 'approve') fake.approve();
  else fake.decline();
  const chargeId = fake.subscriptions.at(-1)!.id.split('/').pop();
  const confirmed = await api<BillingSummary>(shop, 'POST', '/billing/confirm', { chargeId });
  expect(confirmed.status).toBe(200);
  return confirmed.body;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  let first = 1029266950;
  for (const shop of [APPROVER, CAPPED, DECLINER]) {
    fakes.set(shop, fakeBilling(shop, first));
    first += 1000;
    fakeShop({ domain: shop, name: shop.split('.')[0]!, accessToken: `shpat_${shop.split('-')[0]}` });
  }
  db = await createTestDatabase();
  app = await start({
    port: 0,
    env: testEnv(db, productionEnv({ BILLING_USAGE_INTERVAL_MS: '86400000', BILLING_MARGIN_PERCENT: '25' })),
  });
  for (const shop of [APPROVER, CAPPED, DECLINER]) {
    const first = await api<BillingSummary>(shop, 'GET', '/billing');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ plan: null, status: 'none', spent: '0.00', provider: 'shopify' });
    const { rows } = await pool().query<{ id: string }>(
      'SELECT id::text AS id FROM shops WHERE domain = $1',
      [shop],
    );
    shopIds.set(shop, rows[0]!.id);
  }
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
  restoreNock();
});

describe('subscribing', () => {
  it('creates a test usage subscription, is pending until approved, then active with the approved cap and period', async () => {
    const sub = await api<BillingRedirect>(APPROVER, 'POST', '/billing/subscribe', { plan: 'free' });
    expect(sub.status).toBe(200);
    const create = fakes.get(APPROVER)!.calls.find((c) => c.query.includes('appSubscriptionCreate'))!;
    expect(create.variables).toMatchObject({
      name: 'Textlane Free',
      test: true,
      lineItems: [
        { plan: { appUsagePricingDetails: { cappedAmount: { amount: '20.00', currencyCode: 'USD' } } } },
      ],
    });
    expect(String(create.variables.returnUrl)).toBe(`${APP_URL}/billing?shop=${APPROVER}`);
    expect((create.variables.lineItems as unknown[]).length).toBe(1);
    expect((await api<BillingSummary>(APPROVER, 'GET', '/billing')).body).toMatchObject({
      plan: 'free',
      status: 'pending',
    });

    fakes.get(APPROVER)!.approve();
    const confirmed = await api<BillingSummary>(APPROVER, 'POST', '/billing/confirm', {
      chargeId: '1029266950',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      plan: 'free',
      status: 'active',
      cap: '20.00',
      currency: 'USD',
      spent: '0.00',
      warning: null,
    });
    const period = confirmed.body.period!;
    expect(new Date(period.start).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(period.end).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(period.end).getTime() - new Date(period.start).getTime()).toBe(30 * 86_400_000);
  });

  it('declined on the confirmation page: the plan is declined and marketing stops, transactional still goes', async () => {
    const summary = await subscribeAndDecide(DECLINER, { plan: 'growth' }, 'decline');
    expect(summary).toMatchObject({ plan: 'growth', status: 'declined' });
    const create = fakes.get(DECLINER)!.calls.find((c) => c.query.includes('appSubscriptionCreate'))!;
    expect(create.variables.lineItems).toEqual([
      {
        plan: {
          appRecurringPricingDetails: {
            price: { amount: '19.00', currencyCode: 'USD' },
            interval: 'EVERY_30_DAYS',
          },
        },
      },
      expect.objectContaining({
        plan: {
          appUsagePricingDetails: expect.objectContaining({
            cappedAmount: { amount: '200.00', currencyCode: 'USD' },
          }),
        },
      }),
    ]);
    const shopId = shopIds.get(DECLINER)!;
    const [phone] = await addSubscribers(shopId, 3000000, 1);
    const result = await enqueueMessages(pool(), shopId, [
      draft(phone!, 'marketing', 'declined:m'),
      draft(phone!, 'transactional', 'declined:t'),
    ]);
    expect(result.messages.map((m) => [m.idempotencyKey, m.status, m.suppressedReason])).toEqual([
      ['declined:m', 'suppressed', 'billing_inactive'],
      ['declined:t', 'queued', null],
    ]);
    // Raising the cap needs an active plan.
    const cap = await api<{ error: { code: string } }>(DECLINER, 'POST', '/billing/cap', { cap: '500' });
    expect(cap.status).toBe(409);
    expect(cap.body.error.code).toBe('billing_not_active');
  });

  it('answers 400 naming the field for a bad plan, cap or charge id, and changes nothing', async () => {
    const calls = fakes.get(CAPPED)!.calls.length;
    const bad: Array<[string, unknown, string]> = [
      ['/billing/subscribe', { plan: 'gold' }, 'plan'],
      ['/billing/subscribe', { plan: 'growth', cap: '-5' }, 'cap'],
      ['/billing/subscribe', { plan: 'growth', price: '1' }, '_'],
      ['/billing/subscribe', [], '_'],
      ['/billing/cap', { cap: 'lots' }, 'cap'],
      ['/billing/confirm', { chargeId: '12ab' }, 'chargeId'],
    ];
    for (const [path, body, field] of bad) {
      const res = await api<{ error: { code: string; fields: Record<string, string> } }>(
        CAPPED,
        'POST',
        path,
        body,
      );
      expect([path, res.status]).toEqual([path, 400]);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(fakes.get(CAPPED)!.calls.length).toBe(calls);
    expect((await api<BillingSummary>(CAPPED, 'GET', '/billing')).body.status).toBe('none');
  });
});

describe('the spending cap', () => {
  let phones: string[] = [];
  beforeAll(async () => {
    // Growth with a 10-cent cap: a one-segment US text costs 0.0083 + 25% = 0.010375, so 9 fit.
    const summary = await subscribeAndDecide(CAPPED, { plan: 'growth', cap: '0.10' }, 'approve');
    expect(summary).toMatchObject({ status: 'active', cap: '0.10' });
    phones = await addSubscribers(shopIds.get(CAPPED)!, 4000000, 30);
  });

  it('refuses to send a campaign whose estimate exceeds what the cap leaves (409 with the options)', async () => {
    const created = await api<CampaignDetail>(CAPPED, 'POST', '/campaigns', {
      name: 'Too big',
      message: { templates: { en: 'Winter sale at {{ shop.name }}' }, discount: null },
      options: { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 },
    });
    expect(created.status).toBe(201);
    const res = await api<{ error: { code: string; message: string; fields: Record<string, string> } }>(
      CAPPED,
      'POST',
      `/campaigns/${created.body.id}/schedule`,
      {},
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('billing_cap');
    expect(res.body.error.message).toMatch(/Raise the cap/);
    expect(res.body.error.message).toMatch(/part of the audience \((\d+) of 30 recipients fit\)/);
    expect((await api<CampaignDetail>(CAPPED, 'GET', `/campaigns/${created.body.id}`)).body.status).toBe(
      'draft',
    );
    // "The N that fit" is what the cap allows: N texts at the estimate's largest segments, priced as charged
    // (US price + 25%), fit in the 0.10 cap; N + 1 do not, and limited to N + 1 the campaign is still refused.
    const estimate = await api<CampaignEstimate>(CAPPED, 'GET', `/campaigns/${created.body.id}/estimate`);
    const perText = withMargin(8300 * estimate.body.segments.max, 25);
    const fit = Math.floor(100_000 / perText);
    expect(res.body.error.fields.audienceThatFits).toBe(String(fit));
    expect(res.body.error.message).toContain(`(${fit} of 30 recipients fit)`);
    const options = { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 };
    const limited = async (audienceLimit: number) => {
      await api(CAPPED, 'PUT', `/campaigns/${created.body.id}`, { options: { ...options, audienceLimit } });
      return (await api<CampaignEstimate>(CAPPED, 'GET', `/campaigns/${created.body.id}/estimate`)).body;
    };
    const atFit = await limited(fit);
    expect(atFit.reachable).toBe(fit);
    expect(withMargin(decimalToMicros(atFit.cost.max), 25)).toBeLessThanOrEqual(100_000);
    const overFit = await limited(fit + 1);
    expect(withMargin(decimalToMicros(overFit.cost.max), 25)).toBeGreaterThan(100_000);
    const refused = await api<{ error: { code: string; fields: Record<string, string> } }>(
      CAPPED,
      'POST',
      `/campaigns/${created.body.id}/schedule`,
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'billing_cap',
      fields: { audienceThatFits: String(fit) },
    });
  });

  it('suppresses marketing over the cap mid-campaign with billing_cap; transactional is never blocked', async () => {
    const shopId = shopIds.get(CAPPED)!;
    const first = await enqueueMessages(
      pool(),
      shopId,
      phones.slice(0, 5).map((p, i) => draft(p, 'marketing', `camp:a:${i}`)),
    );
    expect(first.messages.every((m) => m.status === 'queued')).toBe(true);
    // The next page of the same campaign: 4 more fit, the rest is over the cap.
    const second = await enqueueMessages(
      pool(),
      shopId,
      phones.slice(5).map((p, i) => draft(p, 'marketing', `camp:b:${i}`)),
    );
    expect(second.messages.filter((m) => m.status === 'queued')).toHaveLength(4);
    expect(second.messages.filter((m) => m.suppressedReason === 'billing_cap')).toHaveLength(21);
    const tx = await enqueueMessages(pool(), shopId, [
      draft(phones[29]!, 'transactional', 'order:shipped:1'),
    ]);
    expect(tx.messages[0]).toMatchObject({ status: 'queued', suppressedReason: null });

    const cap = await api<BillingRedirect>(CAPPED, 'POST', '/billing/cap', { cap: '50' });
    expect(cap.status).toBe(200);
    expect(cap.body.confirmationUrl).toMatch(/confirm_update_capped_amount/);
    const update = fakes.get(CAPPED)!.calls.find((c) => c.query.includes('appSubscriptionLineItemUpdate'))!;
    expect(update.variables).toEqual({
      id: fakes.get(CAPPED)!.subscriptions[0]!.lineItemId,
      cappedAmount: { amount: '50.00', currencyCode: 'USD' },
    });
    const lower = await api<{ error: { fields: Record<string, string> } }>(CAPPED, 'POST', '/billing/cap', {
      cap: '0.05',
    });
    expect(lower.status).toBe(400);
    expect(lower.body.error.fields.cap).toMatch(/more than 0.10/);
  });
});

describe('usage records', () => {
  it('charges delivered segments beyond the included ones once, retrying a lost response with the same idempotency key', async () => {
    const shopId = shopIds.get(APPROVER)!;
    // 150 delivered one-segment US texts: 100 included in Free, 50 charged at 0.0083 + 25%.
    await pool().query(
      `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key, status,
                             country_code, delivered_at)
       SELECT $1, '+1212555' || lpad(i::text, 4, '0'), 'marketing', 'campaign', 'Sale', 'gsm7', 1, 8300, 'usage:' || i, 'delivered', 'US', now()
         FROM generate_series(1, 150) i`,
      [shopId],
    );
    const fake = fakes.get(APPROVER)!;
    fake.loseNextUsageResponse = true;
    const firstRun = await recordShopUsage(app.context, shopId);
    expect(firstRun).toMatchObject({ created: 1, failed: 1, billed: 0 });
    const pending = await pool().query(
      `SELECT status, attempts, amount_micros::int AS amount, charged_segments, segments FROM usage_records WHERE shop_id = $1`,
      [shopId],
    );
    expect(pending.rows).toEqual([
      { status: 'pending', attempts: 1, amount: 520000, charged_segments: 50, segments: 150 },
    ]);

    const secondRun = await recordShopUsage(app.context, shopId);
    expect(secondRun).toMatchObject({ created: 0, failed: 0, billed: 1 });
    const usageCalls = fake.calls.filter((c) => c.query.includes('appUsageRecordCreate'));
    expect(usageCalls).toHaveLength(2);
    expect(usageCalls[0]!.variables.idempotencyKey).toBe(usageCalls[1]!.variables.idempotencyKey);
    expect(usageCalls[0]!.variables.price).toEqual({ amount: '0.52', currencyCode: 'USD' });
    expect(usageCalls[0]!.variables.subscriptionLineItemId).toBe(fake.subscriptions[0]!.lineItemId);
    expect(fake.usage.size).toBe(1);
    const billed = await pool().query(
      `SELECT status, shopify_usage_record_gid AS gid FROM usage_records WHERE shop_id = $1`,
      [shopId],
    );
    expect(billed.rows).toEqual([{ status: 'billed', gid: [...fake.usage.values()][0]!.id }]);

    // Nothing new delivered: no further charge.
    expect(await recordShopUsage(app.context, shopId)).toMatchObject({ created: 0, billed: 0, failed: 0 });
    const summary = (await api<BillingSummary>(APPROVER, 'GET', '/billing')).body;
    expect(summary).toMatchObject({ spent: '0.52', cap: '20.00', usedPercent: 2, warning: null });
    expect(summary.byCountry).toEqual([{ country: 'US', segments: 150, amount: '1.55625' }]);
    expect(summary.byDay).toHaveLength(1);
  });

  it('app_subscriptions/update to CANCELLED: the plan is cancelled and queued marketing suppressed, transactional kept', async () => {
    const shopId = shopIds.get(APPROVER)!;
    const [phone] = await addSubscribers(shopId, 5000000, 1);
    const queued = await enqueueMessages(pool(), shopId, [
      draft(phone!, 'marketing', 'cancel:m'),
      draft(phone!, 'transactional', 'cancel:t'),
    ]);
    expect(queued.messages.map((m) => m.status)).toEqual(['queued', 'queued']);

    const fixture = shopifyFixtures().find((f) => f.topic === 'app_subscriptions/update')!;
    const payload = {
      ...fixture.payload,
      app_subscription: {
        ...(fixture.payload.app_subscription as object),
        admin_graphql_api_id: fakes.get(APPROVER)!.subscriptions[0]!.id,
        name: 'Textlane Free',
      },
    };
    const body = JSON.stringify(payload);
    const res = await fetch(`${app.url}/webhooks/shopify`, {
      method: 'POST',
      headers: signShopifyWebhook({
        secret: API_SECRET,
        topic: 'app_subscriptions/update',
        shopDomain: APPROVER,
        body,
        apiVersion: API_VERSION,
      }),
      body,
    });
    expect(res.status).toBe(200);
    await waitFor(
      'the subscription cancelled',
      async () => (await api<BillingSummary>(APPROVER, 'GET', '/billing')).body.status === 'cancelled',
    );
    const { rows } = await pool().query<{
      idempotency_key: string;
      status: string;
      suppressed_reason: string | null;
    }>(
      `SELECT idempotency_key, status, suppressed_reason FROM messages WHERE shop_id = $1 AND idempotency_key LIKE 'cancel:%' ORDER BY idempotency_key`,
      [shopId],
    );
    expect(rows).toEqual([
      { idempotency_key: 'cancel:m', status: 'suppressed', suppressed_reason: 'billing_inactive' },
      { idempotency_key: 'cancel:t', status: 'queued', suppressed_reason: null },
    ]);
    // A cancelled plan is not charged.
    expect(await recordShopUsage(app.context, shopId)).toMatchObject({ created: 0, billed: 0 });
  });
});
