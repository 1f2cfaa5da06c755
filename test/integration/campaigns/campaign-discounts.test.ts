// Unique discount codes in production: when the send starts the campaign creates one discount in the store
// (Admin GraphQL discountCodeBasicCreate) and adds every recipient's code to it in batches of at most 100
// (discountRedeemCodeBulkAdd). Shopify is faked with nock in its documented request and response shapes;
// a refusal (userErrors) leaves the campaign unsent rather than sending codes that do not work.
import nock from 'nock';
import type { CampaignDetail } from '../../../server/contracts/campaigns.js';
import { start, type RunningApp } from '../../../server/main.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { waitFor } from '../../support/wait-for.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { API_VERSION, fakeShop, productionEnv, sessionToken } from '../shopify/support/shopify-fakes.js';

const SHOP = 'codes-store.myshopify.com';
const TOKEN = 'shpat_codes';
const DISCOUNT_GID = 'gid://shopify/DiscountCodeNode/1057371';

interface GraphqlCall {
  query: string;
  variables: Record<string, unknown>;
}

let db: TestDatabase;
let app: RunningApp;
let shopId: string;
const calls: GraphqlCall[] = [];
let refuseCodes = false;

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sessionToken({ shop: SHOP, sub: '9001' })}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  // Discount mutations first: other GraphQL documents (install, backfill) fall through to the fake shop.
  nock(`https://${SHOP}`)
    .persist()
    .post(`/admin/api/${API_VERSION}/graphql.json`, (body: GraphqlCall) =>
      /discountCodeBasicCreate|discountRedeemCodeBulkAdd/.test(body.query),
    )
    .reply(async (req: Request) => {
      const call = (await req.json()) as GraphqlCall;
      calls.push(call);
      const cost = {
        requestedQueryCost: 10,
        actualQueryCost: 10,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
      };
      if (call.query.includes('discountCodeBasicCreate')) {
        return [
          200,
          {
            data: { discountCodeBasicCreate: { codeDiscountNode: { id: DISCOUNT_GID }, userErrors: [] } },
            extensions: { cost },
          },
        ];
      }
      if (refuseCodes) {
        return [
          200,
          {
            data: {
              discountRedeemCodeBulkAdd: {
                bulkCreation: null,
                userErrors: [
                  { field: ['codes'], message: 'Codes is too long (maximum is 250)', code: 'TOO_LONG' },
                ],
              },
            },
            extensions: { cost },
          },
        ];
      }
      return [
        200,
        {
          data: {
            discountRedeemCodeBulkAdd: {
              bulkCreation: { id: 'gid://shopify/DiscountRedeemCodeBulkCreation/1' },
              userErrors: [],
            },
          },
          extensions: { cost },
        },
      ];
    });
  fakeShop({ domain: SHOP, name: 'Codes Store', accessToken: TOKEN });
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, productionEnv()) });
  // The first admin request installs the shop (token exchange).
  expect((await api('GET', '/campaigns')).status).toBe(200);
  shopId = (await app.database.pool.query<{ id: string }>('SELECT id FROM shops WHERE domain = $1', [SHOP]))
    .rows[0]!.id;
  await app.database.pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source)
     SELECT $1, '+1212' || lpad((5000000 + i)::text, 7, '0'), 'US', 'subscribed', 'subscribed', 'import' FROM generate_series(1, 230) i`,
    [shopId],
  );
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
  restoreNock();
});

async function sendWithCodes(name: string): Promise<string> {
  const created = await api<CampaignDetail>('POST', '/campaigns', {
    name,
    message: {
      templates: { en: '{{ discount.value }} off: {{ discount.code }}' },
      discount: { mode: 'unique', percentage: 20, validDays: 14 },
    },
    options: { smartSendingHours: 0, whenBlocked: 'hold', utm: true, holdoutPercent: 0 },
  });
  expect(created.status).toBe(201);
  expect((await api('POST', `/campaigns/${created.body.id}/schedule`)).status).toBe(200);
  return created.body.id;
}

async function settle(id: string, done: (c: CampaignDetail) => boolean): Promise<CampaignDetail> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const c = (await api<CampaignDetail>('GET', `/campaigns/${id}`)).body;
    if (done(c)) return c;
    if (Date.now() > deadline)
      throw new Error(`campaign stuck: ${JSON.stringify({ status: c.status, progress: c.progress })}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('creates the discount, adds each recipient code in batches of 100, and texts each recipient their own code', async () => {
  const id = await sendWithCodes('Codes for all');
  const done = await settle(id, (c) => c.status === 'completed');
  expect(done.progress.audience).toBe(230);
  const create = calls.filter((c) => c.query.includes('discountCodeBasicCreate'));
  expect(create).toHaveLength(1);
  expect(create[0]!.variables.basicCodeDiscount).toMatchObject({
    title: 'SMS campaign Codes for all',
    appliesOncePerCustomer: true,
    context: { all: 'ALL' },
    customerGets: { value: { percentage: 0.2 }, items: { all: true } },
  });
  const bulk = calls.filter((c) => c.query.includes('discountRedeemCodeBulkAdd'));
  expect(bulk.every((c) => c.variables.discountId === DISCOUNT_GID)).toBe(true);
  const sizes = bulk.map((c) => (c.variables.codes as unknown[]).length);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  const sentCodes = bulk.flatMap((c) => (c.variables.codes as Array<{ code: string }>).map((x) => x.code));
  expect(sentCodes).toHaveLength(230);
  const rows = (
    await app.database.pool.query<{ body: string; code: string }>(
      `SELECT m.body, cr.discount_code AS code FROM campaign_recipients cr JOIN messages m ON m.id = cr.message_id WHERE cr.campaign_id = $1`,
      [id],
    )
  ).rows;
  expect(rows).toHaveLength(230);
  expect(new Set(rows.map((r) => r.code))).toEqual(new Set(sentCodes));
  for (const r of rows) expect(r.body.startsWith(`20% off: ${r.code}`)).toBe(true);
  const audit = done.audit.map((a) => a.actor);
  expect(audit).toContain('user:9001');
});

it('a refusal of the codes sends nothing to that page and the fan-out tries again later', async () => {
  refuseCodes = true;
  try {
    const before = calls.length;
    const id = await sendWithCodes('Refused codes');
    // Shopify's refusal is an outage to the fan-out: it is queued to try again (and continues where it stopped).
    // Agenda clears a one-off job's next run when the run starts, so the retry is the row with a future one;
    // wait for it (a loaded machine takes longer than any fixed pause to reach Shopify and fail).
    const retry = await waitFor(
      'the fan-out retry',
      async () => {
        const { rows } = await app.database.pool.query<{ next_run_at: Date }>(
          `SELECT next_run_at FROM agenda_jobs
            WHERE name = 'campaigns.fan-out' AND data->>'campaignId' = $1 AND next_run_at > now()`,
          [id],
        );
        return rows.length > 0 && rows;
      },
      30_000,
    );
    expect(retry).toHaveLength(1);
    expect(calls.slice(before).some((c) => c.query.includes('discountRedeemCodeBulkAdd'))).toBe(true);
    const c = (await api<CampaignDetail>('GET', `/campaigns/${id}`)).body;
    expect(c.status).toBe('sending');
    const sent = await app.database.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM messages WHERE campaign_id = $1',
      [id],
    );
    expect(sent.rows[0]!.n).toBe(0);
  } finally {
    refuseCodes = false;
  }
});
