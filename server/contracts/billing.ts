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

const planOptionSchema = z.object({
  id: z.enum(planIds),
  name: z.string(),
  /** Recurring price per 30 days. */
  recurring: z.string(),
  includedSegments: z.number(),
  defaultCap: z.string(),
});
export type BillingPlanOption = z.infer<typeof planOptionSchema>;

const usageRowSchema = { segments: z.number(), amount: z.string() };

/**
 * The warning levels, in percent of the spending cap (or of the no-plan allowance) used: below the last one a
 * warning, at the last one the cap is reached (marketing held back). The one definition: the server's warning
 * and the admin's banner read it; the banner shows the percent actually used (usedPercent), never a level.
 */
export const billingWarningLevels = [75, 90, 100] as const;
export type BillingWarningLevel = (typeof billingWarningLevels)[number];
/** The level at which the cap (or the no-plan allowance) is reached. */
export const BILLING_CAP_REACHED: BillingWarningLevel = billingWarningLevels[billingWarningLevels.length - 1];

export const billingSummarySchema = z.object({
  plan: z.enum(planIds).nullable(),
  status: z.enum(billingStatuses),
  period: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** Charged this period: recorded usage charges and delivered messages not yet recorded. */
  spent: z.string(),
  cap: z.string(),
  currency: z.string(),
  /** spent / cap, 0-100 (rounded down). */
  usedPercent: z.number(),
  /** The highest of billingWarningLevels that usedPercent reached (the last: the cap); null below the first. */
  warning: z.literal(billingWarningLevels).nullable(),
  includedSegments: z.number(),
  /**
   * A shop that never chose a plan: the SMS segments it may send per 30 days and those sent or on their way this
   * period (usedPercent and warning follow them; marketing beyond them is held back). null: on a plan, or not limited.
   */
  noPlanAllowance: z.object({ segments: z.number(), used: z.number() }).nullable(),
  test: z.boolean(),
  provider: z.enum(['shopify', 'simulated']),
  byDay: z.array(z.object({ day: z.string(), ...usageRowSchema })),
  byCountry: z.array(z.object({ country: z.string(), ...usageRowSchema })),
  plans: z.array(planOptionSchema),
});
export type BillingSummary = z.infer<typeof billingSummarySchema>;

export const billingRedirectSchema = z.object({ confirmationUrl: z.string() });
export type BillingRedirect = z.infer<typeof billingRedirectSchema>;
