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
export type WebhookHandler<T extends WebhookTopic> = (
  ctx: WebhookEventContext,
  payload: WebhookPayload<T>,
) => Promise<void>;

export type WebhookHandlers = { [T in WebhookTopic]?: WebhookHandler<T> };

/** One delivery of a batch: its own context (all share the batch's `tx` and shop) and payload. */
export interface WebhookDelivery<P> {
  ctx: WebhookEventContext;
  payload: P;
}

/**
 * Handles several deliveries of one shop in one transaction, with the outcome of handling them one by
 * one in order. The inbox processor gives it at most one delivery per entity key (a later delivery of
 * the same entity goes into a later transaction), and falls back to the one-by-one handler for each
 * delivery when the batch throws, so a failing event is retried alone.
 */
export interface WebhookBatchHandler<P> {
  /** The mirror entities a delivery writes (e.g. `order:1`, `customer:2`). */
  entityKeys(payload: P): string[];
  handle(tx: Tx, shopId: string, deliveries: ReadonlyArray<WebhookDelivery<P>>): Promise<void>;
}

export type WebhookBatchHandlers = { [T in WebhookTopic]?: WebhookBatchHandler<WebhookPayload<T>> };
