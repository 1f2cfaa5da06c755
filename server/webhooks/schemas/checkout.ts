// The checkout payload of checkouts/create and checkouts/update: the source for abandoned-checkout
// messages, including the SMS consent the buyer gave at checkout. Required: the token (the checkout's
// key) and updated_at (its version); everything else the app reads defaults safely (no consent, no
// recovery link, unknown total), and fields it does not read are not described (they pass through).
import { z } from 'zod';
import { optionalAddressSchema } from './address.js';
import { customerSchema } from './customer.js';
import {
  currencyCodeSchema,
  moneySchema,
  shopifyIdSchema,
  timestampSchema,
  withDefaults,
} from './primitives.js';

export const checkoutSchema = z
  .looseObject({
    token: z.string().min(1),
    updated_at: timestampSchema,
    /** Defaults to updated_at. */
    created_at: timestampSchema.nullish(),
    // Present through API 2026-01; removed from checkout webhooks in 2026-04 (use token).
    id: shopifyIdSchema.nullish(),
    email: z.string().nullish(),
    /** Free text contact phone. */
    phone: z.string().nullish(),
    /** The phone the buyer entered when ticking the SMS marketing box at checkout. */
    sms_marketing_phone: z.string().nullish(),
    buyer_accepts_sms_marketing: z.boolean().nullish(),
    abandoned_checkout_url: z.url({ error: 'must be a URL' }).nullish(),
    completed_at: timestampSchema.nullish(),
    currency: currencyCodeSchema.nullish(),
    customer_locale: z.string().nullish(),
    total_price: moneySchema.nullish(),
    customer: customerSchema.nullish(),
    shipping_address: optionalAddressSchema,
    billing_address: optionalAddressSchema,
  })
  .transform((c) =>
    withDefaults(c, {
      created_at: c.created_at ?? c.updated_at,
      id: c.id ?? undefined,
      buyer_accepts_sms_marketing: c.buyer_accepts_sms_marketing ?? false,
      abandoned_checkout_url: c.abandoned_checkout_url ?? null,
      completed_at: c.completed_at ?? null,
      currency: c.currency ?? null,
      total_price: c.total_price ?? null,
    }),
  );
export type ShopifyCheckout = z.output<typeof checkoutSchema>;
