// app/uninstalled: Shopify sends the Shop resource of the shop that removed the app. The handler
// reads nothing from it (the shop is the X-Shopify-Shop-Domain header, the time X-Shopify-Triggered-At),
// so no field is required; the ones described are type-checked when present.
import { z } from 'zod';
import { shopifyIdSchema, timestampSchema } from './primitives.js';

export const shopSchema = z.looseObject({
  id: shopifyIdSchema.nullish(),
  name: z.string().nullish(),
  /** Primary domain; null in Shopify's sample. */
  domain: z.string().nullish(),
  /** The *.myshopify.com domain; null in Shopify's sample, so key shops on the header instead. */
  myshopify_domain: z.string().nullish(),
  updated_at: timestampSchema.nullish(),
});
export type ShopPayload = z.infer<typeof shopSchema>;
