// GET /api/sync: progress of the shop's latest backfill. POST /api/sync: start one (202), or 409 with
// the current progress when one is still going.
import { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { assertNever } from '../../errors.js';
import { shopIdOf } from '../../http/admin-auth.js';
import { getSyncStatus, requestSync } from './sync-service.js';

export function syncRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/sync', async (_req, res) => {
    res.json(await getSyncStatus(ctx, shopIdOf(res)));
  });
  router.post('/sync', async (_req, res) => {
    const result = await requestSync(ctx, shopIdOf(res));
    switch (result.kind) {
      case 'started':
        return void res.status(202).json(result.status);
      case 'already_running':
        return void res.status(409).json({
          error: { code: 'sync_in_progress', message: 'A sync is already running for this shop' },
          ...result.status,
        });
      default:
        return assertNever(result, 'sync request result');
    }
  });
  return router;
}
