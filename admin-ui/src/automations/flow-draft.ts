// Pure helpers for the flow form: the draft as typed, what changed (the PUT body), client-side checks.
import {
  automationLocales,
  updateAutomationSchema,
  WIN_BACK_DAYS_MAX,
  WIN_BACK_DAYS_MIN,
  type AutomationDelay,
  type AutomationFlow,
  type AutomationTemplates,
  type PreviewDiscount,
  type UpdateAutomation,
} from '../../../server/contracts/index.js';
import { formatDuration } from './format.js';

export type DelayUnit = AutomationDelay['unit'];
/** Messages by field path, the same keys as the server's ApiErrorBody.fields ("templates.fr", "delayMinutes"). */
export type FieldErrors = Partial<Record<string, string>>;

export const DELAY_UNIT_MINUTES: Readonly<Record<DelayUnit, number>> = { minutes: 1, hours: 60, days: 1440 };

export interface FlowDraft {
  templates: AutomationTemplates;
  delayAmount: string;
  delayUnit: DelayUnit;
  discountEnabled: boolean;
  discountPercentage: string;
  winBackDays: string;
}

/** The field keys the form shows inline; other server errors go to the banner. */
export const FORM_FIELDS = [
  'templates.en',
  'templates.fr',
  'delayMinutes',
  'options.discount.enabled',
  'options.discount.percentage',
  'options.winBackDays',
] as const;

export const isFormField = (key: string): boolean => (FORM_FIELDS as readonly string[]).includes(key);

/** Units that make sense for a delay range (a unit larger than the maximum is never offered). */
export function delayUnits(delay: AutomationDelay): DelayUnit[] {
  const units = (Object.keys(DELAY_UNIT_MINUTES) as DelayUnit[]).filter(
    (unit) => DELAY_UNIT_MINUTES[unit] <= delay.maxMinutes,
  );
  return units.includes(delay.unit) ? units : [...units, delay.unit];
}

function delayDraft(delay: AutomationDelay | null): Pick<FlowDraft, 'delayAmount' | 'delayUnit'> {
  if (delay === null) return { delayAmount: '', delayUnit: 'minutes' };
  const factor = DELAY_UNIT_MINUTES[delay.unit];
  // Shown in the flow's preferred unit when it divides evenly, else in minutes.
  return delay.minutes % factor === 0
    ? { delayAmount: String(delay.minutes / factor), delayUnit: delay.unit }
    : { delayAmount: String(delay.minutes), delayUnit: 'minutes' };
}

export const draftFrom = (flow: AutomationFlow): FlowDraft => ({
  templates: { ...flow.templates },
  ...delayDraft(flow.delay),
  discountEnabled: flow.options.discount?.enabled ?? false,
  discountPercentage: String(flow.options.discount?.percentage ?? ''),
  winBackDays: String(flow.options.winBackDays ?? ''),
});

const parseNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export const delayRangeText = (delay: AutomationDelay): string =>
  `between ${formatDuration(delay.minMinutes)} and ${formatDuration(delay.maxMinutes)}`;

/** The delay in minutes, or an error message. */
export function delayMinutesOf(draft: FlowDraft, delay: AutomationDelay): number | string {
  const minutes = parseNumber(draft.delayAmount) * DELAY_UNIT_MINUTES[draft.delayUnit];
  if (!Number.isFinite(minutes)) return 'Enter a number';
  if (!Number.isInteger(Math.round(minutes * 1e6) / 1e6)) return 'Must be a whole number of minutes';
  if (minutes < delay.minMinutes || minutes > delay.maxMinutes) return `Must be ${delayRangeText(delay)}`;
  return Math.round(minutes);
}

function wholeNumberIn(text: string, min: number, max: number, unit: string): number | string {
  const value = parseNumber(text);
  if (!Number.isInteger(value)) return `Must be a whole number of ${unit}`;
  if (value < min || value > max) return `Must be between ${min} and ${max}`;
  return value;
}

/**
 * The discount option as edited, for the preview, the analysis and test sends (undefined when the flow has
 * none). A percentage being typed that is not valid yet counts as the saved one.
 */
export function previewDiscountOf(flow: AutomationFlow, draft: FlowDraft): PreviewDiscount | undefined {
  const saved = flow.options.discount;
  if (saved === null) return undefined;
  const percentage = wholeNumberIn(draft.discountPercentage, 1, 100, 'percent');
  return {
    enabled: draft.discountEnabled,
    percentage: typeof percentage === 'number' ? percentage : saved.percentage,
  };
}

export interface BuiltUpdate {
  body: UpdateAutomation;
  errors: FieldErrors;
}

/** The PUT body with only what changed, and the problems found before sending anything. */
export function buildUpdate(flow: AutomationFlow, draft: FlowDraft): BuiltUpdate {
  const body: UpdateAutomation = {};
  const errors: FieldErrors = {};
  const templates: NonNullable<UpdateAutomation['templates']> = {};
  for (const locale of automationLocales) {
    if (draft.templates[locale] !== flow.templates[locale]) templates[locale] = draft.templates[locale];
  }
  if (Object.keys(templates).length > 0) body.templates = templates;

  if (flow.delay !== null) {
    const minutes = delayMinutesOf(draft, flow.delay);
    if (typeof minutes === 'string') errors.delayMinutes = minutes;
    else if (minutes !== flow.delay.minutes) body.delayMinutes = minutes;
  }

  const options: NonNullable<UpdateAutomation['options']> = {};
  const discount = flow.options.discount;
  if (discount !== null) {
    const changes: NonNullable<typeof options.discount> = {};
    if (draft.discountEnabled !== discount.enabled) changes.enabled = draft.discountEnabled;
    const percentage = wholeNumberIn(draft.discountPercentage, 1, 100, 'percent');
    if (typeof percentage === 'string') errors['options.discount.percentage'] = percentage;
    else if (percentage !== discount.percentage) changes.percentage = percentage;
    if (Object.keys(changes).length > 0) options.discount = changes;
  }
  if (flow.options.winBackDays !== null) {
    const days = wholeNumberIn(draft.winBackDays, WIN_BACK_DAYS_MIN, WIN_BACK_DAYS_MAX, 'days');
    if (typeof days === 'string') errors['options.winBackDays'] = days;
    else if (days !== flow.options.winBackDays) options.winBackDays = days;
  }
  if (Object.keys(options).length > 0) body.options = options;

  const parsed = updateAutomationSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= `${issue.message.charAt(0).toUpperCase()}${issue.message.slice(1)}`;
    }
  }
  return { body, errors };
}

/** True when the draft differs from what the server has. */
export const isDirty = (flow: AutomationFlow, draft: FlowDraft): boolean =>
  JSON.stringify(draft) !== JSON.stringify(draftFrom(flow));
