// The Order resource sent by orders/create, orders/paid, orders/updated, orders/cancelled and
// orders/fulfilled (all five topics share one payload shape). Only what the app cannot do without is
// required: the id and the created_at / updated_at that order versions. Every other field the app
// reads is optional or nullable with a safe default (below, and in the orders mirror), because
// payloads differ by API version and by where the order came from (online store, POS, draft orders,
// other apps, imports). Fields the app does not read are not described at all: they pass through.
// A field that is present is still type-checked (a wrong type is a bug to see, not data to store).
import { z } from 'zod';
import { optionalAddressSchema } from './address.js';
import { customerSchema } from './customer.js';
import { fulfillmentSchema } from './fulfillment.js';
import { orderLineItemSchema } from './line-item.js';
import {
  currencyCodeSchema,
  moneyBagSchema,
  moneySchema,
  shopifyIdSchema,
  timestampSchema,
  withDefaults,
} from './primitives.js';

/** Known values; read as open text so a status Shopify adds later does not park the order. */
export const financialStatuses = [
  'pending',
  'authorized',
  'partially_paid',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
  'expired',
] as const;
export type FinancialStatus = (typeof financialStatuses)[number];

/** null means unfulfilled. Known values; read as open text. */
export const orderFulfillmentStatuses = ['fulfilled', 'partial', 'restocked'] as const;
export type OrderFulfillmentStatus = (typeof orderFulfillmentStatuses)[number];

/** Known values (not read by the app). */
export const cancelReasons = ['customer', 'declined', 'fraud', 'inventory', 'staff', 'other'] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const discountCodeSchema = z.looseObject({
  code: z.string(),
});

export const refundTransactionSchema = z.looseObject({
  kind: z.string().nullish(),
  status: z.string().nullish(),
  amount: moneySchema.nullish(),
  currency: currencyCodeSchema.nullish(),
});

export const refundSchema = z.looseObject({
  /** Only successful refund transactions count (refundAmountsOf). */
  transactions: z.array(refundTransactionSchema).nullish(),
});
export type ShopifyRefund = z.infer<typeof refundSchema>;

const orderFieldsSchema = z.looseObject({
  id: shopifyIdSchema,
  created_at: timestampSchema,
  /** The order's version: older data never overwrites newer. */
  updated_at: timestampSchema,
  /** Display name such as "#1001"; defaults to "#<order_number>", else "#<id>". */
  name: z.string().nullish(),
  order_number: z.int().nullish(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  /** Free text as entered at checkout; normalise before sending to it. */
  phone: z.string().nullish(),
  cancelled_at: timestampSchema.nullish(),
  closed_at: timestampSchema.nullish(),
  /** Falls back to presentment_currency, total_price_set, then the shop's currency (in the mirror). */
  currency: currencyCodeSchema.nullish(),
  presentment_currency: currencyCodeSchema.nullish(),
  /** Falls back to total_price_set.shop_money, then current_total_price, then "0". */
  total_price: moneySchema.nullish(),
  current_total_price: moneySchema.nullish(),
  subtotal_price: moneySchema.nullish(),
  total_discounts: moneySchema.nullish(),
  total_price_set: moneyBagSchema.nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  /** null for orders without an online checkout (POS, draft orders, imports, other apps). */
  checkout_token: z.string().nullish(),
  /** null for POS orders and some app-created orders: messages then go without the link. */
  order_status_url: z.url({ error: 'must be a URL' }).nullish(),
  customer_locale: z.string().nullish(),
  discount_codes: z.array(discountCodeSchema).nullish(),
  customer: customerSchema.nullish(),
  billing_address: optionalAddressSchema,
  shipping_address: optionalAddressSchema,
  line_items: z.array(orderLineItemSchema).nullish(),
  refunds: z.array(refundSchema).nullish(),
  fulfillments: z.array(fulfillmentSchema).nullish(),
});

export const orderSchema = orderFieldsSchema.transform((order) =>
  withDefaults(order, {
    name: order.name ?? `#${order.order_number ?? order.id}`,
    currency:
      order.currency ?? order.presentment_currency ?? order.total_price_set?.shop_money.currency_code ?? null,
    total_price:
      order.total_price ?? order.total_price_set?.shop_money.amount ?? order.current_total_price ?? '0',
    subtotal_price: order.subtotal_price ?? null,
    total_discounts: order.total_discounts ?? '0',
    financial_status: order.financial_status ?? null,
    fulfillment_status: order.fulfillment_status ?? null,
    checkout_token: order.checkout_token ?? null,
    order_status_url: order.order_status_url ?? null,
    cancelled_at: order.cancelled_at ?? null,
    closed_at: order.closed_at ?? null,
    discount_codes: order.discount_codes ?? [],
    line_items: order.line_items ?? [],
    refunds: order.refunds ?? [],
    fulfillments: order.fulfillments ?? [],
  }),
);
export type ShopifyOrder = z.output<typeof orderSchema>;
