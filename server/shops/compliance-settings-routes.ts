// GET|PUT /api/settings/compliance: the shop's compliance and sending settings; GET
// /api/settings/compliance/audit: who changed what, newest first. The reply number is read-only here.
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { updateComplianceSettingsSchema, type SettingsAuditList } from '../contracts/compliance.js';
import { AppError, assertNever } from '../errors.js';
import { actorOf, shopIdOf } from '../http/admin-auth.js';
import { logger } from '../logger.js';
import { parseOrThrow } from '../http/validation.js';
import { queueCheckoutDisclosurePush } from './checkout-disclosure-metafield.js';
import { getComplianceSettings, listSettingsAudit, updateComplianceSettings } from './compliance-settings.js';
import { shopWindowProblem } from './legal-quiet-hours.js';

const shopGone = () => new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });

export function complianceSettingsRoutes(ctx: AppContext): Router {
  const router = Router();
  const db = ctx.database.db;

  router.get('/settings/compliance', async (_req, res) => {
    const settings = await getComplianceSettings(db, shopIdOf(res));
    if (!settings) throw shopGone();
    res.json(settings);
  });

  router.get('/settings/compliance/audit', async (_req, res) => {
    const body: SettingsAuditList = { entries: await listSettingsAudit(db, shopIdOf(res)) };
    res.json(body);
  });

  router.put('/settings/compliance', async (req, res) => {
    const patch = parseOrThrow(updateComplianceSettingsSchema, req.body, 'compliance settings');
    if (patch.quietHours) {
      const problem = shopWindowProblem(patch.quietHours);
      if (problem) {
        const field = `quietHours.${problem.field}`;
        throw new AppError({
          code: 'validation_failed',
          status: 400,
          message: `Invalid compliance settings: ${field}: ${problem.message}`,
          fields: { [field]: problem.message },
        });
      }
    }
    const shopId = shopIdOf(res);
    const outcome = await updateComplianceSettings(db, shopId, patch, {
      actor: actorOf(res),
      now: ctx.clock.now(),
    });
    if (outcome.ok) {
      // The checkout extension reads the disclosure from a shop metafield: push the saved text to Shopify.
      // The save stands whatever happens to the push (it is retried by its job).
      if (outcome.changed.includes('consentDisclosure')) {
        await queueCheckoutDisclosurePush(ctx, shopId).catch((err: unknown) =>
          logger.error({ err, shopId }, 'could not queue the checkout disclosure metafield update'),
        );
      }
      return void res.json(outcome.settings);
    }
    switch (outcome.code) {
      case 'shop_not_found':
        throw shopGone();
      default:
        assertNever(outcome.code, 'compliance settings outcome');
    }
  });

  return router;
}
