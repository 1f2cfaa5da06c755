// Mandatory privacy compliance topics: customers/data_request, customers/redact, shop/redact.
// The customer's phone here is free text (Shopify's sample sends "555-625-1199").
import { z } from 'zod';
import { shopifyIdSchema } from './primitives.js';

const complianceCustomerSchema = z.looseObject({
  id: shopifyIdSchema,
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

const shopRefSchema = {
  shop_id: shopifyIdSchema,
  shop_domain: z.string().min(1),
};

export const customersDataRequestSchema = z.looseObject({
  ...shopRefSchema,
  customer: complianceCustomerSchema,
  orders_requested: z.array(shopifyIdSchema),
  data_request: z.looseObject({ id: shopifyIdSchema }),
});
export type CustomersDataRequestPayload = z.infer<typeof customersDataRequestSchema>;

export const customersRedactSchema = z.looseObject({
  ...shopRefSchema,
  customer: complianceCustomerSchema,
  orders_to_redact: z.array(shopifyIdSchema),
});
export type CustomersRedactPayload = z.infer<typeof customersRedactSchema>;

export const shopRedactSchema = z.looseObject(shopRefSchema);
export type ShopRedactPayload = z.infer<typeof shopRedactSchema>;
