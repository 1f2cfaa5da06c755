// Parses bulk-operation JSONL lines (GraphQL shapes, validated with zod) into mirror records. Child
// lines (an order's line items) carry `__parentId`, the parent's gid.
import { z } from 'zod';
import type { CustomerRecord, LineItemRecord, OrderRecord } from '../../store/index.js';

const gid = (type: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+`), `must be a ${type} gid`);
const money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string().optional() }) });

/** The numeric id of a gid such as gid://shopify/Order/123 (query strings dropped). */
export function gidToId(value: string): string {
  const m = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)/.exec(value);
  if (!m) throw new Error(`Not a Shopify gid: ${value}`);
  return m[1]!;
}

/** The resource type of a gid (Customer, Order, LineItem, ...), or null. */
export function gidType(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(value);
  return m ? m[1]! : null;
}

export const bulkCustomerSchema = z.looseObject({
  id: gid('Customer'),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  defaultEmailAddress: z.object({ emailAddress: z.string().nullish() }).nullish(),
  defaultPhoneNumber: z.object({ phoneNumber: z.string().nullish() }).nullish(),
  defaultAddress: z
    .object({
      countryCodeV2: z.string().nullish(),
      provinceCode: z.string().nullish(),
      zip: z.string().nullish(),
    })
    .nullish(),
  tags: z.array(z.string()).nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  smsMarketingConsent: z
    .object({
      marketingState: z.string(),
      marketingOptInLevel: z.string().nullish(),
      consentUpdatedAt: z.string().nullish(),
    })
    .nullish(),
});

export function customerRecordFromBulk(value: unknown): CustomerRecord {
  const c = bulkCustomerSchema.parse(value);
  return {
    id: gidToId(c.id),
    first_name: c.firstName ?? null,
    last_name: c.lastName ?? null,
    email: c.defaultEmailAddress?.emailAddress ?? null,
    phone: c.defaultPhoneNumber?.phoneNumber ?? null,
    country_code: c.defaultAddress?.countryCodeV2 ?? null,
    province_code: c.defaultAddress?.provinceCode ?? null,
    zip: c.defaultAddress?.zip ?? null,
    tags: c.tags ?? [],
    // The webhook mirror stores REST spellings (subscribed, not_subscribed, ...).
    sms_consent_state: c.smsMarketingConsent ? c.smsMarketingConsent.marketingState.toLowerCase() : null,
    shopify_created_at: c.createdAt,
    shopify_updated_at: c.updatedAt,
    // Bulk data has no X-Shopify-Triggered-At: it wins ties (see notOlderThanStored).
    source_triggered_at: null,
  };
}

export const bulkOrderSchema = z.looseObject({
  id: gid('Order'),
  name: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  customer: z.object({ id: gid('Customer') }).nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullish(),
  closedAt: z.string().nullish(),
  currencyCode: z.string(),
  totalPriceSet: money,
  subtotalPriceSet: money.nullish(),
  totalDiscountsSet: money.nullish(),
  totalRefundedSet: money.nullish(),
  discountCodes: z.array(z.string()).nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string().nullish(),
  statusPageUrl: z.string().nullish(),
});

/** An order row from a bulk result (the store's OrderRecord: the refunded amount comes summed). */
export type BulkOrderRecord = OrderRecord;

export function orderRecordFromBulk(value: unknown): BulkOrderRecord {
  const o = bulkOrderSchema.parse(value);
  return {
    id: gidToId(o.id),
    customer_id: o.customer ? gidToId(o.customer.id) : null,
    name: o.name,
    email: o.email ?? null,
    phone: o.phone ?? null,
    checkout_token: null,
    currency: o.currencyCode,
    total_price: o.totalPriceSet.shopMoney.amount,
    subtotal_price: o.subtotalPriceSet?.shopMoney.amount ?? null,
    total_discounts: o.totalDiscountsSet?.shopMoney.amount ?? '0',
    refunded_amount: o.totalRefundedSet?.shopMoney.amount ?? '0',
    refunds: [],
    presentment_total: null,
    discount_codes: o.discountCodes ?? [],
    // The webhook mirror stores REST spellings (paid, partially_refunded, fulfilled, ...).
    financial_status: o.displayFinancialStatus?.toLowerCase() ?? null,
    fulfillment_status: o.displayFulfillmentStatus?.toLowerCase() ?? null,
    order_status_url: o.statusPageUrl ?? null,
    shopify_created_at: o.createdAt,
    shopify_updated_at: o.updatedAt,
    source_triggered_at: null,
    cancelled_at: o.cancelledAt ?? null,
    closed_at: o.closedAt ?? null,
  };
}

export const bulkLineItemSchema = z.looseObject({
  id: gid('LineItem'),
  __parentId: gid('Order'),
  title: z.string(),
  quantity: z.number().int(),
  vendor: z.string().nullish(),
  sku: z.string().nullish(),
  originalUnitPriceSet: money,
  product: z
    .object({ id: gid('Product'), productType: z.string().nullish(), vendor: z.string().nullish() })
    .nullish(),
  variant: z.object({ id: gid('ProductVariant') }).nullish(),
});

export type BulkLineItemRecord = LineItemRecord;

export function lineItemRecordFromBulk(value: unknown): BulkLineItemRecord {
  const li = bulkLineItemSchema.parse(value);
  return {
    id: gidToId(li.id),
    order_id: gidToId(li.__parentId),
    product_id: li.product ? gidToId(li.product.id) : null,
    variant_id: li.variant ? gidToId(li.variant.id) : null,
    title: li.title,
    vendor: li.vendor ?? li.product?.vendor ?? null,
    product_type: li.product?.productType || null,
    sku: li.sku || null,
    quantity: li.quantity,
    price: li.originalUnitPriceSet.shopMoney.amount,
  };
}
