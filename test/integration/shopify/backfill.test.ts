// Backfill against a faked Admin API (nock): install → bulk query for customers → poll → COMPLETED →
// the JSONL (10,000 customers) is streamed into the mirror; then the same for orders (30,000 orders with
// line items). Counts and per-customer aggregates must equal what the generator computed, and newer
// mirror data must survive the (older) bulk snapshot.
import { mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import nock from 'nock';
import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { streamJsonl } from '../../../server/shopify/backfill/jsonl-stream.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { writeBulkFixtures, customerId, orderId, type BulkFixtures } from './support/bulk-fixtures.js';
import { fakeShop, productionEnv, sessionToken, type FakeShop } from './support/shopify-fakes.js';
import '../../support/silence-logs.js';
import { restoreNock } from '../../support/nock-lifecycle.js';

const SHOP = 'backfill-store.myshopify.com';
const CDN = 'https://storage.googleapis.com';
const N = { customers: 10_000, orders: 30_000 };

let db: TestDatabase;
let app: RunningApp;
let dir: string;
let fixtures: BulkFixtures;
let fake: FakeShop;
let released = false;
let downloads = 0;
/** Result files of the second sync (operations 3 and 4), small and hand-written. */
let second: { customers: string; orders: string } | null = null;

const q = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await app.database.pool.query<T>(text, params)).rows;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  dir = await mkdtemp(join(tmpdir(), 'backfill-'));
  fixtures = await writeBulkFixtures(join(dir, 'customers.jsonl'), join(dir, 'orders.jsonl'), N);
  nock(CDN)
    .persist()
    .get(/^\/shopify-bulk\/(customers|orders)(-2)?\.jsonl$/)
    .reply(200, (req: Request) => {
      downloads++;
      const path = new URL(req.url).pathname;
      const resource = path.includes('customers') ? 'customers' : 'orders';
      if (path.includes('-2')) return second![resource];
      return createReadStream(join(dir, `${resource}.jsonl`));
    });
  fake = fakeShop({
    domain: SHOP,
    name: 'Backfill Store',
    accessToken: 'shpat_backfill',
    // Odd operations are customers queries, even ones orders (they run in that order). Held RUNNING until released.
    bulkStatus: (id) => {
      if (!released) return { status: 'RUNNING', objectCount: '10' };
      const n = Number(id.split('/').pop());
      const resource = n % 2 === 1 ? 'customers' : 'orders';
      if (n > 2)
        return {
          status: 'COMPLETED',
          url: `${CDN}/shopify-bulk/${resource}-2.jsonl`,
          objectCount: resource === 'customers' ? '2' : '3',
        };
      const objectCount = resource === 'customers' ? fixtures.customerLines : fixtures.orderLines;
      return {
        status: 'COMPLETED',
        url: `${CDN}/shopify-bulk/${resource}.jsonl`,
        objectCount: String(objectCount),
      };
    },
  });
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, productionEnv()) });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 540_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('bulk backfill', () => {
  let shopId: string;
  // Filled in the first test: an order and a customer that already hold newer data than the snapshot.
  let keptOrder: { j: number; customer: number };

  it('installs the shop and starts a customers bulk query (held running)', async () => {
    const auth = `Bearer ${sessionToken({ shop: SHOP })}`;
    expect((await request(app.url!).get('/api/settings').set('Authorization', auth)).status).toBe(200);
    shopId = (await q<{ id: string }>('SELECT id FROM shops WHERE domain = $1', [SHOP]))[0]!.id;
    await waitFor('customers bulk query', async () => fake.bulkQueries.length === 1);
    expect(fake.bulkQueries[0]).toMatch(/customers\s*\{\s*edges\s*\{\s*node/);
    expect(fake.bulkQueries[0]).toContain(
      'smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }',
    );
    const runMutation = fake.graphqlQueries.find((g) => g.query.includes('bulkOperationRunQuery'))!;
    expect(runMutation.query).toContain('groupObjects: true');
    const status = await request(app.url!).get('/api/sync').set('Authorization', auth);
    expect(status.body.state).toBe('running');
    expect(
      status.body.resources.map((r: { resource: string; status: string }) => [r.resource, r.status]),
    ).toEqual([
      ['customers', 'running'],
      ['orders', 'created'],
    ]);
    // A second sync cannot start while this one runs.
    const again = await request(app.url!).post('/api/sync').set('Authorization', auth);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('sync_in_progress');

    // Newer data already in the mirror (from webhooks) that the older snapshot must not overwrite.
    keptOrder = pickNewerOrder(fixtures);
    await q(
      `INSERT INTO customers (shop_id, id, first_name, shopify_updated_at) VALUES ($1, $2, 'Newer', '2030-01-01T00:00:00Z')`,
      [shopId, customerId(keptOrder.customer)],
    );
    await q(
      `INSERT INTO orders (shop_id, id, customer_id, name, currency, total_price, shopify_created_at, shopify_updated_at)
       VALUES ($1, $2, $3, 'newer', 'USD', 999.99, '2024-06-01T00:00:00Z', '2030-01-01T00:00:00Z')`,
      [shopId, orderId(keptOrder.j), customerId(keptOrder.customer)],
    );
  });

  it('imports 10,000 customers and 30,000 orders with exact aggregates', async () => {
    released = true;
    const final = await waitFor('sync to finish', async () => {
      const res = await request(app.url!)
        .get('/api/sync')
        .set('Authorization', `Bearer ${sessionToken({ shop: SHOP })}`);
      if (process.env.SHOW_PROGRESS)
        process.stderr.write(
          `${Date.now()} ${JSON.stringify(res.body.resources.map((r: { status: string; rowsImported: number }) => [r.status, r.rowsImported]))}\n`,
        );
      return res.body.state === 'running' ? null : res.body;
    });
    expect(final.state).toBe('completed');
    expect(final.resources).toEqual([
      expect.objectContaining({
        resource: 'customers',
        status: 'completed',
        rowsImported: N.customers,
        objectCount: N.customers,
        error: null,
      }),
      expect.objectContaining({
        resource: 'orders',
        status: 'completed',
        rowsImported: fixtures.orderLines,
        objectCount: fixtures.orderLines,
        error: null,
      }),
    ]);
    expect(final.resources[1].finishedAt).not.toBeNull();
    expect(fake.bulkQueries).toHaveLength(2);
    expect(fake.bulkQueries[1]).toContain('lineItems');
    expect(downloads).toBe(2);

    const counts = (
      await q<{ customers: string; orders: string; items: string }>(
        `SELECT (SELECT count(*) FROM customers WHERE shop_id = $1)::text AS customers,
              (SELECT count(*) FROM orders WHERE shop_id = $1)::text AS orders,
              (SELECT count(*) FROM order_line_items WHERE shop_id = $1)::text AS items`,
        [shopId],
      )
    )[0]!;
    const keptItems = fixtures.orders[keptOrder.j]!.lineItems;
    expect(counts).toEqual({
      customers: String(N.customers),
      orders: String(N.orders),
      items: String(fixtures.lineItemCount - keptItems),
    });

    // Aggregates for every customer, computed independently by the generator.
    const expected = new Map(fixtures.expected);
    const kept = fixtures.orders[keptOrder.j]!;
    const e = expected.get(kept.customer!)!;
    expected.set(kept.customer!, {
      count: e.count,
      spentCents: e.spentCents - (kept.totalCents - kept.refundedCents) + 99_999,
    });
    const rows = await q<{ id: string; orders_count: number; total_spent: string }>(
      'SELECT id::text AS id, orders_count, total_spent::text AS total_spent FROM customers WHERE shop_id = $1',
      [shopId],
    );
    let checked = 0;
    for (const row of rows) {
      const want = expected.get(Number(row.id) - 100_000) ?? { count: 0, spentCents: 0 };
      if (row.orders_count !== want.count || row.total_spent !== (want.spentCents / 100).toFixed(2)) {
        throw new Error(
          `customer ${row.id}: got ${row.orders_count} / ${row.total_spent}, want ${want.count} / ${(want.spentCents / 100).toFixed(2)}`,
        );
      }
      checked++;
    }
    expect(checked).toBe(N.customers);

    // Newer data survived; everything else came from the file.
    const keptCustomer = (
      await q<{ first_name: string }>('SELECT first_name FROM customers WHERE shop_id = $1 AND id = $2', [
        shopId,
        customerId(keptOrder.customer),
      ])
    )[0]!;
    expect(keptCustomer.first_name).toBe('Newer');
    const keptRow = (
      await q<{ total_price: string; name: string }>(
        'SELECT total_price::text, name FROM orders WHERE shop_id = $1 AND id = $2',
        [shopId, orderId(keptOrder.j)],
      )
    )[0]!;
    expect(keptRow).toEqual({ total_price: '999.99', name: 'newer' });

    const sample = (
      await q(
        'SELECT first_name, email, phone, country_code, province_code, zip, tags, sms_consent_state FROM customers WHERE shop_id = $1 AND id = $2',
        [shopId, customerId(10)],
      )
    )[0]!;
    expect(sample).toMatchObject({
      first_name: 'First10',
      email: 'customer10@example.com',
      country_code: expect.any(String),
      tags: ['vip', 'wholesale'],
    });
    expect(['subscribed', 'not_subscribed']).toContain(sample.sms_consent_state);
    const item = (
      await q(
        'SELECT product_id::text, variant_id::text, vendor, product_type, quantity, price::text FROM order_line_items WHERE shop_id = $1 ORDER BY id LIMIT 1',
        [shopId],
      )
    )[0]!;
    expect(item).toMatchObject({
      product_id: expect.stringMatching(/^8\d\d$/),
      variant_id: expect.stringMatching(/^4\d{3}$/),
      product_type: expect.stringMatching(/^Type \d$/),
    });
    const products = (
      await q<{ n: string }>('SELECT count(*)::text AS n FROM purchased_products WHERE shop_id = $1', [
        shopId,
      ])
    )[0]!;
    expect(Number(products.n)).toBeGreaterThan(N.customers / 2);
    // The end of the backfill queues the shop's RFM recompute (segments): every buyer gets a group.
    const buyers = (
      await q<{ n: string }>(
        'SELECT count(*)::text AS n FROM customers WHERE shop_id = $1 AND orders_count > 0',
        [shopId],
      )
    )[0]!;
    await waitFor(
      'RFM groups after the backfill',
      async () => {
        const scored = (
          await q<{ n: string }>('SELECT count(*)::text AS n FROM customer_rfm WHERE shop_id = $1', [shopId])
        )[0]!;
        return scored.n === buyers.n && Number(buyers.n) > 0;
      },
      60_000,
    );
  }, 600_000);

  it('a later sync applies newer snapshots and ignores older ones', async () => {
    const auth = `Bearer ${sessionToken({ shop: SHOP })}`;
    const changed = fixtures.orders.find(
      (o) => o.customer !== null && !o.cancelled && o.j !== keptOrder.j && o.customer !== keptOrder.customer,
    )!;
    const stale = fixtures.orders.find(
      (o) =>
        o.customer !== null &&
        !o.cancelled &&
        o.customer !== changed.customer &&
        o.customer !== keptOrder.customer,
    )!;
    const aggregates = async (c: number) =>
      (
        await q<{ orders_count: number; total_spent: string }>(
          'SELECT orders_count, total_spent::text FROM customers WHERE shop_id = $1 AND id = $2',
          [shopId, customerId(c)],
        )
      )[0]!;
    const staleBefore = await aggregates(stale.customer!);
    const changedBefore = await aggregates(changed.customer!);
    const line = (o: object) => `${JSON.stringify(o)}\n`;
    const order = (j: number, customer: number, updatedAt: string, total: string) => ({
      id: `gid://shopify/Order/${orderId(j)}`,
      name: `#${1001 + j}`,
      customer: { id: `gid://shopify/Customer/${customerId(customer)}` },
      createdAt: '2024-03-01T00:00:00Z',
      updatedAt,
      cancelledAt: null,
      closedAt: null,
      currencyCode: 'USD',
      totalPriceSet: { shopMoney: { amount: total, currencyCode: 'USD' } },
      totalRefundedSet: { shopMoney: { amount: '0.00' } },
      discountCodes: [],
      displayFinancialStatus: 'PAID',
      displayFulfillmentStatus: 'UNFULFILLED',
    });
    second = {
      customers:
        line({
          id: 'gid://shopify/Customer/100000',
          firstName: 'Renamed',
          lastName: 'Zero',
          tags: [],
          createdAt: '2024-01-01T00:00:00Z',
          updatedAt: '2029-01-01T00:00:00Z',
          smsMarketingConsent: null,
        }) +
        line({
          id: 'gid://shopify/Customer/100001',
          firstName: 'Stale',
          lastName: 'One',
          tags: [],
          createdAt: '2024-01-01T00:00:00Z',
          updatedAt: '2000-01-01T00:00:00Z',
          smsMarketingConsent: null,
        }),
      orders:
        line(order(changed.j, changed.customer!, '2029-01-01T00:00:00Z', '1.00')) +
        line({
          id: 'gid://shopify/LineItem/99999999',
          title: 'Only item',
          quantity: 1,
          vendor: 'V',
          originalUnitPriceSet: { shopMoney: { amount: '1.00' } },
          product: null,
          variant: null,
          __parentId: `gid://shopify/Order/${orderId(changed.j)}`,
        }) +
        line(order(stale.j, stale.customer!, '2000-01-01T00:00:00Z', '5000.00')),
    };
    const started = await request(app.url!).post('/api/sync').set('Authorization', auth);
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('running');
    const final = await waitFor('second sync', async () => {
      const res = await request(app.url!)
        .get('/api/sync')
        .set('Authorization', `Bearer ${sessionToken({ shop: SHOP })}`);
      return res.body.state === 'running' ? null : res.body;
    });
    expect(
      final.resources.map((r: { status: string; rowsImported: number }) => [r.status, r.rowsImported]),
    ).toEqual([
      ['completed', 2],
      ['completed', 3],
    ]);
    const names = await q(
      'SELECT id::text, first_name FROM customers WHERE shop_id = $1 AND id IN (100000, 100001) ORDER BY id',
      [shopId],
    );
    expect(names).toEqual([
      { id: '100000', first_name: 'Renamed' },
      { id: '100001', first_name: 'First1' },
    ]);
    expect(await aggregates(stale.customer!)).toEqual(staleBefore);
    const spentCents =
      Math.round(Number(changedBefore.total_spent) * 100) -
      (changed.totalCents - changed.refundedCents) +
      100;
    expect(await aggregates(changed.customer!)).toEqual({
      orders_count: changedBefore.orders_count,
      total_spent: (spentCents / 100).toFixed(2),
    });
    const items = await q(
      'SELECT id::text, order_id::text FROM order_line_items WHERE shop_id = $1 AND order_id = $2',
      [shopId, orderId(changed.j)],
    );
    expect(items).toEqual([{ id: '99999999', order_id: orderId(changed.j) }]);
    const staleRow = (
      await q<{ total_price: string }>(
        'SELECT total_price::text FROM orders WHERE shop_id = $1 AND id = $2',
        [shopId, orderId(stale.j)],
      )
    )[0]!;
    expect(staleRow.total_price).toBe((stale.totalCents / 100).toFixed(2));
  }, 120_000);
});

describe('streaming', () => {
  it('yields lines while the download is still in progress (the file is never read whole)', async () => {
    const body = new PassThrough();
    nock('https://stream.example.com')
      .get('/result.jsonl')
      .reply(200, () => body);
    body.write('{"id":"gid://shopify/Customer/1"}\n{"id":"gid://shopify/Customer/2"}\n');
    const it = streamJsonl('https://stream.example.com/result.jsonl')[Symbol.asyncIterator]();
    const first = await it.next();
    // The response has not ended: the importer is consuming a stream, not a buffered file.
    expect(body.writableEnded).toBe(false);
    expect(first.value).toEqual({ line: 1, value: { id: 'gid://shopify/Customer/1' } });
    body.end('{"id":"gid://shopify/Customer/3"}\n');
    const rest: unknown[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value.value);
    expect(rest).toEqual([{ id: 'gid://shopify/Customer/2' }, { id: 'gid://shopify/Customer/3' }]);
  });
});

/** A non-cancelled order with a customer: its stored (newer) version must win over the snapshot. */
function pickNewerOrder(f: BulkFixtures): { j: number; customer: number } {
  const o = f.orders.find((x) => x.customer !== null && !x.cancelled && x.refundedCents === 0 && x.j > 100)!;
  return { j: o.j, customer: o.customer! };
}

afterAll(restoreNock);
