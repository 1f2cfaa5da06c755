// The contract between the webhook inbox processor and the per-topic handlers.
import type { AppContext } from '../app-context.js';
import type { Tx } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import type { WebhookPayload, WebhookTopic } from './schemas/index.js';

export interface WebhookEventContext {
  /** The transaction the handler runs in; the inbox row is marked done in the same transaction. */
  tx: Tx;
  /** The shop's id, or null when the shop row does not exist (e.g. shop/redact after data deletion). */
  shopId: string | null;
  shopDomain: string;
  topic: WebhookTopic;
  webhookId: string;
  /** X-Shopify-Triggered-At: when Shopify produced the event (for ordering late deliveries). */
  triggeredAt: Date | null;
  log: Logger;
  app: AppContext;
}

/** A handler must be idempotent and tolerate any delivery order. Throwing means "retry later". */
export type WebhookHandler<T extends WebhookTopic> = (ctx: WebhookEventContext, payload: WebhookPayload<T>) => Promise<void>;

export type WebhookHandlers = { [T in WebhookTopic]?: WebhookHandler<T> };
