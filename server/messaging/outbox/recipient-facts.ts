// Set-based loading of everything the gates need for a batch of recipients: one query for consent
// state and address, one for recent send history. The evaluation itself is pure (gates.ts).
import type { SentMessage } from '../compliance/index.js';
import { queryIndexed, type Queryable } from './queryable.js';
import type { MessageKind } from './types.js';

/**
 * Provider codes that are a verdict about the number itself (never about the message or the account):
 * a message failed with one of them flags the number, and later sends to it are suppressed.
 */
export const NUMBER_REJECTION_CODES = ['invalid_recipient', 'recipient_not_accepted', 'blocked'] as const;

export interface RecipientFacts {
  subscriberId: string | null;
  marketingState: string | null;
  transactionalState: string | null;
  countryCode: string | null;
  provinceCode: string | null;
  zip: string | null;
  /**
   * The number is flagged: the provider's code from a permanent rejection (NUMBER_REJECTION_CODES) or
   * 'undeliverable' from a delivery report; null or absent when it is not.
   */
  numberFlag?: string | null;
}

const NO_SUBSCRIBER: RecipientFacts = {
  subscriberId: null,
  marketingState: null,
  transactionalState: null,
  countryCode: null,
  provinceCode: null,
  zip: null,
};

/** Consent state and address per phone (a phone without a subscriber gets NO_SUBSCRIBER). */
export async function loadRecipientFacts(
  db: Queryable,
  shopId: string,
  phones: readonly string[],
): Promise<Map<string, RecipientFacts>> {
  const unique = [...new Set(phones)];
  const { rows } = await queryIndexed<{
    phone: string;
    subscriber_id: string;
    marketing_state: string;
    transactional_state: string;
    country_code: string | null;
    province_code: string | null;
    zip: string | null;
    number_flag: string | null;
  }>(
    db,
    // LATERAL: the phones drive the loop, one index probe each, whatever the statistics say.
    `SELECT s.phone, s.id AS subscriber_id, s.marketing_state, s.transactional_state,
            COALESCE(c.country_code, s.country_code) AS country_code, c.province_code, c.zip,
            f.flag AS number_flag
       FROM unnest($2::text[]) AS p(phone)
       CROSS JOIN LATERAL (SELECT * FROM subscribers s WHERE s.shop_id = $1 AND s.phone = p.phone LIMIT 1) s
       LEFT JOIN LATERAL (SELECT * FROM customers c WHERE c.shop_id = s.shop_id AND c.id = s.customer_id LIMIT 1) c ON true
       LEFT JOIN LATERAL (
         SELECT CASE WHEN m.status = 'undeliverable' THEN 'undeliverable' ELSE m.error_code END AS flag
           FROM messages m
          WHERE m.shop_id = $1 AND m.phone = p.phone AND m.direction = 'outbound'
            AND (m.status = 'undeliverable' OR (m.status = 'failed' AND m.error_code = ANY($3::text[])))
          ORDER BY m.created_at DESC
          LIMIT 1) f ON true`,
    [shopId, unique, NUMBER_REJECTION_CODES],
  );
  const facts = new Map<string, RecipientFacts>(unique.map((p) => [p, NO_SUBSCRIBER]));
  for (const r of rows) {
    facts.set(r.phone, {
      subscriberId: r.subscriber_id,
      marketingState: r.marketing_state,
      transactionalState: r.transactional_state,
      countryCode: r.country_code,
      provinceCode: r.province_code,
      zip: r.zip,
      numberFlag: r.number_flag,
    });
  }
  return facts;
}

export interface HistoryOptions {
  now: Date;
  /** Count messages still queued (at their planned time): true when creating, false when dispatching. */
  includeQueued: boolean;
  /** Messages of the batch being dispatched, accounted for in memory instead. */
  excludeIds?: readonly string[];
}

const HISTORY_WINDOW_MS = 7 * 24 * 3_600_000;
/** Most recent messages per phone that the caps look at; any cap is exceeded long before this. */
const HISTORY_LIMIT = 64;

/** Non-test messages to these phones in the last 7 days (the longest cap window), by phone. */
export async function loadSendHistory(
  db: Queryable,
  shopId: string,
  phones: readonly string[],
  opts: HistoryOptions,
): Promise<Map<string, SentMessage[]>> {
  const statuses = opts.includeQueued
    ? ['queued', 'sending', 'unknown', 'sent', 'delivered']
    : ['sending', 'unknown', 'sent', 'delivered'];
  const { rows } = await queryIndexed<{
    id: string;
    phone: string;
    at: Date;
    kind: MessageKind;
    topic: string | null;
  }>(
    db,
    // LATERAL: the phones drive the loop over the (shop_id, phone, created_at) index. Without it a
    // young table's statistics can make Postgres scan the shop's messages once per phone.
    `SELECT m.id, m.phone, m.at, m.kind, m.topic
       FROM unnest($2::text[]) AS p(phone)
       CROSS JOIN LATERAL (
         SELECT id, phone, COALESCE(sent_at, sending_at, not_before) AS at, kind, topic
           FROM messages
          WHERE shop_id = $1 AND phone = p.phone AND direction = 'outbound' AND NOT is_test
            AND status = ANY($3::text[]) AND COALESCE(sent_at, sending_at, not_before) > $4
          ORDER BY created_at DESC
          LIMIT ${HISTORY_LIMIT}) m`,
    [shopId, [...new Set(phones)], statuses, new Date(opts.now.getTime() - HISTORY_WINDOW_MS)],
  );
  const excluded = new Set(opts.excludeIds ?? []);
  const history = new Map<string, SentMessage[]>();
  for (const r of rows) {
    if (excluded.has(r.id)) continue;
    const list = history.get(r.phone) ?? [];
    list.push(r.topic ? { sentAt: r.at, kind: r.kind, topic: r.topic } : { sentAt: r.at, kind: r.kind });
    history.set(r.phone, list);
  }
  return history;
}
