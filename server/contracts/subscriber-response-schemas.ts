// Response schemas of the subscribers API, for the admin UI's client to validate what it receives (the
// interfaces in subscribers.ts stay the server's declared shapes; these must accept them).
import { z } from 'zod';
import {
  subscriberStates,
  type SubscriberCounts,
  type SubscriberDetail,
  type SubscriberListResponse,
  type SubscriberMessagePage,
} from './subscribers.js';

const listItemSchema = z.object({
  id: z.string(),
  phone: z.string(),
  state: z.enum(subscriberStates),
  source: z.string(),
  country: z.string().nullable(),
  name: z.string().nullable(),
  subscribedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const subscriberListResponseSchema: z.ZodType<SubscriberListResponse> = z.object({
  items: z.array(listItemSchema),
  nextCursor: z.string().nullable(),
});
export const subscriberCountsSchema: z.ZodType<SubscriberCounts> = z.object({
  subscribed: z.number(),
  pending: z.number(),
  unsubscribed: z.number(),
  never: z.number(),
  total: z.number(),
});
const consentEventViewSchema = z.object({
  id: z.string(),
  channel: z.enum(['marketing', 'transactional']),
  action: z.string(),
  source: z.string(),
  disclosureText: z.string().nullable(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  orderId: z.string().nullable(),
  checkoutToken: z.string().nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  evidence: z.record(z.string(), z.unknown()),
});
const messageViewSchema = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.string(),
  sourceType: z.string(),
  body: z.string(),
  status: z.string(),
  suppressedReason: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export const subscriberMessagePageSchema: z.ZodType<SubscriberMessagePage> = z.object({
  items: z.array(messageViewSchema),
  nextCursor: z.string().nullable(),
});
export const subscriberDetailSchema: z.ZodType<SubscriberDetail> = listItemSchema.extend({
  customerId: z.string().nullable(),
  transactionalState: z.string(),
  locale: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
  consentHistory: z.array(consentEventViewSchema),
  messages: z.array(messageViewSchema),
  messagesNextCursor: z.string().nullable(),
  attributedOrders: z.array(
    z.object({
      orderId: z.string(),
      name: z.string().nullable(),
      orderedAt: z.string(),
      total: z.string(),
      refunded: z.string(),
      currency: z.string(),
      cancelled: z.boolean(),
      channel: z.string(),
      messageId: z.string(),
      messageBody: z.string().nullable(),
    }),
  ),
});
