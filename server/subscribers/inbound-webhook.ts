// GET|POST /webhooks/messagebird/inbound: texts sent to the shop's number, from MessageBird (and from
// the simulator, which signs the same way). Raw body; verify() is awaited and nothing is stored unless
// it passes. The shop is the one whose settings.smsNumber is the recipient (local mode: the demo shop).
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import { DEMO_SHOP_DOMAIN } from '../local/demo-shop.js';
import { logger } from '../logger.js';
import { providerSetupFor } from '../messaging/provider-setup.js';
import { isParseError } from '../messaging/providers/types.js';
import { verifiedCallback } from '../messaging/signed-callback.js';
import { findShopByDomain } from '../shops/shop-repository.js';
import { handleInboundSms } from './inbound-handler.js';
import { findShopBySmsNumber } from './subscriber-repository.js';

export const INBOUND_WEBHOOK_PATH = '/webhooks/messagebird/inbound';
const BODY_LIMIT = '64kb';
const log = logger.child({ component: 'inbound-webhook' });

export function inboundWebhookRoutes(ctx: AppContext): Router {
  const router = Router();
  const setup = providerSetupFor(ctx);
  const db = ctx.database.db;

  async function shopFor(to: string): Promise<string | null> {
    const shop = await findShopBySmsNumber(db, to);
    if (shop) return shop.id;
    if (ctx.config.mode === 'local') return (await findShopByDomain(db, DEMO_SHOP_DOMAIN))?.id ?? null;
    return null;
  }

  const handle = async (req: Request, res: Response): Promise<void> => {
    const verified = await verifiedCallback(ctx, setup, req, res, log, 'inbound message');
    if (!verified) return;
    const { request, provider } = verified;
    const sms = provider.parseInbound(request);
    if (isParseError(sms)) {
      res.status(400).json({ error: { code: 'invalid_inbound_message', message: sms.reason } });
      return;
    }
    const shopId = await shopFor(sms.to);
    if (!shopId) {
      // Acknowledge: MessageBird would retry forever a number that is simply not ours (any more).
      log.warn({ to: sms.to }, 'inbound message to a number no shop uses: ignored');
      res.status(200).json({ status: 'ignored', reason: 'unknown_recipient' });
      return;
    }
    const outcome = await handleInboundSms(db, shopId, sms, provider.name, ctx.clock.now());
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
    res
      .status(200)
      .json({
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
