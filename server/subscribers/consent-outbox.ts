// Queues the texts of the consent flow (keyword replies, double opt-in requests, welcome) in the
// messages outbox, and suppresses queued marketing when a number opts out. Rows are keyed by an
// idempotency key derived from what caused them, so a replayed inbound text never replies twice.
import { and, eq, gt, sql } from 'drizzle-orm';
import { messages } from '../db/schema/index.js';
import type { DbOrTx } from '../db/transaction.js';
import { analyzeSms } from '../messaging/encoding.js';
import type { ConsentMessageKind } from './consent-messages.js';

/** What a consent message is, kept in messages.source_id. */
export type ConsentMessagePurpose = ConsentMessageKind;

export interface ConsentDraft {
  subscriberId: string | null;
  phone: string;
  body: string;
  purpose: ConsentMessagePurpose;
  /** Keyword replies are transactional (they answer the handset); the welcome text is marketing. */
  kind: 'transactional' | 'marketing';
  idempotencyKey: string;
  /** Now: the message is due at once (the dispatcher applies quiet hours to marketing). */
  notBefore: Date;
}

/** Source type of consent-flow messages; the dispatcher sends keyword_reply rows even to opted-out numbers. */
export const KEYWORD_REPLY_SOURCE = 'keyword_reply';

/** Inserts the message unless one with the same idempotency key exists. Returns the new row id, or null. */
export async function queueConsentMessage(
  db: DbOrTx,
  shopId: string,
  draft: ConsentDraft,
): Promise<string | null> {
  const analysis = analyzeSms(draft.body);
  const rows = await db
    .insert(messages)
    .values({
      shopId,
      subscriberId: draft.subscriberId,
      phone: draft.phone,
      direction: 'outbound',
      kind: draft.kind,
      sourceType: KEYWORD_REPLY_SOURCE,
      sourceId: draft.purpose,
      body: draft.body,
      encoding: analysis.encoding,
      segments: analysis.segments,
      idempotencyKey: draft.idempotencyKey,
      status: 'queued',
      notBefore: draft.notBefore,
      queuedAt: draft.notBefore,
      createdAt: draft.notBefore,
      updatedAt: draft.notBefore,
    })
    .onConflictDoNothing({ target: [messages.shopId, messages.idempotencyKey] })
    .returning({ id: messages.id });
  return rows[0]?.id ?? null;
}

/** Was a message with this purpose queued to this number after `since`? (One STOP confirmation per window.) */
export async function recentlyQueued(
  db: DbOrTx,
  shopId: string,
  phone: string,
  purpose: ConsentMessagePurpose,
  since: Date,
): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.shopId, shopId),
        eq(messages.phone, phone),
        eq(messages.direction, 'outbound'),
        eq(messages.sourceType, KEYWORD_REPLY_SOURCE),
        eq(messages.sourceId, purpose),
        gt(messages.createdAt, since),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Every queued marketing message to this number becomes suppressed (opted_out). Returns how many. */
export async function suppressQueuedMarketing(
  db: DbOrTx,
  shopId: string,
  phone: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(messages)
    .set({ status: 'suppressed', suppressedReason: 'opted_out', updatedAt: now })
    .where(
      and(
        eq(messages.shopId, shopId),
        eq(messages.phone, phone),
        eq(messages.direction, 'outbound'),
        eq(messages.kind, 'marketing'),
        sql`${messages.status} = 'queued'`,
      ),
    )
    .returning({ id: messages.id });
  return rows.length;
}
