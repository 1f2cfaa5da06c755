// The checkout payload of checkouts/create and checkouts/update: the source for abandoned-checkout
// messages, including the SMS consent the buyer gave at checkout.
import { z } from 'zod';
import { optionalAddressSchema } from './address.js';
import { customerSchema } from './customer.js';
import { currencyCodeSchema, moneySchema, shopifyIdSchema, timestampSchema } from './primitives.js';

export const checkoutLineItemSchema = z.looseObject({
  /** Line key within the checkout (checkout line items have no numeric id). */
  key: z.string(),
  product_id: shopifyIdSchema.nullable(),
  variant_id: shopifyIdSchema.nullable(),
  title: z.string(),
  variant_title: z.string().nullish(),
  quantity: z.int().nonnegative(),
  price: moneySchema,
  line_price: moneySchema.optional(),
  sku: z.string().nullish(),
  vendor: z.string().nullish(),
});
export type CheckoutLineItem = z.infer<typeof checkoutLineItemSchema>;

export const checkoutSchema = z.looseObject({
  // Present through API 2026-01; removed from checkout webhooks in 2026-04 (use token).
  id: shopifyIdSchema.optional(),
  token: z.string().min(1),
  cart_token: z.string().nullish(),
  email: z.string().nullish(),
  /** Free text contact phone. */
  phone: z.string().nullish(),
  /** The phone the buyer entered when ticking the SMS marketing box at checkout. */
  sms_marketing_phone: z.string().nullish(),
  buyer_accepts_sms_marketing: z.boolean(),
  buyer_accepts_marketing: z.boolean(),
  abandoned_checkout_url: z.url({ error: 'must be a URL' }),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  completed_at: timestampSchema.nullable(),
  closed_at: timestampSchema.nullish(),
  currency: currencyCodeSchema,
  presentment_currency: currencyCodeSchema.optional(),
  customer_locale: z.string().nullish(),
  total_price: moneySchema,
  subtotal_price: moneySchema,
  total_tax: moneySchema,
  total_discounts: moneySchema,
  total_line_items_price: moneySchema.optional(),
  customer: customerSchema.nullish(),
  shipping_address: optionalAddressSchema,
  billing_address: optionalAddressSchema,
  line_items: z.array(checkoutLineItemSchema),
});
export type ShopifyCheckout = z.infer<typeof checkoutSchema>;
