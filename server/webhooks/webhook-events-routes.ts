// Admin API over the webhook inbox, scoped to the authenticated shop:
//   GET  /api/webhook-events?status=&topic=&cursor=&limit=   newest first, keyset pages
//   GET  /api/webhook-events/:id                             one event with its payload
//   POST /api/webhook-events/:id/replay                      a done/failed event back to pending
import { Router } from 'express';
import type { Db } from '../db/client.js';
import { assertNever, AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import {
  webhookEventIdParamsSchema,
  webhookEventListQuerySchema,
  type WebhookEventDetail,
  type WebhookEventList,
  type WebhookEventSummary,
} from '../contracts/index.js';
import { getWebhookEvent, listWebhookEvents, replayWebhookEvent } from './inbox-admin-repository.js';

const notFound = (id: string) =>
  new AppError({ code: 'webhook_event_not_found', status: 404, message: `Webhook event ${id} not found` });

export function webhookEventsRoutes(db: Db): Router {
  const router = Router();

  router.get('/webhook-events', async (req, res) => {
    const query = parseOrThrow(webhookEventListQuerySchema, req.query, 'query');
    const body: WebhookEventList = await listWebhookEvents(db, shopIdOf(res), query);
    res.json(body);
  });

  router.get('/webhook-events/:id', async (req, res) => {
    const { id } = parseOrThrow(webhookEventIdParamsSchema, req.params, 'webhook event id');
    const event: WebhookEventDetail | null = await getWebhookEvent(db, shopIdOf(res), id);
    if (!event) throw notFound(id);
    res.json(event);
  });

  router.post('/webhook-events/:id/replay', async (req, res) => {
    const { id } = parseOrThrow(webhookEventIdParamsSchema, req.params, 'webhook event id');
    const result = await replayWebhookEvent(db, shopIdOf(res), id);
    switch (result.outcome) {
      case 'replayed': {
        const body: WebhookEventSummary = result.event;
        res.json(body);
        return;
      }
      case 'not_found':
        throw notFound(id);
      case 'not_replayable':
        throw new AppError({
          code: 'webhook_event_not_replayable',
          status: 409,
          message: `Webhook event ${id} is ${result.status}: only done or failed events can be replayed`,
        });
      case 'reinstalled_since':
        throw new AppError({
          code: 'webhook_event_superseded',
          status: 409,
          message: `Webhook event ${id} (${result.topic}) was triggered before the shop's latest install: replaying it would act on the new installation`,
        });
      default:
        assertNever(result, 'replay outcome');
    }
  });

  return router;
}
