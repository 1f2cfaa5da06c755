// POST|GET /webhooks/messagebird/status: delivery reports from MessageBird (and from the
// simulator, which signs them the same way). Raw body, so the signature (which covers the exact
// URL and body) can be checked: nothing is stored unless verify() passes. Reports are mapped to
// our messages by reference (our id) or by (provider message id, recipient) and applied
// idempotently and monotonically (outbox/status-apply.ts).
import express, { Router, type Request } from 'express';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { applyStatusReports } from './outbox/status-apply.js';
import { STATUS_WEBHOOK_PATH } from './provider-setup.js';
import { isParseError } from './providers/types.js';
import { callbackUnavailable, refusedAsReplay, verifiedCallback } from './signed-callback.js';

const log = logger.child({ component: 'status-webhook' });
const BODY_LIMIT = '64kb';

export function statusWebhookRoutes(ctx: AppContext): Router {
  const router = Router();
  const setup = ctx.providers;
  const handle = async (req: Request, res: express.Response): Promise<void> => {
    const verified = await verifiedCallback(ctx, setup, req, res, log, 'status callback');
    if (!verified) return;
    const { request, provider, replayToken } = verified;
    const reports = provider.parseStatusCallback(request);
    if (isParseError(reports)) {
      res.status(400).json({ error: { code: 'invalid_status_report', message: reports.reason } });
      return;
    }
    // The token is recorded in the transaction that applies the reports: a failure leaves no record (503, retried).
    const guarded = await setup.replayGuard
      .inClientTransaction(replayToken, (client) => applyStatusReports(client, reports, provider.name))
      .catch((err: unknown) => {
        throw callbackUnavailable(err, 'status report');
      });
    if (refusedAsReplay(res, log, 'status callback', guarded)) return;
    const summary = guarded.value;
    if (summary.unmatched > 0) log.warn({ ...summary }, 'status report for an unknown message');
    res.status(200).json(summary);
  };
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
  router.get(STATUS_WEBHOOK_PATH, raw, handle);
  router.post(STATUS_WEBHOOK_PATH, raw, handle);
  return router;
}
