// GET /api/segments/products?query=: the segment builder's product picker, over the shop's own order line
// items. Mounted before segmentRoutes so "products" is not taken for a segment id.
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { segmentProductSearchSchema, type SegmentProductList } from '../contracts/segment-products.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { searchSegmentProducts } from './product-search.js';

export function segmentProductRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/segments/products', async (req, res) => {
    const { query } = parseOrThrow(segmentProductSearchSchema, { ...req.query }, 'product search');
    const body: SegmentProductList = {
      items: await searchSegmentProducts(ctx.database.pool, shopIdOf(res), query),
    };
    res.json(body);
  });
  return router;
}
