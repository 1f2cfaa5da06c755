// GET /api/segments/products on a real database (local mode: the admin API acts as the demo shop): distinct
// products of the shop's own order line items, searched by title, vendor, product type or SKU, most-sold
// first, never another shop's; LIKE wildcards in the query match literally; bad queries are a 400.
import request from 'supertest';
import type { SegmentProductList } from '../../../server/contracts/index.js';
import { SEGMENT_PRODUCT_SEARCH_LIMIT } from '../../../server/contracts/index.js';
import { startHarness, type Harness } from '../webhooks/handlers-support.js';

let h: Harness;
const api = () => request(h.app.url!);

interface Line {
  product: number | null;
  title: string;
  vendor?: string;
  type?: string;
  sku?: string;
}

let nextId = 1;
async function order(shopId: string, lines: Line[]): Promise<void> {
  const orderId = nextId++;
  await h.rows(
    `INSERT INTO orders (shop_id, id, name, currency, total_price, shopify_created_at, shopify_updated_at)
     VALUES ($1, $2, $3, 'USD', '10.00', now(), now())`,
    [shopId, orderId, `#${orderId}`],
  );
  for (const l of lines) {
    await h.rows(
      `INSERT INTO order_line_items (shop_id, id, order_id, product_id, title, vendor, product_type, sku, quantity, price)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, '10.00')`,
      [shopId, nextId++, orderId, l.product, l.title, l.vendor ?? null, l.type ?? null, l.sku ?? null],
    );
  }
}

const search = async (query?: string): Promise<SegmentProductList> => {
  const res = await api()
    .get('/api/segments/products')
    .query(query === undefined ? {} : { query })
    .expect(200);
  return res.body as SegmentProductList;
};
const titles = (list: SegmentProductList) => list.items.map((i) => i.title);

const tee: Line = {
  product: 101,
  title: 'Organic Cotton Tee',
  vendor: 'Northwind',
  type: 'T-Shirts',
  sku: 'TEE-1',
};
const socks: Line = {
  product: 102,
  title: 'Merino Socks',
  vendor: 'Northwind',
  type: 'Socks',
  sku: 'SOCK-1',
};
const tote: Line = { product: 103, title: '50%_off Tote', vendor: 'Harbor', type: 'Bags' };
const custom: Line = { product: null, title: 'Gift wrapping' };

beforeAll(async () => {
  h = await startHarness();
  const demo = await h.createShop('demo.myshopify.com');
  const other = await h.createShop();
  await order(demo.id, [tee, socks]);
  await order(demo.id, [tee, tote]);
  await order(demo.id, [tee, custom]);
  await order(other.id, [{ product: 901, title: 'Other Shop Tee', vendor: 'Northwind', sku: 'TEE-9' }]);
});
afterAll(() => h?.stop());

describe('GET /api/segments/products', () => {
  it('lists the shop’s distinct products most-sold first, with ids, vendor, type, SKU and line-item counts', async () => {
    const list = await search();
    expect(list.items[0]).toEqual({
      productId: '101',
      title: 'Organic Cotton Tee',
      vendor: 'Northwind',
      productType: 'T-Shirts',
      sku: 'TEE-1',
      lineItems: 3,
    });
    expect(titles(list).sort()).toEqual([
      '50%_off Tote',
      'Gift wrapping',
      'Merino Socks',
      'Organic Cotton Tee',
    ]);
    expect(list.items.find((i) => i.title === 'Gift wrapping')).toMatchObject({
      productId: null,
      vendor: null,
    });
  });

  it('searches title, vendor, product type and SKU case-insensitively, never another shop’s products', async () => {
    expect(titles(await search('tee'))).toEqual(['Organic Cotton Tee']);
    expect(titles(await search('NORTHWIND')).sort()).toEqual(['Merino Socks', 'Organic Cotton Tee']);
    expect(titles(await search('bags'))).toEqual(['50%_off Tote']);
    expect(titles(await search('sock-1'))).toEqual(['Merino Socks']);
    expect(titles(await search('Other Shop'))).toEqual([]);
    expect(titles(await search('TEE-9'))).toEqual([]);
  });

  it('matches % and _ literally', async () => {
    expect(titles(await search('%'))).toEqual(['50%_off Tote']);
    expect(titles(await search('_'))).toEqual(['50%_off Tote']);
    expect(titles(await search('50%_'))).toEqual(['50%_off Tote']);
  });

  it(`returns at most ${SEGMENT_PRODUCT_SEARCH_LIMIT} products`, async () => {
    const shop = await h.one<{ id: string }>(`SELECT id FROM shops WHERE domain = 'demo.myshopify.com'`);
    await order(
      shop.id,
      Array.from({ length: SEGMENT_PRODUCT_SEARCH_LIMIT + 5 }, (_, i) => ({
        product: 2000 + i,
        title: `Bulk ${i}`,
      })),
    );
    expect((await search('bulk')).items).toHaveLength(SEGMENT_PRODUCT_SEARCH_LIMIT);
  });

  it('answers 400 naming the query for a query too long or given twice, and for unknown parameters', async () => {
    const long = await api()
      .get('/api/segments/products')
      .query({ query: 'x'.repeat(101) })
      .expect(400);
    expect(long.body.error.fields).toEqual({ query: 'must be at most 100 characters' });
    const twice = await api().get('/api/segments/products?query=a&query=b').expect(400);
    expect(Object.keys(twice.body.error.fields)).toEqual(['query']);
    const unknown = await api().get('/api/segments/products?q=tee').expect(400);
    expect(unknown.body.error.message).toMatch(/Unknown field\(s\): q/);
  });
});
