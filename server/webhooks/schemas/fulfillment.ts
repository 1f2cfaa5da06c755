// The Fulfillment resource: fulfillments/create, fulfillments/update, and the entries of an
// order's fulfillments array. Tracking fields are what shipping notifications are built from.
import { z } from 'zod';
import { optionalAddressSchema } from './address.js';
import { orderLineItemSchema } from './line-item.js';
import { shopifyIdSchema, timestampSchema, withDefaults } from './primitives.js';

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

/**
 * Required: the id, the order it belongs to and updated_at (its version). Tracking, status and items
 * default to "not known yet" (a later fulfillments/update or carrier event fills them in).
 */
export const fulfillmentSchema = z
  .looseObject({
    id: shopifyIdSchema,
    order_id: shopifyIdSchema,
    updated_at: timestampSchema,
    created_at: timestampSchema.nullish(),
    /** One of fulfillmentStatuses in practice; open text so a new status does not park the event. */
    status: z.string().nullish(),
    shipment_status: z.string().nullish(),
    tracking_company: z.string().nullish(),
    tracking_number: z.string().nullish(),
    tracking_numbers: z.array(z.string()).nullish(),
    tracking_url: z.string().nullish(),
    tracking_urls: z.array(z.string()).nullish(),
    destination: optionalAddressSchema,
    line_items: z.array(orderLineItemSchema).nullish(),
  })
  .transform((f) =>
    withDefaults(f, {
      created_at: f.created_at ?? null,
      status: f.status ?? null,
      shipment_status: f.shipment_status ?? null,
      tracking_company: f.tracking_company ?? null,
      tracking_number: f.tracking_number ?? null,
      tracking_numbers: f.tracking_numbers ?? [],
      tracking_url: f.tracking_url ?? null,
      tracking_urls: f.tracking_urls ?? [],
      line_items: f.line_items ?? [],
    }),
  );
export type ShopifyFulfillment = z.output<typeof fulfillmentSchema>;
