// zod schemas for the segments API's responses, checked against the contract's types. A definition in a
// response is checked for its shape only (a group or a condition object): a template's definition may hold
// blanks the merchant fills in (its toFill paths), which the strict definition schema would refuse.
import { z } from 'zod';
import {
  segmentTemplateKeys,
  type Segment,
  type SegmentList,
  type SegmentNode,
  type SegmentPreview,
  type SegmentProductList,
  type SegmentTemplateList,
} from '../../../server/contracts/index.js';

const nodeSchema = z.custom<SegmentNode>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string',
  'not a segment definition',
);

const countsSchema = z.object({ customers: z.number(), reachable: z.number() });

export const segmentSchema: z.ZodType<Segment> = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  templateKey: z.enum(segmentTemplateKeys).nullable(),
  definition: nodeSchema,
  lastCounts: countsSchema.extend({ computedAt: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const segmentListSchema: z.ZodType<SegmentList> = z.object({ items: z.array(segmentSchema) });

export const segmentTemplateListSchema: z.ZodType<SegmentTemplateList> = z.object({
  items: z.array(
    z.object({
      key: z.enum(segmentTemplateKeys),
      name: z.string(),
      description: z.string(),
      definition: nodeSchema,
      toFill: z.array(z.string()),
    }),
  ),
});

export const segmentPreviewSchema: z.ZodType<SegmentPreview> = countsSchema.extend({
  sample: z.array(
    z.object({
      customerId: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      orders: z.number(),
      totalSpent: z.string(),
      lastOrderAt: z.string().nullable(),
    }),
  ),
  tookMs: z.number(),
});

export const segmentProductListSchema: z.ZodType<SegmentProductList> = z.object({
  items: z.array(
    z.object({
      productId: z.string().nullable(),
      title: z.string(),
      vendor: z.string().nullable(),
      productType: z.string().nullable(),
      sku: z.string().nullable(),
      lineItems: z.number(),
    }),
  ),
});

/** DELETE answers 204 with no body. */
export const noContentSchema = z.undefined();
