// Automations API shapes (GET /api/automations, GET/PUT /api/automations/:flow, POST .../analyze, POST .../test,
// PUT /api/automations/settings), shared by the server and the admin UI: zod schemas and types only.
import { z } from 'zod';
import type { MergeFieldGroup, TemplateValidationIssue } from './templates.js';
import type { MessageItem } from './messages.js';

export const automationFlowKeys = [
  'order_confirmation',
  'shipping_confirmation',
  'out_for_delivery',
  'delivered',
  'order_cancelled',
  'abandoned_checkout',
  'welcome',
  'thank_you',
  'win_back',
  'review_request',
] as const;
export type AutomationFlowKey = (typeof automationFlowKeys)[number];
export const automationFlowKeySchema = z.enum(automationFlowKeys, {
  error: `must be one of: ${automationFlowKeys.join(', ')}`,
});

export const automationLocales = ['en', 'fr'] as const;
export type AutomationLocale = (typeof automationLocales)[number];
export const automationLocaleSchema = z.enum(automationLocales, { error: 'must be "en" or "fr"' });

export type AutomationKind = 'transactional' | 'marketing';

/** One template per locale. French goes to recipients in FR, BE, MC, LU, French-speaking CH and Québec; English to everyone else. */
export interface AutomationTemplates {
  en: string;
  fr: string;
}

/**
 * The wait before the message, in minutes. `unit` is how the UI should display/edit it (minutes, hours or days);
 * the API always speaks minutes. Flows that send right away (order updates, welcome) and the win-back scan have none (null).
 */
export interface AutomationDelay {
  minutes: number;
  defaultMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  unit: 'minutes' | 'hours' | 'days';
}

/** A condition that stops a pending message. Read-only: they are always applied. */
export interface AutomationExitCondition {
  key: string;
  description: string;
}

export interface AutomationDiscountOption {
  enabled: boolean;
  /** Percentage off, 1–100. */
  percentage: number;
}

/** Flow options; a field is null when the flow does not have that option. */
export interface AutomationOptions {
  /** Unique discount code in the message (abandoned_checkout, welcome, thank_you, win_back). */
  discount: AutomationDiscountOption | null;
  /** Win-back: days since the last order (30–365, default 90); also the minimum gap between two win-backs to one person. */
  winBackDays: number | null;
}

export const WIN_BACK_DAYS_MIN = 30;
export const WIN_BACK_DAYS_MAX = 365;

/** Over the list's date range (statsFrom–statsTo), from the report counters. Attribution: see `attribution` in AutomationListResponse. */
export interface AutomationStats {
  /** Messages handed to the provider (sent + delivered + failed after hand-off are all counted here). */
  sent: number;
  delivered: number;
  failed: number;
  /** Not sent because of consent, caps or an invalid number. */
  suppressed: number;
  /** Clicks on the flow's tracked links, bots excluded. */
  clicks: number;
  orders: number;
  /** Decimal string in the shop currency, e.g. "1234.50". */
  revenue: string;
  currency: string;
}

export interface AutomationFlow {
  key: AutomationFlowKey;
  title: string;
  description: string;
  kind: AutomationKind;
  /** What starts the flow, e.g. "Shopify orders/create webhook". */
  trigger: string;
  enabled: boolean;
  templates: AutomationTemplates;
  delay: AutomationDelay | null;
  exitConditions: AutomationExitCondition[];
  options: AutomationOptions;
  stats: AutomationStats;
  /** ISO date-time of the last change, null while the flow still has its defaults. */
  updatedAt: string | null;
}

export interface AutomationSettings {
  /**
   * Send order updates (transactional flows only) to shoppers who gave a phone number at checkout without
   * SMS marketing consent. Off by default. Such contacts never receive marketing flows or campaigns.
   */
  orderUpdatesForCheckoutPhones: boolean;
}

export interface AutomationListResponse {
  flows: AutomationFlow[];
  settings: AutomationSettings;
  /** Human-readable attribution rule used for orders/revenue, shown under the stats. */
  attribution: string;
  /** Range of the stats (GET /api/automations?from=&to=, default the last 30 days up to now), ISO date-times. */
  statsFrom: string;
  statsTo: string;
}

export interface AutomationCostEstimate {
  /** Country the price was looked up for (the shop's country). */
  country: string;
  microsPerSegment: number;
  minMicros: number;
  maxMicros: number;
  /** Exact USD decimal strings, e.g. "0.0083". */
  minUsd: string;
  maxUsd: string;
}

export interface AutomationTemplateAnalysis {
  minLength: number;
  maxLength: number;
  encoding: 'GSM-7' | 'UCS-2' | 'variable';
  minSegments: number;
  maxSegments: number;
  /** False when some part could only be estimated (unbounded field, tag). */
  exact: boolean;
  /** Merge fields used, e.g. ["order.name"]. */
  fields: string[];
  /** Characters that force UCS-2 and could be replaced (e.g. "’" → "'"). */
  unicodeCharacters: string[];
  cost: AutomationCostEstimate;
  /** What a recipient sees, rendered with example values (prefix and opt-out footer included for marketing). */
  preview: string;
}

/** Analysis of one template; invalid templates get their issues and no analysis. */
export type AutomationTemplateAnalysisResult =
  { valid: true; analysis: AutomationTemplateAnalysis } | { valid: false; errors: TemplateValidationIssue[] };

export interface AutomationDetailResponse {
  flow: AutomationFlow;
  /** The merge fields this flow can fill (picker contents). */
  mergeFields: MergeFieldGroup[];
  analysis: Record<AutomationLocale, AutomationTemplateAnalysisResult>;
  settings: AutomationSettings;
}

export const updateAutomationSchema = z
  .object({
    enabled: z.boolean(),
    templates: z
      .object({
        en: z.string().max(2000, 'must be at most 2000 characters'),
        fr: z.string().max(2000, 'must be at most 2000 characters'),
      })
      .partial()
      .strict(),
    delayMinutes: z.number({ error: 'must be a number of minutes' }).int('must be a whole number of minutes'),
    options: z
      .object({
        discount: z
          .object({
            enabled: z.boolean(),
            percentage: z
              .number()
              .int('must be a whole percentage')
              .min(1, 'must be at least 1')
              .max(100, 'must be at most 100'),
          })
          .partial()
          .strict(),
        winBackDays: z
          .number()
          .int('must be a whole number of days')
          .min(WIN_BACK_DAYS_MIN, `must be at least ${WIN_BACK_DAYS_MIN}`)
          .max(WIN_BACK_DAYS_MAX, `must be at most ${WIN_BACK_DAYS_MAX}`),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
/** PUT /api/automations/:flow body → AutomationDetailResponse. 400 with `fields` (e.g. "templates.fr", "delayMinutes"). */
export type UpdateAutomation = z.infer<typeof updateAutomationSchema>;

/**
 * The discount option as it is in the editor (possibly unsaved), for previews and test sends. Without it the
 * saved option applies; flows without a discount option ignore it. Off: no discount values, so a
 * `{% if discount.code %}` sentence is left out, as in the messages really sent.
 */
export const previewDiscountSchema = z
  .object({
    enabled: z.boolean(),
    /** Percentage off, 1–100; the saved one when absent. */
    percentage: z
      .number()
      .int('must be a whole percentage')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .optional(),
  })
  .strict();
export type PreviewDiscount = z.infer<typeof previewDiscountSchema>;

export const analyzeAutomationTemplateSchema = z
  .object({
    template: z.string().max(2000, 'must be at most 2000 characters'),
    locale: automationLocaleSchema.default('en'),
    discount: previewDiscountSchema.optional(),
  })
  .strict();
/** POST /api/automations/:flow/analyze body → AutomationTemplateAnalysisResult (200 even when invalid). */
export type AnalyzeAutomationTemplate = z.input<typeof analyzeAutomationTemplateSchema>;

export const testAutomationSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format such as +14155550123'),
    locale: automationLocaleSchema.optional(),
    /** Send this unsaved template instead of the saved one. */
    template: z.string().max(2000, 'must be at most 2000 characters').optional(),
    discount: previewDiscountSchema.optional(),
  })
  .strict();
/** POST /api/automations/:flow/test body → AutomationTestResponse. */
export type TestAutomation = z.input<typeof testAutomationSchema>;

export interface AutomationTestResponse {
  /** The test message (is_test), rendered with example values. */
  message: MessageItem;
  /** True when the number is the shop's own test number (PUT /api/messages/test-phone): consent checks skipped. */
  ownTestNumber: boolean;
  /**
   * Why the test will not reach the phone (e.g. "no_subscriber", "opted_out": any other number must have
   * consented), null when it is on its way. Not a failure of the request: the answer is still 200.
   */
  notSentReason: string | null;
}

export const updateAutomationSettingsSchema = z
  .object({ orderUpdatesForCheckoutPhones: z.boolean() })
  .partial()
  .strict();
/** PUT /api/automations/settings body → AutomationSettings. */
export type UpdateAutomationSettings = z.infer<typeof updateAutomationSettingsSchema>;
