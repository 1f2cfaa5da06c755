// The products a segment's product conditions can name, searched in the shop's order line items (the mirror
// has no catalogue): distinct product id, title, vendor, product type and SKU, most-sold first.
import type pg from 'pg';
import { SEGMENT_PRODUCT_SEARCH_LIMIT, type SegmentProduct } from '../contracts/segment-products.js';

/** `50%_off\` → `50\%\_off\\`: the text matched literally inside ILIKE. */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface ProductRow {
  product_id: string | null;
  title: string;
  vendor: string | null;
  product_type: string | null;
  sku: string | null;
  line_items: number;
}

export async function searchSegmentProducts(
  pool: pg.Pool,
  shopId: string,
  query: string,
): Promise<SegmentProduct[]> {
  const pattern = `%${likeLiteral(query)}%`;
  const { rows } = await pool.query<ProductRow>(
    `SELECT product_id::text AS product_id, title, vendor, product_type, sku, count(*)::int AS line_items
       FROM order_line_items
      WHERE shop_id = $1
        AND ($2 = '' OR title ILIKE $3 OR vendor ILIKE $3 OR product_type ILIKE $3 OR sku ILIKE $3)
      GROUP BY product_id, title, vendor, product_type, sku
      ORDER BY line_items DESC, title, product_id
      LIMIT $4`,
    [shopId, query, pattern, SEGMENT_PRODUCT_SEARCH_LIMIT],
  );
  return rows.map((r) => ({
    productId: r.product_id,
    title: r.title,
    vendor: r.vendor,
    productType: r.product_type,
    sku: r.sku,
    lineItems: r.line_items,
  }));
}
