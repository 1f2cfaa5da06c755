// Translates Shopify webhook payloads into the store mirror's records (server/store/). The handlers
// only translate and call the store's one upsert per entity.
import type { CheckoutRecord } from '../../store/checkouts.js';
import type { CustomerRecord } from '../../store/customers.js';
import type { FulfillmentRecord } from '../../store/fulfillments.js';
import type { LineItemRecord, OrderRecord, RefundAmount } from '../../store/orders.js';
import { distinct } from '../../store/sql.js';
import type { ShopifyCheckout, ShopifyCustomer, ShopifyFulfillment, ShopifyOrder } from '../schemas/index.js';

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function splitTags(tags: string): string[] {
  return distinct(
    tags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0),
  );
}

/** `triggeredAt`: the delivery's X-Shopify-Triggered-At (null when unknown). */
export function customerRecordFrom(customer: ShopifyCustomer, triggeredAt: Date | null): CustomerRecord {
  const address =
    customer.default_address ??
    customer.addresses?.find((a) => a.default === true) ??
    customer.addresses?.[0] ??
    null;
  return {
    id: customer.id,
    first_name: customer.first_name ?? null,
    last_name: customer.last_name ?? null,
    email: customer.email ?? null,
    phone: customer.phone ?? null,
    country_code: address?.country_code ?? null,
    province_code: address?.province_code ?? null,
    zip: address?.zip ?? null,
    tags: customer.tags === undefined || customer.tags === null ? null : splitTags(customer.tags),
    sms_consent_state: customer.sms_marketing_consent?.state ?? null,
    shopify_created_at: customer.created_at ?? null,
    shopify_updated_at: customer.updated_at ?? null,
    source_triggered_at: iso(triggeredAt),
  };
}

/** Successful refund transactions of the order (what was actually paid back). */
export function refundAmountsOf(order: ShopifyOrder): RefundAmount[] {
  return (order.refunds ?? []).flatMap((refund) =>
    (refund.transactions ?? []).flatMap((t) =>
      t.kind === 'refund' && t.status === 'success' && t.amount
        ? [{ amount: t.amount, currency: t.currency ?? null }]
        : [],
    ),
  );
}

export function orderRecordFrom(order: ShopifyOrder, triggeredAt: Date | null): OrderRecord {
  return {
    id: order.id,
    customer_id: order.customer?.id ?? null,
    name: order.name,
    email: order.email ?? order.contact_email ?? null,
    phone: order.phone ?? null,
    checkout_token: order.checkout_token,
    currency: order.currency,
    total_price: order.total_price,
    subtotal_price: order.subtotal_price,
    total_discounts: order.total_discounts,
    refunded_amount: null,
    refunds: refundAmountsOf(order),
    presentment_total: order.total_price_set?.presentment_money.amount ?? null,
    discount_codes: order.discount_codes.map((d) => d.code),
    financial_status: order.financial_status,
    fulfillment_status: order.fulfillment_status,
    order_status_url: order.order_status_url,
    shopify_created_at: order.created_at,
    shopify_updated_at: order.updated_at,
    source_triggered_at: iso(triggeredAt),
    cancelled_at: order.cancelled_at,
    closed_at: order.closed_at,
  };
}

/** The order's line items, one per id (product_type is absent from webhooks: a known one is kept). */
export function lineItemRecordsOf(order: ShopifyOrder): LineItemRecord[] {
  const byId = new Map<string, LineItemRecord>();
  for (const li of order.line_items) {
    byId.set(li.id, {
      id: li.id,
      order_id: order.id,
      product_id: li.product_id,
      variant_id: li.variant_id,
      title: li.title,
      vendor: li.vendor ?? null,
      product_type: null,
      sku: li.sku,
      quantity: li.quantity,
      price: li.price,
    });
  }
  return [...byId.values()];
}

export function checkoutRecordFrom(checkout: ShopifyCheckout, triggeredAt: Date | null): CheckoutRecord {
  const address =
    checkout.shipping_address ?? checkout.billing_address ?? checkout.customer?.default_address ?? null;
  return {
    token: checkout.token,
    checkoutId: checkout.id ?? null,
    customerId: checkout.customer?.id ?? null,
    email: checkout.email ?? null,
    phone: checkout.phone ?? null,
    smsMarketingPhone: checkout.sms_marketing_phone ?? null,
    buyerAcceptsSmsMarketing: checkout.buyer_accepts_sms_marketing ?? null,
    abandonedCheckoutUrl: checkout.abandoned_checkout_url ?? null,
    totalPrice: checkout.total_price ?? null,
    currency: checkout.currency ?? null,
    countryCode: address?.country_code ?? null,
    provinceCode: address?.province_code ?? null,
    zip: address?.zip ?? null,
    completedAt: checkout.completed_at ?? null,
    createdAt: checkout.created_at ?? null,
    updatedAt: checkout.updated_at ?? null,
    triggeredAt,
  };
}

export function fulfillmentRecordFrom(f: ShopifyFulfillment): FulfillmentRecord {
  const numbers =
    f.tracking_numbers.length > 0 ? f.tracking_numbers : f.tracking_number ? [f.tracking_number] : [];
  const urls = f.tracking_urls.length > 0 ? f.tracking_urls : f.tracking_url ? [f.tracking_url] : [];
  return {
    id: f.id,
    order_id: f.order_id,
    status: f.status,
    shipment_status: f.shipment_status,
    tracking_company: f.tracking_company,
    tracking_numbers: numbers,
    tracking_urls: urls,
    item_count: f.line_items.reduce((n, li) => n + li.quantity, 0),
    shopify_created_at: f.created_at,
    shopify_updated_at: f.updated_at,
  };
}
