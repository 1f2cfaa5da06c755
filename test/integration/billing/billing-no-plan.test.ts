// A shop that never chose a plan is held to its no-plan allowance (BILLING_NO_PLAN_SEGMENTS, by default the
// Free plan's 100 included segments per 30 days from its install): GET /api/billing shows the allowance and the
// 75% / 90% / 100% warnings, marketing beyond it is suppressed 'billing_cap' while transactional texts always go,
// and a campaign that would pass it is refused before it is sent (409 naming the options; limited to the N
// that fit it is sent to exactly N). A plan chosen but not yet approved keeps the allowance until Shopify
// declines it; an approved plan replaces the allowance with the plan's cap. Shopify's Billing API is faked at the HTTP layer
// (shopify-billing-fake.ts).
import nock from 'nock';
import type { BillingRedirect, BillingSummary } from '../../../server/contracts/billing.js';
import type { CampaignDetail, CampaignEstimate } from '../../../server/contracts/campaigns.js';
import { PLANS } from '../../../server/billing/plans.js';
import { start, type RunningApp } from '../../../server/main.js';
import { enqueueMessages } from '../../../server/messaging/outbox/enqueue.js';
import type { MessageDraft } from '../../../server/messaging/outbox/types.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { fakeShop, productionEnv, sessionToken } from '../shopify/support/shopify-fakes.js';
import { fakeBilling, type BillingFake } from './shopify-billing-fake.js';

const SENDER = 'no-plan-sender.myshopify.com';
const BIG = 'no-plan-big.myshopify.com';
const PENDING = 'no-plan-pending.myshopify.com';
const DAY_MS = 86_400_000;

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
const summary = async (shop: string) => (await api<BillingSummary>(shop, 'GET', '/billing')).body;

async function addSubscribers(shopId: string, first: number, count: number): Promise<string[]> {
  const { rows } = await pool().query<{ phone: string }>(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     SELECT $1, '+1212' || lpad(($2::int + i)::text, 7, '0'), 'US', 'subscribed', 'subscribed', 'import' FROM generate_series(1, $3::int) i
     RETURNING phone`,
    [shopId, first, count],
  );
  return rows.map((r) => r.phone).sort();
}

/** `count` delivered texts of `segments` segments each, created `daysAgo` days ago. */
async function delivered(shopId: string, key: string, count: number, segments: number, daysAgo = 0) {
  await pool().query(
    `INSERT INTO messages (shop_id, phone, kind, source_type, body, encoding, segments, cost_micros, idempotency_key, status,
                           country_code, created_at, delivered_at)
     SELECT $1, '+1212555' || lpad(i::text, 4, '0'), 'marketing', 'campaign', 'Sale', 'gsm7', $3, 8300 * $3, $2 || ':' || i,
            'delivered', 'US', now() - make_interval(days => $4), now() - make_interval(days => $4)
       FROM generate_series(1, $5::int) i`,
    [shopId, key, segments, daysAgo, count],
  );
}

const draft = (phone: string, kind: 'marketing' | 'transactional', key: string): MessageDraft => ({
  phone,
  kind,
  sourceType: kind === 'marketing' ? 'campaign' : 'automation',
  body:
    kind === 'marketing'
      ? 'Winter sale: 20% off everything today. Reply STOP to opt out'
      : 'Your order #1001 has shipped',
  idempotencyKey: key,
  notBefore: new Date(Date.now() + DAY_MS),
});

/** As the campaign fan-out and the automations enqueue: with the configured no-plan allowance. */
const enqueue = (shopId: string, drafts: MessageDraft[]) =>
  enqueueMessages(pool(), shopId, drafts, { noPlanSegments: app.context.config.billing.noPlanSegments });

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  let first = 1029277950;
  for (const shop of [SENDER, BIG, PENDING]) {
    fakes.set(shop, fakeBilling(shop, first));
    first += 1000;
    fakeShop({ domain: shop, name: shop.split('.')[0]!, accessToken: `shpat_${shop.split('.')[0]}` });
  }
  db = await createTestDatabase();
  app = await start({
    port: 0,
    // The product default for shops without a plan (testEnv turns it off for the tests of other features).
    env: testEnv(db, {
      ...productionEnv({ BILLING_USAGE_INTERVAL_MS: '86400000' }),
      BILLING_NO_PLAN_SEGMENTS: undefined,
    }),
  });
  for (const shop of [SENDER, BIG, PENDING]) {
    expect((await api<BillingSummary>(shop, 'GET', '/billing')).status).toBe(200);
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

describe('a shop that never chose a plan', () => {
  it('shows its allowance: the Free plan’s included segments per 30 days from its install, nothing charged', async () => {
    expect(app.context.config.billing.noPlanSegments).toBe(PLANS.free.includedSegments);
    const s = await summary(SENDER);
    expect(s).toMatchObject({
      plan: null,
      status: 'none',
      spent: '0.00',
      cap: '0.00',
      currency: 'USD',
      usedPercent: 0,
      warning: null,
      includedSegments: 100,
      noPlanAllowance: { segments: 100, used: 0 },
      byDay: [],
      byCountry: [],
    });
    const { rows } = await pool().query<{ installed_at: Date }>(
      'SELECT installed_at FROM shops WHERE id = $1',
      [shopIds.get(SENDER)],
    );
    expect(s.period).toEqual({
      start: rows[0]!.installed_at.toISOString(),
      end: new Date(rows[0]!.installed_at.getTime() + 30 * DAY_MS).toISOString(),
    });
  });

  it('warns at 75% and 90%, suppresses marketing beyond the allowance with billing_cap, never transactional', async () => {
    const shopId = shopIds.get(SENDER)!;
    // Texts from before the install are outside the period and do not count.
    await delivered(shopId, 'before', 50, 1, 3);
    await delivered(shopId, 'sale', 40, 2);
    let s = await summary(SENDER);
    expect(s).toMatchObject({ usedPercent: 80, warning: 75, noPlanAllowance: { segments: 100, used: 80 } });
    expect(s.byCountry).toEqual([{ country: 'US', segments: 80, amount: '0.00' }]);

    const phones = await addSubscribers(shopId, 6000000, 25);
    // 20 segments left: 12 one-segment texts fit now (queued texts count too), 8 more then, the rest is over.
    const first = await enqueue(
      shopId,
      phones.slice(0, 12).map((p, i) => draft(p, 'marketing', `np:a:${i}`)),
    );
    expect(first.messages.every((m) => m.status === 'queued')).toBe(true);
    s = await summary(SENDER);
    expect(s).toMatchObject({ usedPercent: 92, warning: 90, noPlanAllowance: { used: 92 } });

    const second = await enqueue(
      shopId,
      phones.slice(12).map((p, i) => draft(p, 'marketing', `np:b:${i}`)),
    );
    expect(second.messages.filter((m) => m.status === 'queued')).toHaveLength(8);
    expect(second.messages.filter((m) => m.suppressedReason === 'billing_cap')).toHaveLength(5);
    expect((await summary(SENDER)).warning).toBe(100);

    const tx = await enqueue(shopId, [draft(phones[0]!, 'transactional', 'np:order:shipped')]);
    expect(tx.messages[0]).toMatchObject({ status: 'queued', suppressedReason: null });
    const after = await summary(SENDER);
    expect(after).toMatchObject({ usedPercent: 100, warning: 100, noPlanAllowance: { used: 101 } });

    const [fresh] = await addSubscribers(shopId, 6100000, 1);
    const more = await enqueue(shopId, [draft(fresh!, 'marketing', 'np:c:0')]);
    expect(more.messages[0]).toMatchObject({ status: 'suppressed', suppressedReason: 'billing_cap' });
  });

  it('refuses a campaign that would pass the allowance (409: choose a plan or send to part of the audience)', async () => {
    const shopId = shopIds.get(BIG)!;
    await addSubscribers(shopId, 7000000, 120);
    await delivered(shopId, 'earlier', 30, 1);
    const created = await api<CampaignDetail>(BIG, 'POST', '/campaigns', {
      name: 'Everyone',
      message: { templates: { en: 'Winter sale at {{ shop.name }}' }, discount: null },
      options: { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 },
    });
    expect(created.status).toBe(201);
    const res = await api<{ error: { code: string; message: string; fields: Record<string, string> } }>(
      BIG,
      'POST',
      `/campaigns/${created.body.id}/schedule`,
      {},
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('billing_cap');
    // What the estimate says one text is (1 or 2 segments with the opt-out line): 120 × that needed, 70 left.
    const estimate = await api<CampaignEstimate>(BIG, 'GET', `/campaigns/${created.body.id}/estimate`);
    expect(estimate.body.reachable).toBe(120);
    const perText = estimate.body.segments.max;
    expect(perText).toBeGreaterThanOrEqual(1);
    const fit = Math.floor(70 / perText);
    expect(res.body.error.message).toContain(
      `up to ${120 * perText} SMS segments, but without a plan only 70 of the 100 segments included every 30 days are left this period`,
    );
    expect(res.body.error.message).toMatch(/Choose a plan/);
    expect(res.body.error.message).toContain(`(${fit} of 120 recipients fit)`);
    expect(res.body.error.fields.audienceThatFits).toBe(String(fit));
    expect((await api<CampaignDetail>(BIG, 'GET', `/campaigns/${created.body.id}`)).body.status).toBe(
      'draft',
    );
  });

  it('sends to the N that fit: N + 1 is refused, N is accepted and exactly N are texted', async () => {
    const { rows } = await pool().query<{ id: string }>(
      `SELECT id::text AS id FROM campaigns WHERE shop_id = $1 AND name = 'Everyone'`,
      [shopIds.get(BIG)],
    );
    const id = rows[0]!.id;
    const refusal = await api<{ error: { code: string; fields: Record<string, string> } }>(
      BIG,
      'POST',
      `/campaigns/${id}/schedule`,
      {},
    );
    const fit = Number(refusal.body.error.fields.audienceThatFits);
    expect(fit).toBeGreaterThan(0);
    const options = { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 };
    const limitTo = async (audienceLimit: number) =>
      expect(
        (await api(BIG, 'PUT', `/campaigns/${id}`, { options: { ...options, audienceLimit } })).status,
      ).toBe(200);

    await limitTo(fit + 1);
    const over = await api<{ error: { code: string; fields: Record<string, string> } }>(
      BIG,
      'POST',
      `/campaigns/${id}/schedule`,
      {},
    );
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'billing_cap', fields: { audienceThatFits: String(fit) } });

    await limitTo(fit);
    expect((await api(BIG, 'POST', `/campaigns/${id}/schedule`, {})).status).toBe(200);
    const deadline = Date.now() + 120_000;
    let detail = (await api<CampaignDetail>(BIG, 'GET', `/campaigns/${id}`)).body;
    while (detail.status !== 'completed') {
      if (Date.now() > deadline) throw new Error(`campaign not completed: ${detail.status}`);
      await new Promise((r) => setTimeout(r, 200));
      detail = (await api<CampaignDetail>(BIG, 'GET', `/campaigns/${id}`)).body;
    }
    // Exactly the N that fit got a message, none over the allowance; the other recipients are over the limit.
    const texts = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE shop_id = $1 AND campaign_id = $2 AND suppressed_reason IS NULL`,
      [shopIds.get(BIG), id],
    );
    expect(texts.rows[0]!.n).toBe(fit);
    expect(detail.progress.suppressed).toEqual({ audience_limit: 120 - fit });
  });

  it('keeps the allowance while a chosen plan awaits approval, until Shopify declines it', async () => {
    const shopId = shopIds.get(PENDING)!;
    const phones = await addSubscribers(shopId, 8000000, 5);
    const sub = await api<BillingRedirect>(PENDING, 'POST', '/billing/subscribe', { plan: 'growth' });
    expect(sub.status).toBe(200);
    expect(await summary(PENDING)).toMatchObject({
      plan: 'growth',
      status: 'pending',
      noPlanAllowance: { segments: 100, used: 0 },
    });
    // Marketing goes on the no-plan allowance (it was suppressed billing_inactive while pending).
    const queued = await enqueue(shopId, [draft(phones[0]!, 'marketing', 'pending:m')]);
    expect(queued.messages[0]).toMatchObject({ status: 'queued', suppressedReason: null });
    const created = await api<CampaignDetail>(PENDING, 'POST', '/campaigns', {
      name: 'While pending',
      message: { templates: { en: 'Sale at {{ shop.name }}' }, discount: null },
      options: { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 },
    });
    expect(created.status).toBe(201);
    expect((await api(PENDING, 'POST', `/campaigns/${created.body.id}/schedule`, {})).status).toBe(200);

    fakes.get(PENDING)!.decline();
    expect((await api<BillingSummary>(PENDING, 'POST', '/billing/confirm', {})).body.status).toBe('declined');
    const after = await enqueue(shopId, [draft(phones[1]!, 'marketing', 'declined:m')]);
    expect(after.messages[0]).toMatchObject({ status: 'suppressed', suppressedReason: 'billing_inactive' });
  });

  it('leaves the allowance for the plan’s cap once a plan is approved', async () => {
    const sub = await api<BillingRedirect>(BIG, 'POST', '/billing/subscribe', { plan: 'growth' });
    expect(sub.status).toBe(200);
    fakes.get(BIG)!.approve();
    const confirmed = await api<BillingSummary>(BIG, 'POST', '/billing/confirm', {});
    expect(confirmed.body).toMatchObject({
      plan: 'growth',
      status: 'active',
      cap: '200.00',
      noPlanAllowance: null,
      includedSegments: 1_000,
    });
    const [phone] = await addSubscribers(shopIds.get(BIG)!, 7100000, 1);
    const res = await enqueue(shopIds.get(BIG)!, [draft(phone!, 'marketing', 'np:plan:0')]);
    expect(res.messages[0]).toMatchObject({ status: 'queued', suppressedReason: null });
  });
});
