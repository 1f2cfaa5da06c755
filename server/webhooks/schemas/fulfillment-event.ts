// fulfillment_events/create: a carrier tracking event (in transit, out for delivery, delivered,
// ...) on one fulfillment of an order. Required: the fulfillment and order it is about, its status
// (the event itself) and created_at, when Shopify recorded it (its version against the fulfillment).
import { z } from 'zod';
import { shopifyIdSchema, timestampSchema } from './primitives.js';

export const fulfillmentEventSchema = z.looseObject({
  fulfillment_id: shopifyIdSchema,
  order_id: shopifyIdSchema,
  /** One of shipmentStatuses (fulfillment.ts) in practice; kept open to new carrier states. */
  status: z.string().min(1),
  created_at: timestampSchema,
  id: shopifyIdSchema.optional(),
  shop_id: shopifyIdSchema.optional(),
  happened_at: timestampSchema.nullish(),
  estimated_delivery_at: timestampSchema.nullish(),
});
export type FulfillmentEventPayload = z.infer<typeof fulfillmentEventSchema>;
