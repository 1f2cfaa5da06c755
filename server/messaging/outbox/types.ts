// Shared vocabulary of the outbox: drafts going in, gate decisions, message statuses and their order.
import { messageKindValues, messageStatusValues } from '../../contracts/messages.js';
import type { FrequencyCapReason, MessageKind } from '../compliance/index.js';

export type { MessageKind };

/** A message to create. `body` is already rendered; the idempotency key makes creation safe to repeat. */
export interface MessageDraft {
  subscriberId?: string | null;
  /** E.164 with '+'. */
  phone: string;
  kind: MessageKind;
  /** automation | campaign | keyword_reply | test | ... */
  sourceType: string;
  sourceId?: string | null;
  body: string;
  /** Unique per shop: one logical message is one row forever. */
  idempotencyKey: string;
  /** Earliest send time (default now); quiet hours can only push it later. */
  notBefore?: Date;
  isTest?: boolean;
  /** Subject, for Florida's same-topic cap. */
  topic?: string | null;
  /** The campaign that creates it (messages.campaign_id: progress, pause, cancel). */
  campaignId?: string | null;
  /** A campaign's choice when quiet hours or a frequency cap block the message (see WhenBlocked). */
  whenBlocked?: WhenBlocked | null;
}

/**
 * What a campaign does with a recipient whom quiet hours or a frequency cap block when the message is due:
 * 'hold' the message until both allow it, or 'skip' it (suppressed with the reason). Without a choice (flows,
 * tests), quiet hours hold and caps suppress.
 */
export type WhenBlocked = 'hold' | 'skip';

// The vocabularies are the API's (server/contracts/messages.ts): one list, so they cannot drift apart.
export const MESSAGE_STATUSES = messageStatusValues;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_KINDS = messageKindValues;

/**
 * Why a message was not sent. Consent and caps reasons come from the gates; quiet-hours reasons
 * only when there is no allowed time to defer to.
 */
export type SuppressReason =
  | 'no_subscriber'
  | 'no_marketing_consent'
  | 'no_transactional_consent'
  | 'opted_out'
  | 'invalid_phone'
  | 'min_interval'
  | 'weekly_cap'
  | 'florida_topic_cap'
  | 'no_common_window'
  | 'unknown_time_zone'
  /** Quiet hours when it was due, for a campaign that chose to skip blocked recipients. */
  | 'quiet_hours'
  /** A shop installed less than NEW_SHOP_DAYS ago reached its NEW_SHOP_DAILY_CEILING (rolling 24 hours). */
  | 'daily_ceiling'
  /** Marketing that would take the period's charges past the capped amount the merchant approved (billing). */
  | 'billing_cap'
  /** Marketing while the shop's app subscription is not active (pending, declined, cancelled, frozen, expired). */
  | 'billing_inactive'
  /**
   * The provider refused the number for good (invalid, blocked; NUMBER_REJECTION_CODES) or the network
   * reported it undeliverable; the event's detail carries that code.
   */
  | 'undeliverable_number';

export type GateDecision =
  | { ok: true }
  /** `code`: the provider's code behind an 'undeliverable_number' suppression. */
  | { suppress: SuppressReason; code?: string }
  /** `reason`: what holds it until then (quiet hours when absent). */
  | { defer: Date; reason?: FrequencyCapReason };

/**
 * Delivery progress order for status reports: a report only ever moves a message up this order,
 * so a late `sent` never overwrites `delivered` and terminal failures do not regress. `delivered`
 * ranks above the failures: a delivery receipt is proof that outranks an earlier failure report.
 * Statuses without a rank (suppressed, cancelled) never take reports: they were never sent.
 */
export const DELIVERY_RANK = {
  queued: 0,
  sending: 1,
  unknown: 2,
  sent: 3,
  failed: 4,
  expired: 4,
  undeliverable: 4,
  delivered: 5,
} as const satisfies Partial<Record<MessageStatus, number>>;
export type RankedStatus = keyof typeof DELIVERY_RANK;

/** SQL expression giving the rank of `column` (NULL for statuses that take no reports). */
export function deliveryRankSql(column: string): string {
  const cases = Object.entries(DELIVERY_RANK)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(' ');
  return `(CASE ${column} ${cases} END)`;
}
