// GET /api/segments/products?query=: what the segment builder's product pickers search. The products come from
// the mirror of the shop's orders (order line items), since the app keeps no product catalogue: one row per
// distinct product, title, vendor, product type and SKU sold, most-sold first.
import { z } from 'zod';

export const SEGMENT_PRODUCT_SEARCH_LIMIT = 25;

export const segmentProductSearchSchema = z.strictObject({
  /** Matched (case-insensitively, anywhere) against title, vendor, product type and SKU; empty lists the best sellers. */
  query: z.string().trim().max(100, 'must be at most 100 characters').default(''),
});
export type SegmentProductSearch = z.infer<typeof segmentProductSearchSchema>;

export interface SegmentProduct {
  /** Shopify product id (digits); null for a line item without a product (a custom item). */
  productId: string | null;
  title: string;
  vendor: string | null;
  productType: string | null;
  sku: string | null;
  /** Line items of the shop's orders carrying it. */
  lineItems: number;
}

export interface SegmentProductList {
  items: SegmentProduct[];
}
