// Claiming due messages: one UPDATE over a FOR UPDATE SKIP LOCKED sub-select, so concurrent
// dispatchers (threads or processes) never get the same row. The claim stamps a fresh token and a
// lease; only the holder of the token may record the outcome, and a row still 'sending' after its
// lease is reconciled (reconcile.ts).
import { randomUUID } from 'node:crypto';
import type { SmsEncoding } from '../encoding.js';
import { queryIndexed, type Queryable } from './queryable.js';
import type { MessageKind } from './types.js';

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
  }>(
    db,
    `UPDATE messages m
        SET status = 'sending', sending_at = $1, attempts = m.attempts + 1, claimed_by = $3,
            lease_expires_at = $1::timestamptz + $4 * interval '1 millisecond', updated_at = $1
       FROM (SELECT id FROM messages
              WHERE status = 'queued' AND not_before <= $1
              ORDER BY not_before
              LIMIT $2
              FOR UPDATE SKIP LOCKED) c
      WHERE m.id = c.id
      RETURNING m.id, m.shop_id, m.phone, m.kind, m.body, m.encoding, m.topic, m.source_type, m.is_test, m.attempts`,
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
  }));
}
