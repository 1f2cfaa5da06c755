// The Fulfillment resource: fulfillments/create, fulfillments/update, and the entries of an
// order's fulfillments array. Tracking fields are what shipping notifications are built from.
import { z } from 'zod';
import { optionalAddressSchema } from './address.js';
import { orderLineItemSchema } from './line-item.js';
import { gidSchema, shopifyIdSchema, timestampSchema } from './primitives.js';

export const fulfillmentStatuses = ['pending', 'open', 'success', 'cancelled', 'error', 'failure'] as const;
export type FulfillmentStatus = (typeof fulfillmentStatuses)[number];

/**
 * Carrier-reported delivery states (REST spellings of FulfillmentEventStatus), used by
 * fulfillment.shipment_status and fulfillment_event.status. Validated as open strings so a new
 * state added by Shopify does not make a whole fulfillment webhook unreadable.
 */
export const shipmentStatuses = [
  'label_printed',
  'label_purchased',
  'attempted_delivery',
  'ready_for_pickup',
  'picked_up',
  'confirmed',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'failure',
  'carrier_picked_up',
  'delayed',
] as const;
export type KnownShipmentStatus = (typeof shipmentStatuses)[number];

export const isKnownShipmentStatus = (value: string): value is KnownShipmentStatus =>
  (shipmentStatuses as readonly string[]).includes(value);

export const fulfillmentSchema = z.looseObject({
  id: shopifyIdSchema,
  admin_graphql_api_id: gidSchema.optional(),
  order_id: shopifyIdSchema,
  name: z.string().optional(),
  status: z.enum(fulfillmentStatuses),
  shipment_status: z.string().nullable(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  location_id: shopifyIdSchema.nullish(),
  service: z.string().nullish(),
  email: z.string().nullish(),
  tracking_company: z.string().nullable(),
  tracking_number: z.string().nullable(),
  tracking_numbers: z.array(z.string()),
  tracking_url: z.string().nullable(),
  tracking_urls: z.array(z.string()),
  destination: optionalAddressSchema,
  line_items: z.array(orderLineItemSchema),
});
export type ShopifyFulfillment = z.infer<typeof fulfillmentSchema>;
