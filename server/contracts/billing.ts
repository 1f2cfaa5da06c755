// /api/billing shapes, shared with the admin UI. Amounts are decimal strings in `currency`.
import { z } from 'zod';

export const planIds = ['free', 'growth', 'scale'] as const;
export type PlanId = (typeof planIds)[number];

export const billingStatuses = [
  'none',
  'pending',
  'active',
  'declined',
  'cancelled',
  'frozen',
  'expired',
] as const;
export type BillingStatus = (typeof billingStatuses)[number];

/** A decimal amount such as "250" or "99.50" (at most 2 decimals, at most 100,000). */
const amountSchema = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,2})?$/, 'must be a decimal amount such as "250" or "99.50"')
  .refine((v) => Number(v) > 0 && Number(v) <= 100_000, 'must be more than 0 and at most 100000');

export const subscribeSchema = z.strictObject({
  plan: z.enum(planIds),
  /** The capped amount per 30 days; the plan's default when absent. */
  cap: amountSchema.optional(),
});
export type SubscribeInput = z.infer<typeof subscribeSchema>;

export const capSchema = z.strictObject({ cap: amountSchema });
export type CapInput = z.infer<typeof capSchema>;

/** Shopify's return to the app after the confirmation page carries ?charge_id=<numeric id>. */
export const confirmSchema = z.strictObject({
  chargeId: z
    .string()
    .regex(/^\d{1,20}$/, 'must be the numeric charge_id')
    .optional(),
});
export type ConfirmInput = z.infer<typeof confirmSchema>;

export interface BillingPlanOption {
  id: PlanId;
  name: string;
  /** Recurring price per 30 days. */
  recurring: string;
  includedSegments: number;
  defaultCap: string;
}

export interface BillingUsageRow {
  segments: number;
  amount: string;
}

export interface BillingSummary {
  plan: PlanId | null;
  status: BillingStatus;
  period: { start: string; end: string } | null;
  /** Charged this period: recorded usage charges and delivered messages not yet recorded. */
  spent: string;
  cap: string;
  currency: string;
  /** spent / cap, 0–100 (rounded down). */
  usedPercent: number;
  /** The highest threshold reached: 75, 90 or 100 (the cap); null below 75%. */
  warning: 75 | 90 | 100 | null;
  includedSegments: number;
  test: boolean;
  provider: 'shopify' | 'simulated';
  byDay: Array<BillingUsageRow & { day: string }>;
  byCountry: Array<BillingUsageRow & { country: string }>;
  plans: BillingPlanOption[];
}

export interface BillingRedirect {
  confirmationUrl: string;
}
