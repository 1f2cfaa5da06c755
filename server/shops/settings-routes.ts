// GET/PUT /api/settings: the shop's name, sender ID and timezone. The number that receives the shop's
// replies (smsNumber) is shown but assigned only by the operator (npm run shop:number); a numeric sender ID
// must be that number.
import { Router } from 'express';
import type { Db } from '../db/client.js';
import { AppError, assertNever } from '../errors.js';
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
    const outcome = await updateShopSettings(db, shopIdOf(res), patch);
    if (outcome.ok) {
      res.json(toShopSettings(outcome.shop));
      return;
    }
    switch (outcome.code) {
      case 'shop_not_found':
        throw shopGone();
      case 'sender_id_not_assigned': {
        const message =
          'Sender ID can be a phone number only if it is the number assigned to your shop; use 1–11 letters, digits or spaces otherwise';
        throw new AppError({
          code: 'sender_id_not_assigned',
          status: 400,
          message: `Invalid settings: senderId: ${message}`,
          fields: { senderId: message },
        });
      }
      default:
        assertNever(outcome.code, 'settings update outcome');
    }
  });
  return router;
}
