// Message API shapes (GET /api/messages, GET /api/messages/:id, POST /api/messages/test). zod + types only.
import { z } from 'zod';

export const messageStatusValues = [
  'queued',
  'sending',
  'unknown',
  'sent',
  'delivered',
  'failed',
  'expired',
  'undeliverable',
  'suppressed',
  'cancelled',
] as const;
export const messageKindValues = ['transactional', 'marketing'] as const;
/** Statuses of a message that is queued, on its way or arrived; any other status means it will not reach the phone. */
export const messageOnItsWayStatuses = ['queued', 'sending', 'unknown', 'sent', 'delivered'] as const;

const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format such as +14155550123');
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2025-01-31) or an ISO 8601 date-time',
  })
  .transform((v) => new Date(v));

export const listMessagesQuerySchema = z
  .object({
    phone: e164.optional(),
    subscriber: z.uuid('must be a subscriber id (UUID)').optional(),
    status: z.enum(messageStatusValues).optional(),
    kind: z.enum(messageKindValues).optional(),
    /** A source type ("campaign"), or type and id ("campaign:42"). */
    source: z.string().trim().min(1).max(200).optional(),
    from: instant.optional(),
    to: instant.optional(),
    // Microseconds since 1970 (16 digits reach year 2286, inside PostgreSQL's range) and a message id.
    cursor: z
      .string()
      .regex(
        /^\d{1,16}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        'is not a cursor returned by this API',
      )
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export interface MessageItem {
  id: string;
  phone: string;
  status: (typeof messageStatusValues)[number];
  kind: (typeof messageKindValues)[number];
  sourceType: string;
  sourceId: string | null;
  body: string;
  segments: number;
  encoding: string;
  costMicros: number;
  isTest: boolean;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  suppressedReason: string | null;
  errorCode: string | null;
}

export interface MessageList {
  items: MessageItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface MessageHistoryEntry {
  status: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface MessageDetail extends MessageItem {
  subscriberId: string | null;
  errorReason: string | null;
  attempts: number;
  notBefore: string;
  provider: string | null;
  providerMessageId: string | null;
  history: MessageHistoryEntry[];
}

export const sendTestMessageSchema = z
  .object({
    phone: e164,
    body: z
      .string()
      .min(1, 'Message body is required')
      .max(1600, 'Message body must be at most 1600 characters'),
    kind: z.enum(messageKindValues).default('marketing'),
  })
  .strict();
export type SendTestMessage = z.infer<typeof sendTestMessageSchema>;

export interface SendTestMessageResult {
  message: MessageItem;
  /** True when the number is the shop's own test number (consent checks skipped). */
  ownTestNumber: boolean;
  /** Why the test will not reach the phone (the suppression reason, e.g. "no_subscriber"), null when it is on its way. */
  notSentReason: string | null;
}

/**
 * PUT /api/messages/test-phone: null removes the test number; a number is accepted only once it is verified
 * (POST /api/messages/test-phone/code, then /verify), so a number other than the current one answers 409.
 */
export const testPhoneSettingSchema = z.object({ phone: e164.nullable() }).strict();
export type TestPhoneSetting = z.infer<typeof testPhoneSettingSchema>;

/** A code texted to a number that is to become the test number, pending until it is entered or expires. */
export interface PendingTestPhone {
  phone: string;
  expiresAt: string;
}

/** GET /api/messages/test-phone. */
export interface TestPhoneState {
  /** The verified test number: tests to it skip the consent checks (never a STOP from it). */
  phone: string | null;
  pending: PendingTestPhone | null;
}

/** POST /api/messages/test-phone/code: text a one-time code to the number (valid 10 minutes, 5 tries). */
export const requestTestPhoneCodeSchema = z.object({ phone: e164 }).strict();
export type RequestTestPhoneCode = z.infer<typeof requestTestPhoneCodeSchema>;

/** POST /api/messages/test-phone/verify: the code texted to the number; on success it becomes the test number. */
export const verifyTestPhoneSchema = z
  .object({
    phone: e164,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be the 6-digit code we texted'),
  })
  .strict();
export type VerifyTestPhone = z.infer<typeof verifyTestPhoneSchema>;
