// Claiming due messages: one UPDATE over FOR UPDATE SKIP LOCKED sub-selects, so concurrent
// dispatchers (threads or processes) never get the same row. The claim stamps a fresh token and a
// lease; only the holder of the token may record the outcome, and a row still 'sending' after its
// lease is reconciled (reconcile.ts).
//
// Transactional messages first: the batch is filled with due transactional messages (order and
// shipping updates; messages_dispatch_transactional_idx, migration 0020) and only the rest of it with
// marketing ones, so an order confirmation queued behind a campaign's million messages goes out with
// the next batch. Messages of a paused or cancelled campaign are never claimed: the claim looks up the
// campaign's status (primary key), which takes effect with the status change itself; the campaign's
// queued messages are then parked or cancelled in bulk (server/campaigns/campaign-messages.ts), so
// later claims do not even walk past them.
import { randomUUID } from 'node:crypto';
import type { SmsEncoding } from '../encoding.js';
import { queryIndexed, type Queryable } from './queryable.js';
import type { MessageKind, WhenBlocked } from './types.js';

export interface ClaimedMessage {
  id: string;
  shopId: string;
  phone: string;
  kind: MessageKind;
  body: string;
  encoding: SmsEncoding;
  topic: string | null;
  /** automation | campaign | keyword_reply | test | ... */
  sourceType: string;
  isTest: boolean;
  /** Including this one. */
  attempts: number;
  /** Its campaign's choice for a recipient quiet hours or a cap block; null outside campaigns. */
  whenBlocked: WhenBlocked | null;
}

export interface ClaimOptions {
  now: Date;
  limit: number;
  leaseMs: number;
  /** Identifies this batch; see newClaimToken. */
  claimToken: string;
}

export function newClaimToken(workerName: string): string {
  return `${workerName}:${randomUUID()}`;
}

export async function claimBatch(db: Queryable, opts: ClaimOptions): Promise<ClaimedMessage[]> {
  const { rows } = await queryIndexed<{
    id: string;
    shop_id: string;
    phone: string;
    kind: MessageKind;
    body: string;
    encoding: SmsEncoding;
    topic: string | null;
    source_type: string;
    is_test: boolean;
    attempts: number;
    when_blocked: WhenBlocked | null;
  }>(
    db,
    `UPDATE messages m
        SET status = 'sending', sending_at = $1, attempts = m.attempts + 1, claimed_by = $3,
            lease_expires_at = $1::timestamptz + $4 * interval '1 millisecond', updated_at = $1
       FROM (WITH t AS (
               SELECT id FROM messages
                WHERE status = 'queued' AND kind = 'transactional' AND not_before <= $1
                ORDER BY not_before
                LIMIT $2
                FOR UPDATE SKIP LOCKED
             ), k AS (
               SELECT id FROM messages x
                WHERE x.status = 'queued' AND x.kind <> 'transactional' AND x.not_before <= $1
                  AND (x.campaign_id IS NULL OR NOT EXISTS (
                        SELECT 1 FROM campaigns cp WHERE cp.id = x.campaign_id AND cp.status IN ('paused', 'cancelled')))
                ORDER BY x.not_before
                LIMIT $2 - (SELECT count(*) FROM t)
                FOR UPDATE OF x SKIP LOCKED
             )
             SELECT id FROM t UNION ALL SELECT id FROM k) c
      WHERE m.id = c.id
      RETURNING m.id, m.shop_id, m.phone, m.kind, m.body, m.encoding, m.topic, m.source_type, m.is_test, m.attempts,
                CASE WHEN m.campaign_id IS NOT NULL THEN
                  (SELECT cp.options->>'whenBlocked' FROM campaigns cp WHERE cp.id = m.campaign_id) END AS when_blocked`,
    [opts.now, opts.limit, opts.claimToken, opts.leaseMs],
  );
  return rows.map((r) => ({
    id: r.id,
    shopId: r.shop_id,
    phone: r.phone,
    kind: r.kind,
    body: r.body,
    encoding: r.encoding,
    topic: r.topic,
    sourceType: r.source_type,
    isTest: r.is_test,
    attempts: r.attempts,
    whenBlocked: r.when_blocked,
  }));
}
