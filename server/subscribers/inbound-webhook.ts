// GET|POST /webhooks/messagebird/inbound: texts sent to a shop's number, from MessageBird (and from the
// simulator, which signs the same way). Raw body; verify() is awaited and nothing is stored unless it passes.
// The text goes to the shop the operator assigned the recipient number to (inbound-routing.ts). The
// callback's token is recorded in the processing transaction: a failure answers 503 and leaves no record,
// so MessageBird's retry is processed rather than refused as a replay.
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { isParseError } from '../messaging/providers/types.js';
import { callbackUnavailable, refusedAsReplay, verifiedCallback } from '../messaging/signed-callback.js';
import { routeInboundSms } from './inbound-routing.js';

export const INBOUND_WEBHOOK_PATH = '/webhooks/messagebird/inbound';
const BODY_LIMIT = '64kb';
const log = logger.child({ component: 'inbound-webhook' });

export function inboundWebhookRoutes(ctx: AppContext): Router {
  const router = Router();
  const setup = ctx.providers;

  const handle = async (req: Request, res: Response): Promise<void> => {
    const verified = await verifiedCallback(ctx, setup, req, res, log, 'inbound message');
    if (!verified) return;
    const { request, provider, replayToken } = verified;
    const sms = provider.parseInbound(request);
    if (isParseError(sms)) {
      res.status(400).json({ error: { code: 'invalid_inbound_message', message: sms.reason } });
      return;
    }
    const now = ctx.clock.now();
    const guarded = await setup.replayGuard
      .inTransaction(replayToken, (tx) => routeInboundSms(tx, sms, provider.name, now))
      .catch((err: unknown) => {
        throw callbackUnavailable(err, 'inbound message');
      });
    if (refusedAsReplay(res, log, 'inbound message', guarded)) return;
    const routed = guarded.value;
    if (routed.kind === 'unowned') {
      // Acknowledged (MessageBird would retry forever a number that is not ours any more), never silent.
      const shopIds = routed.applied.map((a) => a.shopId);
      log.warn(
        { to: sms.to, intent: routed.intent, appliedToShops: shopIds },
        'inbound message to a number no shop owns',
      );
      if (shopIds.length === 0) res.status(200).json({ status: 'ignored', reason: 'unknown_recipient' });
      else
        res
          .status(200)
          .json({ status: 'opt_out_applied', reason: 'unknown_recipient', shops: shopIds.length });
      return;
    }
    const { shopId, outcome } = routed;
    if (outcome.kind === 'duplicate') {
      res.status(200).json({ status: 'duplicate' });
      return;
    }
    log.info(
      {
        shopId,
        intent: outcome.intent.kind,
        replyQueued: outcome.replyQueued,
        suppressed: outcome.suppressed,
      },
      'inbound message stored',
    );
    res.status(200).json({
      status: 'stored',
      messageId: outcome.messageId,
      intent: outcome.intent.kind,
      replyQueued: outcome.replyQueued,
    });
  };

  const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
  router.get(INBOUND_WEBHOOK_PATH, raw, handle);
  router.post(INBOUND_WEBHOOK_PATH, raw, handle);
  return router;
}
