// Adapters from Shopify webhook payloads to the consent ledger, for the webhook handlers to call in
// their transaction: checkouts and orders carrying buyer_accepts_sms_marketing / sms_marketing_phone,
// and customers_marketing_consent/update.
import type { Tx } from '../db/transaction.js';
import type { WebhookEventContext } from '../webhooks/handler-types.js';
import type { ShopifyCheckout, ShopifyOrder } from '../webhooks/schemas/index.js';
import type { OptInOutcome } from './consent-actions.js';
import {
  applyShopifyConsentChange,
  recordCheckoutOptIn,
  type ShopifyConsentOutcome,
} from './shopify-consent.js';

export interface WebhookMeta {
  topic: string;
  webhookId: string;
  /** X-Shopify-Triggered-At, when known. */
  triggeredAt: Date | null;
  now: Date;
}

export function webhookMeta(
  ctx: Pick<WebhookEventContext, 'topic' | 'webhookId' | 'triggeredAt' | 'app'>,
): WebhookMeta {
  return {
    topic: ctx.topic,
    webhookId: ctx.webhookId,
    triggeredAt: ctx.triggeredAt,
    now: ctx.app.clock.now(),
  };
}

interface ConsentFields {
  buyer_accepts_sms_marketing?: unknown;
  sms_marketing_phone?: unknown;
  phone?: unknown;
}

type WithAddresses = Pick<
  ShopifyCheckout,
  'shipping_address' | 'billing_address' | 'customer' | 'customer_locale'
>;

function countryOf(p: WithAddresses): string | null {
  return (
    p.shipping_address?.country_code ??
    p.billing_address?.country_code ??
    p.customer?.default_address?.country_code ??
    null
  );
}

function smsPhoneOf(fields: ConsentFields): string | null {
  if (fields.buyer_accepts_sms_marketing !== true) return null;
  const phone =
    typeof fields.sms_marketing_phone === 'string' && fields.sms_marketing_phone.trim()
      ? fields.sms_marketing_phone
      : fields.phone;
  return typeof phone === 'string' && phone.trim() ? phone : null;
}

const toBigInt = (id: string | null | undefined): bigint | null =>
  id && /^\d+$/.test(id) ? BigInt(id) : null;

/** A checkout where the buyer ticked the SMS box. Returns null when it carries no SMS consent. */
export async function applyCheckoutSmsConsent(
  tx: Tx,
  shopId: string,
  checkout: ShopifyCheckout,
  meta: WebhookMeta,
): Promise<OptInOutcome | null> {
  const phone = smsPhoneOf(checkout);
  if (!phone) return null;
  return recordCheckoutOptIn(
    tx,
    shopId,
    {
      phone,
      customerId: toBigInt(checkout.customer?.id),
      countryCode: countryOf(checkout),
      locale: checkout.customer_locale ?? null,
      checkoutToken: checkout.token,
      source: 'checkout',
      occurredAt: new Date(checkout.created_at),
      evidence: { webhookTopic: meta.topic, webhookId: meta.webhookId },
    },
    meta.now,
  );
}

/**
 * An order whose checkout collected SMS consent. Orders carry the fields when Shopify includes them
 * (the schema passes unknown fields through); the checkout token links it to the checkout's record.
 */
export async function applyOrderSmsConsent(
  tx: Tx,
  shopId: string,
  order: ShopifyOrder,
  meta: WebhookMeta,
): Promise<OptInOutcome | null> {
  const phone = smsPhoneOf(order as ShopifyOrder & ConsentFields);
  if (!phone) return null;
  return recordCheckoutOptIn(
    tx,
    shopId,
    {
      phone,
      customerId: toBigInt(order.customer?.id),
      countryCode: countryOf(order),
      locale: order.customer_locale ?? null,
      orderId: toBigInt(order.id),
      checkoutToken: order.checkout_token,
      source: 'checkout',
      occurredAt: new Date(order.created_at),
      evidence: { webhookTopic: meta.topic, webhookId: meta.webhookId, orderName: order.name },
    },
    meta.now,
  );
}

/** customers_marketing_consent/update, as parsed by the handler (parseSmsConsentChange). */
export async function applySmsConsentWebhook(
  tx: Tx,
  shopId: string,
  change: {
    customerId: string;
    phone: string | null;
    state: string | null;
    optInLevel: string | null;
    consentUpdatedAt: Date | null;
    collectedFrom: string | null;
  },
  meta: WebhookMeta,
): Promise<ShopifyConsentOutcome> {
  const customerId = toBigInt(change.customerId);
  if (customerId === null) return { kind: 'ignored', reason: 'no_phone' };
  return applyShopifyConsentChange(
    tx,
    shopId,
    { ...change, customerId, receivedAt: meta.triggeredAt ?? meta.now, webhookId: meta.webhookId },
    meta.now,
  );
}
