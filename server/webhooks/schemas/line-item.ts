// Order line items: shared by order payloads and the line_items of fulfillments. Webhook line
// items carry no product_type; product_id and variant_id are null for custom items (draft orders,
// POS custom sales) and for products deleted since the order was placed. Only the id (the line's
// key in the mirror) is required; what else the mirror reads defaults safely.
import { z } from 'zod';
import { moneySchema, shopifyIdSchema, withDefaults } from './primitives.js';

const quantitySchema = z.int().nonnegative();

export const orderLineItemSchema = z
  .looseObject({
    id: shopifyIdSchema,
    product_id: shopifyIdSchema.nullish(),
    variant_id: shopifyIdSchema.nullish(),
    title: z.string().nullish(),
    name: z.string().nullish(),
    quantity: quantitySchema.nullish(),
    price: moneySchema.nullish(),
    vendor: z.string().nullish(),
    sku: z.string().nullish(),
  })
  .transform((li) =>
    withDefaults(li, {
      product_id: li.product_id ?? null,
      variant_id: li.variant_id ?? null,
      title: li.title ?? li.name ?? '',
      quantity: li.quantity ?? 0,
      price: li.price ?? '0',
      vendor: li.vendor ?? null,
      sku: li.sku || null,
    }),
  );
export type OrderLineItem = z.output<typeof orderLineItemSchema>;
