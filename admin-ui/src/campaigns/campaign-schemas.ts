// zod schemas for the campaigns API's responses, checked against the contract's types. The definition parts
// (audience, message, schedule, options, A/B) reuse the contract's own schemas; the A/B result is checked for
// its shape only.
import { z } from 'zod';
import {
  campaignAbMetrics,
  campaignAbSchema,
  campaignAudienceSchema,
  campaignMessageSchema,
  campaignOptionsSchema,
  campaignScheduleSchema,
  campaignStatuses,
  type CampaignAbResult,
  type CampaignDetail,
  type CampaignEstimate,
  type CampaignList,
  type CampaignTestResponse,
  type MessageItem,
} from '../../../server/contracts/index.js';

const abResultSchema: z.ZodType<CampaignAbResult> = z.object({
  metric: z.enum(campaignAbMetrics),
  variants: z.array(
    z.object({
      key: z.string(),
      recipients: z.number(),
      value: z.number(),
      metric: z.number(),
      low: z.number(),
      high: z.number(),
    }),
  ),
  winner: z.string(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
  summary: z.string(),
});

const progressSchema = z.object({
  audience: z.number(),
  holdout: z.number(),
  suppressed: z.record(z.string(), z.number()),
  queued: z.number(),
  sending: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  cancelled: z.number(),
});

export const campaignDetailSchema: z.ZodType<CampaignDetail> = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(campaignStatuses),
  statusReason: z.string().nullable(),
  audience: campaignAudienceSchema,
  message: campaignMessageSchema,
  schedule: campaignScheduleSchema,
  options: campaignOptionsSchema,
  ab: campaignAbSchema.nullable(),
  abResult: abResultSchema.nullable(),
  startAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  progress: progressSchema,
  audit: z.array(
    z.object({
      actor: z.string(),
      action: z.string(),
      changes: z.record(z.string(), z.unknown()),
      at: z.string(),
    }),
  ),
});

export const campaignListSchema: z.ZodType<CampaignList> = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(campaignStatuses),
      startAt: z.string().nullable(),
      audience: z.number(),
      sent: z.number(),
      delivered: z.number(),
      clicks: z.number(),
      orders: z.number(),
      revenue: z.string(),
      currency: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export const campaignEstimateSchema: z.ZodType<CampaignEstimate> = z.object({
  reachable: z.number(),
  segments: z.object({ min: z.number(), max: z.number() }),
  cost: z.object({ min: z.string(), max: z.string(), currency: z.string() }),
});

const messageItemSchema = z.custom<MessageItem>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string',
  'not a message',
);

export const campaignTestResponseSchema: z.ZodType<CampaignTestResponse> = z.object({
  message: messageItemSchema,
  ownTestNumber: z.boolean(),
  notSentReason: z.string().nullable(),
});

export const noContentSchema = z.undefined();
