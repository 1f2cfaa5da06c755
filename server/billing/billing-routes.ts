// /api/billing: the shop's plan and spend this period (GET), subscribing to a plan (POST /billing/subscribe →
// Shopify's confirmation URL), syncing after the merchant returns from it (POST /billing/confirm), and a higher
// capped amount (POST /billing/cap → confirmation URL). Bad bodies are 400 naming the field; raising the cap
// without an active plan is 409.
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { capSchema, confirmSchema, subscribeSchema } from '../contracts/billing.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { getShop } from '../shops/shop-repository.js';
import { AppError } from '../errors.js';
import { billingSummary } from './billing-summary.js';
import { requestCapIncrease, subscribe, syncSubscription } from './billing-service.js';

/** Where Shopify sends the merchant back: the app's Plan & usage page (it syncs with POST /api/billing/confirm). */
async function returnUrlFor(app: AppContext, shopId: string): Promise<string> {
  const shop = await getShop(app.database.db, shopId);
  if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });
  const url = new URL('/billing', app.publicUrl.current());
  url.searchParams.set('shop', shop.domain);
  return url.toString();
}

export function billingRoutes(app: AppContext): Router {
  const router = Router();

  router.get('/billing', async (_req, res) => {
    res.json(await billingSummary(app, shopIdOf(res)));
  });

  router.post('/billing/subscribe', async (req, res) => {
    const shopId = shopIdOf(res);
    const input = parseOrThrow(subscribeSchema, req.body, 'subscription');
    res.json(await subscribe(app, shopId, input, await returnUrlFor(app, shopId)));
  });

  router.post('/billing/confirm', async (req, res) => {
    const shopId = shopIdOf(res);
    parseOrThrow(confirmSchema, req.body ?? {}, 'confirmation');
    await syncSubscription(app, shopId);
    res.json(await billingSummary(app, shopId));
  });

  router.post('/billing/cap', async (req, res) => {
    const shopId = shopIdOf(res);
    const input = parseOrThrow(capSchema, req.body, 'cap');
    res.json(await requestCapIncrease(app, shopId, input));
  });

  return router;
}
