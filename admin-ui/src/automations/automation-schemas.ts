// zod schemas for the automations API's responses, checked against the contract's types, so apiGet/apiRequest
// reject a response that doesn't have the shape the pages rely on.
import { z } from 'zod';
import {
  automationFlowKeySchema,
  messageKindValues,
  messageStatusValues,
  type AutomationDetailResponse,
  type AutomationFlow,
  type AutomationListResponse,
  type AutomationSettings,
  type AutomationTemplateAnalysisResult,
  type AutomationTestResponse,
  type MessageItem,
} from '../../../server/contracts/index.js';
import type {
  MergeFieldGroup,
  MergeFieldType,
  TemplateValidationIssue,
} from '../../../server/contracts/templates.js';

const kindSchema = z.enum(['transactional', 'marketing']);

export const automationSettingsSchema: z.ZodType<AutomationSettings> = z.object({
  orderUpdatesForCheckoutPhones: z.boolean(),
});

const flowSchema: z.ZodType<AutomationFlow> = z.object({
  key: automationFlowKeySchema,
  title: z.string(),
  description: z.string(),
  kind: kindSchema,
  trigger: z.string(),
  enabled: z.boolean(),
  templates: z.object({ en: z.string(), fr: z.string() }),
  delay: z
    .object({
      minutes: z.number(),
      defaultMinutes: z.number(),
      minMinutes: z.number(),
      maxMinutes: z.number(),
      unit: z.enum(['minutes', 'hours', 'days']),
    })
    .nullable(),
  exitConditions: z.array(z.object({ key: z.string(), description: z.string() })),
  options: z.object({
    discount: z.object({ enabled: z.boolean(), percentage: z.number() }).nullable(),
    winBackDays: z.number().nullable(),
  }),
  stats: z.object({
    sent: z.number(),
    delivered: z.number(),
    failed: z.number(),
    suppressed: z.number(),
    clicks: z.number(),
    orders: z.number(),
    revenue: z.string(),
    currency: z.string(),
  }),
  updatedAt: z.string().nullable(),
});

export const automationListResponseSchema: z.ZodType<AutomationListResponse> = z.object({
  flows: z.array(flowSchema),
  settings: automationSettingsSchema,
  attribution: z.string(),
  statsFrom: z.string(),
  statsTo: z.string(),
});

const issueSchema: z.ZodType<TemplateValidationIssue> = z.object({
  message: z.string(),
  field: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
});

export const analysisResultSchema: z.ZodType<AutomationTemplateAnalysisResult> = z.union([
  z.object({
    valid: z.literal(true),
    analysis: z.object({
      minLength: z.number(),
      maxLength: z.number(),
      encoding: z.enum(['GSM-7', 'UCS-2', 'variable']),
      minSegments: z.number(),
      maxSegments: z.number(),
      exact: z.boolean(),
      fields: z.array(z.string()),
      unicodeCharacters: z.array(z.string()),
      cost: z.object({
        country: z.string(),
        microsPerSegment: z.number(),
        minMicros: z.number(),
        maxMicros: z.number(),
        minUsd: z.string(),
        maxUsd: z.string(),
      }),
      preview: z.string(),
    }),
  }),
  z.object({ valid: z.literal(false), errors: z.array(issueSchema) }),
]);

const mergeFieldTypes = [
  'text',
  'number',
  'money',
  'url',
  'code',
  'phone',
  'email',
] as const satisfies readonly MergeFieldType[];

const mergeFieldGroupSchema: z.ZodType<MergeFieldGroup> = z.object({
  root: z.string(),
  label: z.string(),
  description: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      type: z.enum(mergeFieldTypes),
      description: z.string(),
      example: z.string(),
    }),
  ),
});

export const automationDetailResponseSchema: z.ZodType<AutomationDetailResponse> = z.object({
  flow: flowSchema,
  mergeFields: z.array(mergeFieldGroupSchema),
  analysis: z.object({ en: analysisResultSchema, fr: analysisResultSchema }),
  settings: automationSettingsSchema,
});

const messageItemSchema: z.ZodType<MessageItem> = z.object({
  id: z.string(),
  phone: z.string(),
  status: z.enum(messageStatusValues),
  kind: z.enum(messageKindValues),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  body: z.string(),
  segments: z.number(),
  encoding: z.string(),
  costMicros: z.number(),
  isTest: z.boolean(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  suppressedReason: z.string().nullable(),
  errorCode: z.string().nullable(),
});

export const automationTestResponseSchema: z.ZodType<AutomationTestResponse> = z.object({
  message: messageItemSchema,
  ownTestNumber: z.boolean(),
  notSentReason: z.string().nullable(),
});
