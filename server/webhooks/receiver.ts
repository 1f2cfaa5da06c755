// POST /webhooks/shopify (also /webhooks/shopify/<topic>): the one receiver for every Shopify topic.
// Verifies the HMAC over the raw bytes (verify-webhook.ts: the checks of @shopify/shopify-api's
// webhooks.validate, on node:crypto), stores the delivery in the inbox (once per X-Shopify-Webhook-Id)
// and acknowledges; processors are woken by a coalesced NOTIFY after the response (inbox-notifier.ts).
// Nothing else happens on the request path: the inbox processor validates payloads and runs handlers.
// A storage failure answers 503 so Shopify retries.
// The body is stored verbatim as jsonb: PostgreSQL's JSON parser is the JSON check (not JSON → 400,
// nothing stored), and jsonb numerics keep every digit of 64-bit ids. Parsing it in Node as well
// (decodeWebhookJson, ~240 µs of CPU for a 13 kB order) was the largest cost of the request; the
// processor decodes losslessly with decodeWebhookJson when it reads the row.
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import type { ApiErrorBody } from '../contracts/index.js';
import { assertNever } from '../errors.js';
import { logger } from '../logger.js';
import { createInboxNotifier } from './inbox-notifier.js';
import { insertWebhookEvent, type NewWebhookEvent } from './inbox-repository.js';
import { createInboxWriter } from './inbox-writer.js';
import { verifyShopifyWebhook, type WebhookRejection } from './verify-webhook.js';

export const WEBHOOK_BODY_LIMIT = '5mb';
export const WEBHOOK_PATHS = ['/webhooks/shopify', '/webhooks/shopify/*topic'];

// SQLSTATE 22P02: the body is not JSON (jsonb input). Other data exceptions (class 22), e.g. 22P05 for
// a \u0000 escape jsonb cannot hold, and program limits (class 54), e.g. 54001 for JSON nested deeper
// than the server's stack allows: JSON, but not storable. Retrying cannot help either.
const INVALID_JSON = '22P02';
const DATA_EXCEPTION = /^(22|54)/;
const DUPLICATE_PREPARED_STATEMENT = '42P05';

function sendError(res: Response, status: number, code: string, message: string): void {
  const body: ApiErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

function rejectionMessage(reason: WebhookRejection, missingHeaders: string[]): string {
  switch (reason) {
    case 'missing_headers':
      return `Missing webhook header(s): ${missingHeaders.join(', ')}`;
    case 'invalid_hmac':
      return 'The webhook HMAC does not match the body';
    case 'missing_hmac':
      return 'X-Shopify-Hmac-Sha256 is required';
    case 'missing_body':
      return 'The webhook body is empty';
    default:
      return assertNever(reason, 'webhook rejection');
  }
}

function parseTriggeredAt(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** PostgreSQL's message and detail, e.g. "invalid input syntax for type json (Token "x" is invalid.)". */
function describe(err: unknown): string {
  const { message, detail } = err as { message?: unknown; detail?: unknown };
  return `${String(message)}${typeof detail === 'string' && detail ? ` (${detail})` : ''}`;
}

export function shopifyWebhookReceiver(ctx: AppContext): RequestHandler {
  const { pool } = ctx.database;
  const secret = ctx.config.shopify.apiSecret;
  // The embedded database does not deliver NOTIFY across connections: its processors only poll.
  const notifier = createInboxNotifier(pool, { enabled: !ctx.database.embedded });
  // Named (prepared) inserts, except where connections share one session (PGlite behind a socket,
  // also when reached through DATABASE_URL): there the second connection's PREPARE fails with 42P05,
  // and the receiver switches to unnamed statements for good.
  let prepared = !ctx.database.embedded;
  const storeOne = async (event: NewWebhookEvent) => {
    try {
      return await insertWebhookEvent(pool, event, { prepared });
    } catch (err) {
      if (!prepared || sqlState(err) !== DUPLICATE_PREPARED_STATEMENT) throw err;
      prepared = false;
      logger.info(
        'webhook receiver: connections share prepared statements (embedded database); using unnamed statements',
      );
      return insertWebhookEvent(pool, event, { prepared });
    }
  };
  // Under load, deliveries arriving while inserts are in flight share one multi-row INSERT.
  const writer = createInboxWriter(pool, { single: storeOne, prepared: () => prepared });
  return async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = verifyShopifyWebhook(secret, raw, req.headers);
    if (!result.valid) {
      logger.warn(
        {
          reason: result.reason,
          missing: result.missingHeaders,
          shopDomain: req.get('x-shopify-shop-domain'),
        },
        'webhook rejected',
      );
      return sendError(
        res,
        401,
        `webhook_${result.reason}`,
        rejectionMessage(result.reason, result.missingHeaders ?? []),
      );
    }
    const { topic } = result;
    const log = logger.child({ shopDomain: result.domain, webhookId: result.webhookId, topic });
    const rawBody = raw.toString('utf8');
    let stored: boolean;
    try {
      ({ stored } = await writer.store({
        shopDomain: result.domain,
        topic,
        webhookId: result.webhookId,
        eventId: result.eventId ?? null,
        triggeredAt: parseTriggeredAt(result.triggeredAt),
        apiVersion: result.apiVersion,
        payloadJson: rawBody,
      }));
    } catch (err) {
      const state = sqlState(err);
      if (state === INVALID_JSON) {
        log.warn({ error: describe(err) }, 'webhook rejected: body is not JSON');
        return sendError(res, 400, 'invalid_json', `The webhook body is not valid JSON: ${describe(err)}`);
      }
      if (state && DATA_EXCEPTION.test(state)) {
        log.warn({ error: describe(err) }, 'webhook rejected: the database cannot store this payload');
        return sendError(
          res,
          400,
          'unstorable_payload',
          `The webhook body cannot be stored: ${describe(err)}`,
        );
      }
      log.error({ err }, 'webhook could not be stored: answering 503 so Shopify retries');
      return sendError(res, 503, 'storage_unavailable', 'The webhook could not be stored; retry later');
    }
    if (stored) notifier.notifySoon();
    log.debug(
      { duplicate: !stored },
      stored ? 'webhook stored' : 'webhook already stored (duplicate delivery)',
    );
    res.status(200).json({ received: true, duplicate: !stored });
  };
}

/** Mount before any JSON body parser: the HMAC is computed over the exact bytes received. */
export function shopifyWebhookRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post(
    WEBHOOK_PATHS,
    express.raw({ type: '*/*', limit: WEBHOOK_BODY_LIMIT }),
    shopifyWebhookReceiver(ctx),
  );
  return router;
}
