// fulfillment_events/create: a carrier tracking event (in transit, out for delivery, delivered,
// ...) on one fulfillment of an order.
import { z } from 'zod';
import { gidSchema, shopifyIdSchema, timestampSchema } from './primitives.js';

export const fulfillmentEventSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema.optional(),
  fulfillment_id: shopifyIdSchema,
  order_id: shopifyIdSchema,
  shop_id: shopifyIdSchema.optional(),
  /** One of shipmentStatuses (fulfillment.ts) in practice; kept open to new carrier states. */
  status: z.string().min(1),
  message: z.string().nullish(),
  happened_at: timestampSchema,
  estimated_delivery_at: timestampSchema.nullish(),
  address1: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  country: z.string().nullish(),
  zip: z.string().nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type FulfillmentEventPayload = z.infer<typeof fulfillmentEventSchema>;
