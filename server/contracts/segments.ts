// Segment definitions: a JSON rule tree of AND / OR / NOT groups over conditions, shared by the API and the
// admin UI. Limits: depth ≤ 5, ≤ 50 conditions; a violation names the path of the bad node. Dates are a
// calendar date (YYYY-MM-DD, midnight UTC) or an ISO 8601 date-time with offset, or relative: { daysAgo: n }.
import { z } from 'zod';
import { automationFlowKeys } from './automations.js';

export const SEGMENT_MAX_DEPTH = 5;
export const SEGMENT_MAX_CONDITIONS = 50;
/** Raw JSON nesting refused before the schema walks it (a definition at its limits nests about 20 levels). */
const RAW_MAX_NESTING = 40;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date (2024-02-30 is not) or an ISO date-time with offset. */
export function isSegmentDate(s: string): boolean {
  if (ISO_DATE.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }
  if (!ISO_DATE_TIME.test(s)) return false;
  const day = s.slice(0, 10);
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && !Number.isNaN(Date.parse(s));
}

const dateString = z
  .string()
  .refine(isSegmentDate, 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset');
export const relativeDateSchema = z.strictObject({ daysAgo: z.int().min(0).max(36_500) });
export const dateValueSchema = z.union([dateString, relativeDateSchema]);
export type DateValue = z.infer<typeof dateValueSchema>;

/** A date range; "in the last N days" is { from: { daysAgo: N } }, "more than N days ago" is { to: { daysAgo: N } }. */
export const windowSchema = z
  .strictObject({ from: dateValueSchema.optional(), to: dateValueSchema.optional() })
  .refine((w) => w.from !== undefined || w.to !== undefined, 'a window needs from, to or both');
export type SegmentWindow = z.infer<typeof windowSchema>;

const count = z.int().min(0).max(10_000_000);
const money = z
  .number()
  .min(0)
  .max(1_000_000_000)
  .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), 'must have at most 2 decimals');

function numberComparison<T extends z.ZodType<number>>(value: T) {
  return z.discriminatedUnion('op', [
    z.strictObject({ op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']), value }),
    z
      .strictObject({ op: z.literal('between'), value: z.tuple([value, value]) })
      .refine((c) => (c.value[0] as number) <= (c.value[1] as number), {
        message: 'the lower bound must not exceed the upper bound',
        path: ['value'],
      }),
    z.strictObject({ op: z.enum(['in', 'not_in']), values: z.array(value).min(1).max(100) }),
    z.strictObject({ op: z.literal('is_set') }),
  ]);
}
export const countComparisonSchema = numberComparison(count);
export const moneyComparisonSchema = numberComparison(money);
export type NumberComparison = z.infer<typeof countComparisonSchema>;

export const dateComparisonSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.enum(['lt', 'lte', 'gt', 'gte']), value: dateValueSchema }),
  z.strictObject({ op: z.literal('between'), value: z.tuple([dateValueSchema, dateValueSchema]) }),
  z.strictObject({ op: z.literal('is_set') }),
]);
export type DateComparison = z.infer<typeof dateComparisonSchema>;

function textComparison<T extends z.ZodType<string>>(value: T) {
  return z.discriminatedUnion('op', [
    z.strictObject({ op: z.enum(['eq', 'ne']), value }),
    z.strictObject({ op: z.enum(['in', 'not_in']), values: z.array(value).min(1).max(100) }),
    z.strictObject({ op: z.literal('is_set') }),
  ]);
}
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US');
const shortText = z.string().trim().min(1).max(255);
export const textComparisonSchema = textComparison(shortText);
export type TextComparison = z.infer<typeof textComparisonSchema>;

export const consentSources = [
  'checkout',
  'thank_you_page',
  'keyword',
  'admin',
  'import',
  'shopify_sync',
  'demo_seed',
] as const;
export const rfmGroups = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'needs_attention',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
export type RfmGroup = (typeof rfmGroups)[number];
export const productTargets = ['product', 'variant', 'sku', 'vendor', 'product_type'] as const;
export type ProductTarget = (typeof productTargets)[number];

const window = { window: windowSchema.optional() };

/** Every condition (leaf) kind, with what it compares. Order metrics exclude cancelled orders. */
export const segmentConditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('order_count'), ...window, compare: countComparisonSchema }),
  z.strictObject({ kind: z.literal('total_spent'), ...window, compare: moneyComparisonSchema }),
  z.strictObject({ kind: z.literal('average_order_value'), ...window, compare: moneyComparisonSchema }),
  z.strictObject({ kind: z.literal('first_order_date'), ...window, compare: dateComparisonSchema }),
  z.strictObject({ kind: z.literal('last_order_date'), ...window, compare: dateComparisonSchema }),
  z
    .strictObject({
      kind: z.literal('products'),
      target: z.enum(productTargets),
      match: z.enum(['any', 'all', 'none']),
      values: z.array(shortText).min(1).max(100),
      ...window,
    })
    .superRefine((c, ctx) => {
      if (c.target !== 'product' && c.target !== 'variant') return;
      c.values.forEach((v, i) => {
        if (!/^[1-9]\d{0,17}$/.test(v))
          ctx.addIssue({
            code: 'custom',
            path: ['values', i],
            message: `must be a Shopify ${c.target} id (digits)`,
          });
      });
    }),
  z.strictObject({ kind: z.literal('discount_code'), code: shortText.optional(), ...window }),
  z.strictObject({ kind: z.literal('abandoned_checkout'), ...window }),
  z.strictObject({ kind: z.literal('customer_tags'), compare: textComparisonSchema }),
  z.strictObject({ kind: z.literal('customer_country'), compare: textComparison(countryCode) }),
  z.strictObject({ kind: z.literal('customer_province'), compare: textComparisonSchema }),
  z.strictObject({ kind: z.literal('customer_locale'), compare: textComparisonSchema }),
  z.strictObject({ kind: z.literal('customer_created_date'), compare: dateComparisonSchema }),
  z.strictObject({ kind: z.literal('consent_source'), compare: textComparison(z.enum(consentSources)) }),
  z.strictObject({ kind: z.literal('subscribed_date'), compare: dateComparisonSchema }),
  z.strictObject({ kind: z.literal('phone_country'), compare: textComparison(countryCode) }),
  z.strictObject({
    kind: z.literal('received_message'),
    flow: z.enum(automationFlowKeys).optional(),
    ...window,
  }),
  z.strictObject({ kind: z.literal('clicked'), days: z.int().min(1).max(3650) }),
  z.strictObject({ kind: z.literal('not_clicked'), days: z.int().min(1).max(3650) }),
  z.strictObject({ kind: z.literal('rfm'), groups: z.array(z.enum(rfmGroups)).min(1).max(rfmGroups.length) }),
  /** Customers with orders whose total spent is in the top `percent` % of the shop's (ties included). */
  z.strictObject({ kind: z.literal('top_spenders'), percent: z.int().min(1).max(100) }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;
export type SegmentConditionKind = SegmentCondition['kind'];

export type SegmentGroup =
  { kind: 'and' | 'or'; conditions: SegmentNode[] } | { kind: 'not'; condition: SegmentNode };
export type SegmentNode = SegmentGroup | SegmentCondition;

const nodeSchema: z.ZodType<SegmentNode> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.enum(['and', 'or']),
      conditions: z.array(nodeSchema).min(1).max(SEGMENT_MAX_CONDITIONS),
    }),
    z.strictObject({ kind: z.literal('not'), condition: nodeSchema }),
    segmentConditionSchema,
  ]),
);

function rawNesting(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d);
    if (max > RAW_MAX_NESTING) return max;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

/** Visits every node with its path (relative to the definition) and depth (root = 1). */
export function walkSegment(
  node: SegmentNode,
  visit: (node: SegmentNode, path: Array<string | number>, depth: number) => void,
): void {
  const go = (n: SegmentNode, path: Array<string | number>, depth: number): void => {
    visit(n, path, depth);
    if (n.kind === 'and' || n.kind === 'or')
      n.conditions.forEach((c, i) => go(c, [...path, 'conditions', i], depth + 1));
    else if (n.kind === 'not') go(n.condition, [...path, 'condition'], depth + 1);
  };
  go(node, [], 1);
}

const isGroup = (n: SegmentNode): n is SegmentGroup =>
  n.kind === 'and' || n.kind === 'or' || n.kind === 'not';

export const segmentDefinitionSchema: z.ZodType<SegmentNode> = z
  .unknown()
  .check((ctx) => {
    if (rawNesting(ctx.value) > RAW_MAX_NESTING) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `nests deeper than ${SEGMENT_MAX_DEPTH} levels`,
      });
    }
  })
  .pipe(nodeSchema)
  .superRefine((root, ctx) => {
    let conditions = 0;
    let depthReported = false;
    walkSegment(root, (node, path, depth) => {
      if (depth > SEGMENT_MAX_DEPTH && !depthReported) {
        depthReported = true;
        ctx.addIssue({
          code: 'custom',
          path,
          message: `is nested ${depth} levels deep; at most ${SEGMENT_MAX_DEPTH} are allowed`,
        });
      }
      if (!isGroup(node)) {
        conditions++;
        if (conditions === SEGMENT_MAX_CONDITIONS + 1) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `is condition ${conditions}; at most ${SEGMENT_MAX_CONDITIONS} are allowed`,
          });
        }
      }
    });
  });

export const segmentPreviewRequestSchema = z.strictObject({ definition: segmentDefinitionSchema });
export type SegmentPreviewRequest = z.infer<typeof segmentPreviewRequestSchema>;

export const segmentTemplateKeys = [
  'best_customers',
  'repeat_buyers',
  'first_time_buyers',
  'inactive_90_days',
  'at_risk',
  'new_subscribers_without_order',
  'abandoned_checkout_7_days',
  'vip',
  'bought_x_not_y',
] as const;
export type SegmentTemplateKey = (typeof segmentTemplateKeys)[number];

export const segmentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  templateKey: z.enum(segmentTemplateKeys).nullish(),
  definition: segmentDefinitionSchema,
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

export const segmentIdSchema = z.uuid('must be a segment id');

/** A segment member as the preview shows it (phone masked: country code and last two digits). */
export interface SegmentMember {
  customerId: string;
  name: string | null;
  phone: string | null;
  orders: number;
  totalSpent: string;
  lastOrderAt: string | null;
}

export interface SegmentCounts {
  /** Customers matching the definition. */
  customers: number;
  /** Distinct phones among them with confirmed SMS marketing consent, a valid mobile number, not suppressed. */
  reachable: number;
}

export interface SegmentPreview extends SegmentCounts {
  sample: SegmentMember[];
  tookMs: number;
}

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  templateKey: SegmentTemplateKey | null;
  definition: SegmentNode;
  /** Counts when last computed (on save); null if that timed out. */
  lastCounts: (SegmentCounts & { computedAt: string }) | null;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentList {
  items: Segment[];
}

export interface SegmentTemplate {
  key: SegmentTemplateKey;
  name: string;
  description: string;
  definition: SegmentNode;
  /** Paths (in the definition) the merchant must fill in before saving a copy, e.g. the products of "bought X but not Y". */
  toFill: string[];
}

export interface SegmentTemplateList {
  items: SegmentTemplate[];
}
