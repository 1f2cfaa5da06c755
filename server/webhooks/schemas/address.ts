// Mailing addresses as they appear in Shopify webhook payloads (billing_address, shipping_address,
// fulfillment destination, customer default_address). Every field is optional text: buyers leave
// lines blank and Shopify sends null for them.
import { z } from 'zod';
import { countryCodeSchema, freeTextPhoneSchema, shopifyIdSchema } from './primitives.js';

export const addressSchema = z.looseObject({
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  name: z.string().nullish(),
  company: z.string().nullish(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  province_code: z.string().nullish(),
  country: z.string().nullish(),
  country_code: countryCodeSchema.nullish(),
  zip: z.string().nullish(),
  phone: freeTextPhoneSchema.nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
});
export type ShopifyAddress = z.infer<typeof addressSchema>;

/** A customer's saved address: the mailing fields plus its own id and owner. */
export const customerAddressSchema = addressSchema.extend({
  id: shopifyIdSchema.nullish(),
  customer_id: shopifyIdSchema.nullish(),
  country_name: z.string().nullish(),
  default: z.boolean().optional(),
});
export type ShopifyCustomerAddress = z.infer<typeof customerAddressSchema>;

/**
 * An address field that may be absent or null. Checkout webhooks have been observed sending an
 * empty array ("shipping_address": []) before the buyer enters an address; that is read as null.
 */
export const optionalAddressSchema = z.preprocess(
  (value) => (Array.isArray(value) && value.length === 0 ? null : value),
  addressSchema.nullish(),
);
