// Order line items: shared by order payloads and the line_items of fulfillments. Webhook line
// items carry no product_type; product_id and variant_id are null for custom items and for
// products deleted since the order was placed.
import { z } from 'zod';
import { gidSchema, moneyBagSchema, moneySchema, shopifyIdSchema } from './primitives.js';

const quantitySchema = z.int().nonnegative();

export const orderLineItemSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema.optional(),
  product_id: shopifyIdSchema.nullable(),
  variant_id: shopifyIdSchema.nullable(),
  title: z.string(),
  name: z.string().optional(),
  variant_title: z.string().nullish(),
  quantity: quantitySchema,
  current_quantity: quantitySchema.optional(),
  fulfillable_quantity: quantitySchema.optional(),
  price: moneySchema,
  price_set: moneyBagSchema.optional(),
  total_discount: moneySchema.optional(),
  sku: z.string().nullish(),
  vendor: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  requires_shipping: z.boolean().optional(),
  gift_card: z.boolean().optional(),
  product_exists: z.boolean().optional(),
});
export type OrderLineItem = z.infer<typeof orderLineItemSchema>;
