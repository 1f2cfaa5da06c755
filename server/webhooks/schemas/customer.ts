// The Customer resource as sent by customers/create and customers/update, and embedded in order
// and checkout payloads; plus the id-only customers/delete payload.
import { z } from 'zod';
import { customerAddressSchema } from './address.js';
import { emailMarketingConsentSchema, smsMarketingConsentSchema } from './consent.js';
import {
  currencyCodeSchema,
  e164PhoneSchema,
  gidSchema,
  shopifyIdSchema,
  timestampSchema,
} from './primitives.js';

export const customerSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema.optional(),
  email: z.string().nullish(),
  /** Shopify stores customer phones in E.164. */
  phone: e164PhoneSchema.nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  /** Account state: disabled (guest), invited, enabled or declined. */
  state: z.string().optional(),
  note: z.string().nullish(),
  verified_email: z.boolean().optional(),
  currency: currencyCodeSchema.nullish(),
  // Embedded customers in order/checkout payloads carry null timestamps in Shopify's samples.
  created_at: timestampSchema.nullish(),
  updated_at: timestampSchema.nullish(),
  default_address: customerAddressSchema.nullish(),
  addresses: z.array(customerAddressSchema).optional(),
  // Removed from webhook payloads as of API 2025-01 (see the customers_marketing_consent/update,
  // customers_email_marketing_consent/update and customer.tags_* topics); accepted when present
  // so payloads serialised for older API versions still validate.
  tags: z.string().nullish(),
  sms_marketing_consent: smsMarketingConsentSchema.nullish(),
  email_marketing_consent: emailMarketingConsentSchema.nullish(),
});
export type ShopifyCustomer = z.infer<typeof customerSchema>;

/** customers/delete sends only the id (plus tax_exemptions and the gid). */
export const customerDeleteSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema.optional(),
});
export type CustomerDeletePayload = z.infer<typeof customerDeleteSchema>;
