// Message API: GET /api/messages (filters, cursor pages), GET /api/messages/:id (with status
// history), POST /api/messages/test (a test send, rate limited per shop; consent checks are skipped only for
// the shop's own verified test number, see test-phone/), all scoped to the authenticated shop.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import {
  listMessagesQuerySchema,
  messageOnItsWayStatuses,
  sendTestMessageSchema,
  type MessageItem,
  type SendTestMessageResult,
} from '../contracts/messages.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { logger } from '../logger.js';
import { queryableOf } from '../automations/tx-queryable.js';
import { newShopCeilingOf } from './outbox/daily-ceiling.js';
import { enqueueMessages } from './outbox/enqueue.js';
import { getMessage, listMessages } from './outbox/message-queries.js';
import { messageLogSummary } from '../reports/message-summary.js';
import { loadSendingSettings } from './outbox/shop-sending-settings.js';
import { testPhoneRoutes } from './test-phone/test-phone-routes.js';
import { assertTextablePhone, reserveTestSend, testSendRateLimited } from './test-phone/test-send-guards.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a (test) message will not reach the phone: its suppression reason, error or status; null when it is on its way. */
export function notSentReason(
  message: Pick<MessageItem, 'status' | 'suppressedReason' | 'errorCode'>,
): string | null {
  if ((messageOnItsWayStatuses as readonly string[]).includes(message.status)) return null;
  return message.suppressedReason ?? message.errorCode ?? message.status;
}

const notFound = () => new AppError({ code: 'message_not_found', status: 404, message: 'Message not found' });

export function messageRoutes(ctx: AppContext): Router {
  const router = Router();
  const pool = ctx.database.pool;

  router.get('/messages', async (req, res) => {
    const query = parseOrThrow(listMessagesQuerySchema, req.query, 'message filters');
    res.json(await listMessages(pool, shopIdOf(res), query));
  });

  router.use(testPhoneRoutes(ctx));

  router.post('/messages/test', async (req, res) => {
    const shopId = shopIdOf(res);
    const input = parseOrThrow(sendTestMessageSchema, req.body, 'test message');
    assertTextablePhone(input.phone);
    const settings = (await loadSendingSettings(pool, [shopId])).get(shopId);
    const ownTestNumber = settings?.testPhone === input.phone;
    const now = ctx.clock.now();
    const outcome = await ctx.database.db.transaction(async (tx) => {
      const q = queryableOf(tx);
      const slot = await reserveTestSend(q, shopId, now, ctx.config.sendLimits.testSendsPerHour);
      if (!slot.ok) return slot;
      const draft = {
        phone: input.phone,
        kind: input.kind,
        sourceType: 'test',
        body: input.body,
        idempotencyKey: `test:${randomUUID()}`,
        isTest: true,
      };
      const result = await enqueueMessages(q, shopId, [draft], {
        now,
        newShopCeiling: newShopCeilingOf(ctx.config.sendLimits),
      });
      return { ok: true as const, created: result.messages[0] };
    });
    if (!outcome.ok) throw testSendRateLimited(res, outcome);
    const created = outcome.created;
    const message = created ? await getMessage(pool, shopId, created.id) : null;
    if (!message)
      throw new AppError({ code: 'test_not_created', message: 'The test message could not be created' });
    logger.info(
      { shopId, messageId: message.id, isTest: true, ownTestNumber, status: message.status },
      'test message created',
    );
    const { history: _history, ...item } = message;
    const body: SendTestMessageResult = {
      message: {
        id: item.id,
        phone: item.phone,
        status: item.status,
        kind: item.kind,
        sourceType: item.sourceType,
        sourceId: item.sourceId,
        body: item.body,
        segments: item.segments,
        encoding: item.encoding,
        costMicros: item.costMicros,
        isTest: item.isTest,
        createdAt: item.createdAt,
        sentAt: item.sentAt,
        deliveredAt: item.deliveredAt,
        suppressedReason: item.suppressedReason,
        errorCode: item.errorCode,
      },
      ownTestNumber,
      notSentReason: notSentReason(item),
    };
    res.status(202).json(body);
  });

  // Before /messages/:id. The list's filters (cursor and limit are ignored).
  router.get('/messages/summary', async (req, res) => {
    const {
      cursor: _cursor,
      limit: _limit,
      ...filters
    } = parseOrThrow(listMessagesQuerySchema, req.query, 'message filters');
    res.json(await messageLogSummary(pool, shopIdOf(res), filters));
  });

  router.get('/messages/:id', async (req, res) => {
    const id = req.params.id;
    if (!UUID.test(id)) throw notFound();
    const message = await getMessage(pool, shopIdOf(res), id);
    if (!message) throw notFound();
    res.json(message);
  });

  return router;
}
