// The Order resource sent by orders/create, orders/paid, orders/updated, orders/cancelled and
// orders/fulfilled (all five topics share one payload shape). Validates what the app reads:
// identity, customer contact, money totals, status fields, line items, refunds, fulfillments.
import { z } from 'zod';
import { optionalAddressSchema } from './address.js';
import { customerSchema } from './customer.js';
import { fulfillmentSchema } from './fulfillment.js';
import { orderLineItemSchema } from './line-item.js';
import {
  currencyCodeSchema,
  gidSchema,
  moneyBagSchema,
  moneySchema,
  shopifyIdSchema,
  timestampSchema,
} from './primitives.js';

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

/** null means unfulfilled. */
export const orderFulfillmentStatuses = ['fulfilled', 'partial', 'restocked'] as const;
export type OrderFulfillmentStatus = (typeof orderFulfillmentStatuses)[number];

export const cancelReasons = ['customer', 'declined', 'fraud', 'inventory', 'staff', 'other'] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const discountCodeSchema = z.looseObject({
  code: z.string(),
  amount: moneySchema,
  type: z.string(),
});

export const refundTransactionSchema = z.looseObject({
  id: shopifyIdSchema,
  kind: z.string(),
  status: z.string(),
  amount: moneySchema,
  currency: currencyCodeSchema.nullish(),
});

export const refundLineItemSchema = z.looseObject({
  id: shopifyIdSchema,
  line_item_id: shopifyIdSchema,
  quantity: z.int().nonnegative(),
  restock_type: z.string().nullish(),
});

export const refundSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema.optional(),
  order_id: shopifyIdSchema,
  created_at: timestampSchema,
  processed_at: timestampSchema.nullish(),
  note: z.string().nullish(),
  refund_line_items: z.array(refundLineItemSchema).optional(),
  transactions: z.array(refundTransactionSchema).optional(),
});
export type ShopifyRefund = z.infer<typeof refundSchema>;

export const orderSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema,
  /** Display name such as "#1001". */
  name: z.string(),
  order_number: z.int().optional(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  /** Free text as entered at checkout; normalise before sending to it. */
  phone: z.string().nullish(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  processed_at: timestampSchema.nullish(),
  cancelled_at: timestampSchema.nullable(),
  closed_at: timestampSchema.nullable(),
  cancel_reason: z.enum(cancelReasons).nullable(),
  currency: currencyCodeSchema,
  presentment_currency: currencyCodeSchema,
  total_price: moneySchema,
  subtotal_price: moneySchema,
  total_discounts: moneySchema,
  total_tax: moneySchema,
  total_line_items_price: moneySchema.optional(),
  total_price_set: moneyBagSchema.optional(),
  financial_status: z.enum(financialStatuses).nullable(),
  fulfillment_status: z.enum(orderFulfillmentStatuses).nullable(),
  checkout_id: shopifyIdSchema.nullish(),
  checkout_token: z.string().nullable(),
  cart_token: z.string().nullish(),
  token: z.string(),
  buyer_accepts_marketing: z.boolean(),
  order_status_url: z.url({ error: 'must be a URL' }),
  customer_locale: z.string().nullish(),
  source_name: z.string().nullish(),
  tags: z.string().optional(),
  test: z.boolean().optional(),
  discount_codes: z.array(discountCodeSchema),
  customer: customerSchema.nullish(),
  billing_address: optionalAddressSchema,
  shipping_address: optionalAddressSchema,
  line_items: z.array(orderLineItemSchema),
  refunds: z.array(refundSchema).optional(),
  fulfillments: z.array(fulfillmentSchema).optional(),
});
export type ShopifyOrder = z.infer<typeof orderSchema>;
