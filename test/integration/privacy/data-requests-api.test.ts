// GET /api/data-requests and /api/data-requests/:id (JSON and CSV downloads) on a real database: the
// customers/data_request handler records the export, the merchant's API lists and downloads it, scoped by
// shop; a later customers/redact leaves it listed as redacted (410 on download).
import request from 'supertest';
import type { DataRequestExport, DataRequestList } from '../../../server/contracts/index.js';
import { fixture, ids, startHarness, type Harness } from '../webhooks/handlers-support.js';

let h: Harness;
let demo: { id: string; domain: string };
let other: { id: string; domain: string };
const api = () => request(h.app.url!);

beforeAll(async () => {
  h = await startHarness();
  // Local mode: the admin API acts as the demo shop.
  demo = await h.createShop('demo.myshopify.com');
  other = await h.createShop();
  for (const shop of [demo, other]) {
    const opts = { shopId: shop.id, shopDomain: shop.domain };
    await h.deliver('customers/create', fixture('customers/create'), opts);
    await h.deliver('orders/create', fixture('orders/create'), opts);
    await h.deliver('customers/data_request', fixture('customers/data_request'), opts);
  }
  const second = { ...fixture('customers/data_request'), data_request: { id: 9999 } };
  await h.deliver('customers/data_request', second, { shopId: demo.id, shopDomain: demo.domain });
});
afterAll(() => h?.stop());

const idsOf = async (shopId: string) =>
  (
    await h.rows<{ id: string }>(`SELECT id::text AS id FROM data_requests WHERE shop_id = $1 ORDER BY id`, [
      shopId,
    ])
  ).map((r) => r.id);

describe('GET /api/data-requests', () => {
  it("lists the shop's data requests newest first, with keyset pages, and none of another shop's", async () => {
    const mine = await idsOf(demo.id);
    const res = await api().get('/api/data-requests').expect(200);
    const body = res.body as DataRequestList;
    expect(body.items.map((i) => i.id)).toEqual([...mine].reverse());
    expect(body.nextCursor).toBeNull();
    expect(body.items[1]).toEqual({
      id: mine[0],
      customerId: ids.customer,
      shopifyRequestId: String((fixture('customers/data_request').data_request as { id: unknown }).id),
      ordersRequested: (fixture('customers/data_request').orders_requested as unknown[]).map(String),
      status: 'ready',
      requestedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    const first = (await api().get('/api/data-requests?limit=1').expect(200)).body as DataRequestList;
    expect(first.items.map((i) => i.id)).toEqual([mine[1]]);
    const next = (await api().get(`/api/data-requests?limit=1&cursor=${first.nextCursor}`).expect(200))
      .body as DataRequestList;
    expect(next.items.map((i) => i.id)).toEqual([mine[0]]);
    expect(next.nextCursor).toBeNull();
  });

  it('answers 400 naming the bad parameter', async () => {
    for (const [qs, field] of [
      ['limit=0', 'limit'],
      ['limit=500', 'limit'],
      ['cursor=abc', 'cursor'],
      ['colour=blue', '_'],
    ] as const) {
      const res = await api().get(`/api/data-requests?${qs}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
  });
});

describe('GET /api/data-requests/:id', () => {
  it('downloads the export as JSON (the default), with every section and exact ids', async () => {
    const [id] = await idsOf(demo.id);
    const res = await api().get(`/api/data-requests/${id}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="data-request-${id}.json"`);
    const body = res.body as DataRequestExport;
    expect(body.dataRequest).toMatchObject({ id, customerId: ids.customer, status: 'ready' });
    expect(body.data.customer).toMatchObject({
      id: Number(ids.customer),
      email: ids.email,
      phone: ids.phone,
      first_name: 'Jane',
    });
    expect(Object.keys(body.data).sort()).toEqual([
      'checkouts',
      'consent_events',
      'customer',
      'fulfillments',
      'link_clicks',
      'messages',
      'orders',
      'purchased_products',
      'subscribers',
    ]);
    expect((body.data.orders as Array<{ name: string }>).map((o) => o.name)).toEqual(['#1001']);
    const same = await api().get(`/api/data-requests/${id}?format=json`).expect(200);
    expect(same.body).toEqual(body);
  });

  it('downloads the export as CSV: one line per field of each record', async () => {
    const [id] = await idsOf(demo.id);
    const res = await api().get(`/api/data-requests/${id}?format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="data-request-${id}.csv"`);
    const lines = res.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('section,record,field,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        `customer,1,email,${ids.email}`,
        `customer,1,phone,'${ids.phone}`,
        'orders,1,name,#1001',
      ]),
    );
    // A cell that a spreadsheet would read as a formula (+1415...) is defused with a leading quote; nested
    // values (an order's line items) are one JSON cell, quoted.
    expect(lines.find((l) => l.startsWith('orders,1,line_items,'))).toMatch(/^orders,1,line_items,"\[\{""/);
  });

  it("answers 404 for another shop's request or an unknown id, 400 for a bad id or format", async () => {
    const [theirs] = await idsOf(other.id);
    expect((await api().get(`/api/data-requests/${theirs}`).expect(404)).body.error.code).toBe(
      'data_request_not_found',
    );
    expect((await api().get('/api/data-requests/999999').expect(404)).body.error.code).toBe(
      'data_request_not_found',
    );
    const badId = await api().get('/api/data-requests/abc').expect(400);
    expect(Object.keys(badId.body.error.fields)).toContain('id');
    const [id] = await idsOf(demo.id);
    const badFormat = await api().get(`/api/data-requests/${id}?format=xml`).expect(400);
    expect(badFormat.body.error.fields).toEqual({ format: 'format must be json or csv' });
    const unknown = await api().get(`/api/data-requests/${id}?download=1`).expect(400);
    expect(Object.keys(unknown.body.error.fields)).toContain('_');
  });

  it('a request erased by a later customers/redact is listed as redacted and answers 410', async () => {
    const [id] = await idsOf(demo.id);
    await h.deliver('customers/redact', fixture('customers/redact'), {
      shopId: demo.id,
      shopDomain: demo.domain,
    });
    const list = (await api().get('/api/data-requests').expect(200)).body as DataRequestList;
    expect(list.items.map((i) => i.status)).toEqual(['redacted', 'redacted']);
    // The redact's own bookkeeping row is not a data request.
    expect(list.items).toHaveLength(2);
    const res = await api().get(`/api/data-requests/${id}?format=csv`).expect(410);
    expect(res.body.error.code).toBe('data_request_redacted');
    // The other shop's export is untouched.
    const [theirs] = await idsOf(other.id);
    expect(
      await h.rows(`SELECT export ? 'redacted' AS redacted FROM data_requests WHERE id = $1`, [theirs]),
    ).toEqual([{ redacted: false }]);
  });
});
