// GET/PUT /api/settings: the shop's name, sender ID and timezone.
import { Router } from 'express';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { updateShopSettingsSchema } from '../contracts/index.js';
import { getShop, toShopSettings, updateShopSettings } from './shop-repository.js';

const shopGone = () => new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });

export function settingsRoutes(db: Db): Router {
  const router = Router();
  router.get('/settings', async (_req, res) => {
    const shop = await getShop(db, shopIdOf(res));
    if (!shop) throw shopGone();
    res.json(toShopSettings(shop));
  });
  router.put('/settings', async (req, res) => {
    const patch = parseOrThrow(updateShopSettingsSchema, req.body, 'settings');
    const shop = await updateShopSettings(db, shopIdOf(res), patch);
    if (!shop) throw shopGone();
    res.json(toShopSettings(shop));
  });
  return router;
}
