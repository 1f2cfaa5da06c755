// Verifies a Shopify webhook delivery: the same checks, reasons and result fields as
// @shopify/shopify-api's `shopify.webhooks.validate` (lib/webhooks/validate.ts), which the receiver
// tests use as the reference. Done here with node:crypto's synchronous HMAC over the raw bytes because
// the library's WebCrypto path (a key import plus a thread-pool round trip per call) costs ~8x more
// CPU per request and capped ingest well below target (see test/bench/RESULTS.md).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type WebhookRejection = 'missing_body' | 'missing_hmac' | 'invalid_hmac' | 'missing_headers';

export interface VerifiedWebhook {
  valid: true;
  /** webhooks: X-Shopify-* headers; events: the newer shopify-* headers (event id required). */
  webhookType: 'webhooks' | 'events';
  /** As sent (orders/create), not upper-snake-cased as the library reports it. */
  topic: string;
  domain: string;
  apiVersion: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
}

export type WebhookVerification =
  VerifiedWebhook | { valid: false; reason: WebhookRejection; missingHeaders?: string[] };

const HEADERS = {
  webhooks: {
    hmac: 'X-Shopify-Hmac-Sha256',
    topic: 'X-Shopify-Topic',
    domain: 'X-Shopify-Shop-Domain',
    apiVersion: 'X-Shopify-API-Version',
    webhookId: 'X-Shopify-Webhook-Id',
    eventId: 'X-Shopify-Event-Id',
    triggeredAt: 'X-Shopify-Triggered-At',
  },
  events: {
    hmac: 'shopify-hmac-sha256',
    topic: 'shopify-topic',
    domain: 'shopify-shop-domain',
    apiVersion: 'shopify-api-version',
    webhookId: 'shopify-webhook-id',
    eventId: 'shopify-event-id',
    triggeredAt: 'shopify-triggered-at',
  },
} as const;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first : undefined;
}

/** Constant-time comparison of the received base64 HMAC with the body's (as strings, like the library). */
export function hmacMatches(secret: string, rawBody: Buffer, received: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(received);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function verifyShopifyWebhook(
  secret: string,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
): WebhookVerification {
  const webhookType = header(headers, HEADERS.events.hmac) ? 'events' : 'webhooks';
  const names = HEADERS[webhookType];
  if (rawBody.length === 0) return { valid: false, reason: 'missing_body' };
  const hmac = header(headers, names.hmac);
  if (!hmac) return { valid: false, reason: 'missing_hmac' };
  if (!hmacMatches(secret, rawBody, hmac)) return { valid: false, reason: 'invalid_hmac' };

  const required =
    webhookType === 'events'
      ? (['topic', 'domain', 'apiVersion', 'webhookId', 'eventId'] as const)
      : (['topic', 'domain', 'apiVersion', 'webhookId'] as const);
  const missingHeaders = required.filter((key) => !header(headers, names[key])).map((key) => names[key]);
  if (missingHeaders.length > 0) return { valid: false, reason: 'missing_headers', missingHeaders };
  const eventId = header(headers, names.eventId);
  const triggeredAt = header(headers, names.triggeredAt);
  return {
    valid: true,
    webhookType,
    topic: header(headers, names.topic)!,
    domain: header(headers, names.domain)!,
    apiVersion: header(headers, names.apiVersion)!,
    webhookId: header(headers, names.webhookId)!,
    ...(eventId ? { eventId } : {}),
    ...(triggeredAt ? { triggeredAt } : {}),
  };
}
