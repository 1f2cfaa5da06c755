// app/uninstalled: Shopify sends the Shop resource of the shop that removed the app.
import { z } from 'zod';
import { currencyCodeSchema, shopifyIdSchema, timestampSchema } from './primitives.js';

export const shopSchema = z.looseObject({
  id: shopifyIdSchema,
  name: z.string(),
  email: z.string().nullish(),
  customer_email: z.string().nullish(),
  /** Primary domain; null in Shopify's sample. */
  domain: z.string().nullable(),
  /** The *.myshopify.com domain; null in Shopify's sample, so key shops on the header instead. */
  myshopify_domain: z.string().nullish(),
  country_code: z.string().nullish(),
  currency: currencyCodeSchema.nullish(),
  timezone: z.string().nullish(),
  iana_timezone: z.string().nullish(),
  plan_name: z.string().nullish(),
  shop_owner: z.string().nullish(),
  phone: z.string().nullish(),
  marketing_sms_consent_enabled_at_checkout: z.boolean().optional(),
  transactional_sms_disabled: z.boolean().optional(),
  created_at: timestampSchema.nullish(),
  updated_at: timestampSchema.nullish(),
});
export type ShopPayload = z.infer<typeof shopSchema>;
