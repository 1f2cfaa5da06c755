// Mandatory privacy compliance topics: customers/data_request, customers/redact, shop/redact.
// Required: the customer's id and, for a data request, the request's id (a redelivery refreshes the
// same export). The shop comes from the X-Shopify-Shop-Domain header, so shop_id and shop_domain are
// optional; the order lists default to none. The customer's phone is free text (Shopify's sample
// sends "555-625-1199").
import { z } from 'zod';
import { shopifyIdSchema } from './primitives.js';

const complianceCustomerSchema = z.looseObject({
  id: shopifyIdSchema,
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

const shopRefSchema = {
  shop_id: shopifyIdSchema.nullish(),
  shop_domain: z.string().min(1).nullish(),
};

const orderIdsSchema = z
  .array(shopifyIdSchema)
  .nullish()
  .transform((ids) => ids ?? []);

export const customersDataRequestSchema = z.looseObject({
  ...shopRefSchema,
  customer: complianceCustomerSchema,
  orders_requested: orderIdsSchema,
  data_request: z.looseObject({ id: shopifyIdSchema }),
});
export type CustomersDataRequestPayload = z.output<typeof customersDataRequestSchema>;

export const customersRedactSchema = z.looseObject({
  ...shopRefSchema,
  customer: complianceCustomerSchema,
  orders_to_redact: orderIdsSchema,
});
export type CustomersRedactPayload = z.output<typeof customersRedactSchema>;

export const shopRedactSchema = z.looseObject(shopRefSchema);
export type ShopRedactPayload = z.output<typeof shopRedactSchema>;
