// Signs a webhook the way Shopify does: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw
// request body, keyed with the app's client secret. Used by `npm run webhook`, tests and the benchmark.
import { createHmac, randomUUID } from 'node:crypto';

export interface SignShopifyWebhookInput {
  /** The app's client secret (SHOPIFY_API_SECRET). */
  secret: string;
  /** e.g. orders/create */
  topic: string;
  /** e.g. demo.myshopify.com */
  shopDomain: string;
  /** The exact bytes that will be sent. */
  body: string | Buffer;
  /** e.g. 2025-10 */
  apiVersion: string;
  /** Defaults to a random UUID (a new delivery). */
  webhookId?: string;
  /** Defaults to a random UUID. */
  eventId?: string;
  /** Defaults to now. */
  triggeredAt?: Date;
}

/** Base64 HMAC-SHA256 of the body, as in X-Shopify-Hmac-Sha256. */
export function shopifyWebhookHmac(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** The headers Shopify sends with a webhook delivery of `body`. */
export function signShopifyWebhook(input: SignShopifyWebhookInput): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopify-Hmac-Sha256': shopifyWebhookHmac(input.secret, input.body),
    'X-Shopify-Topic': input.topic,
    'X-Shopify-Shop-Domain': input.shopDomain,
    'X-Shopify-API-Version': input.apiVersion,
    'X-Shopify-Webhook-Id': input.webhookId ?? randomUUID(),
    'X-Shopify-Event-Id': input.eventId ?? randomUUID(),
    'X-Shopify-Triggered-At': (input.triggeredAt ?? new Date()).toISOString(),
  };
}
