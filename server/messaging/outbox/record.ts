// Recording what happened to a claimed batch: one UPDATE ... FROM unnest(...) for every row and the
// matching message_events rows, in a single statement. Only rows still held by this claim token
// are touched (status sending, unknown after a reconcile, or queued by a reconcile and not yet
// claimed again), so a late or duplicate recorder can never overwrite someone else's claim.
import { queryIndexed, type Queryable } from './queryable.js';
import type { MessageStatus, SuppressReason } from './types.js';

export type Outcome =
  /** The provider accepted it. */
  | { id: string; type: 'sent'; provider: string; providerMessageId: string }
  /** Permanent rejection, or transient failures past the attempt limit. */
  | { id: string; type: 'failed'; provider?: string; code: string; reason: string }
  /** Transient failure: back to the queue at notBefore. */
  | { id: string; type: 'retry'; code: string; reason: string; notBefore: Date }
  /** A gate said no at dispatch time (`code`: the provider's code behind a flagged number, in the event). */
  | { id: string; type: 'suppressed'; reason: SuppressReason; code?: string }
  /** Not tried (quiet hours, rate limit): back to the queue, the attempt is given back. */
  | { id: string; type: 'deferred'; notBefore: Date; reason: string; silent?: boolean }
  /** Reconcile: nobody can tell whether the provider got it (at most once: never resent). */
  | { id: string; type: 'unknown'; reason: string };

interface Row {
  status: MessageStatus;
  event: string | null;
  provider: string | null;
  pmid: string | null;
  code: string | null;
  reason: string | null;
  suppressed: string | null;
  notBefore: Date | null;
  refund: number;
}

function toRow(o: Outcome): Row {
  const none = {
    provider: null,
    pmid: null,
    code: null,
    reason: null,
    suppressed: null,
    notBefore: null,
    refund: 0,
  };
  switch (o.type) {
    case 'sent':
      // No event row: the hand-off is the row's own sent_at, provider and provider_message_id (a message
      // is sent at most once), and the history synthesizes it, as it does 'queued' from created_at.
      // One INSERT less per message on the hottest path.
      return { ...none, status: 'sent', event: null, provider: o.provider, pmid: o.providerMessageId };
    case 'failed':
      return {
        ...none,
        status: 'failed',
        event: 'failed',
        provider: o.provider ?? null,
        code: o.code,
        reason: o.reason,
      };
    case 'retry':
      return {
        ...none,
        status: 'queued',
        event: 'retry_scheduled',
        code: o.code,
        reason: o.reason,
        notBefore: o.notBefore,
      };
    case 'suppressed':
      return {
        ...none,
        status: 'suppressed',
        event: 'suppressed',
        suppressed: o.reason,
        reason: o.reason,
        code: o.code ?? null,
      };
    case 'deferred':
      return {
        ...none,
        status: 'queued',
        event: o.silent ? null : 'deferred',
        reason: o.reason,
        notBefore: o.notBefore,
        refund: 1,
      };
    case 'unknown':
      return { ...none, status: 'unknown', event: 'unknown', reason: o.reason };
  }
}

/** Applies the outcomes; returns how many rows this claim still held (and so were updated). */
export async function recordOutcomes(
  db: Queryable,
  claimToken: string,
  now: Date,
  outcomes: readonly Outcome[],
): Promise<number> {
  if (outcomes.length === 0) return 0;
  const rows = outcomes.map(toRow);
  const col = <T>(f: (r: Row) => T): T[] => rows.map(f);
  const result = await queryIndexed<{ n: number }>(
    db,
    `WITH o AS (
       SELECT * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                            $10::timestamptz[], $11::int[], $12::text[])
         AS o(id, status, event, provider, pmid, code, reason, not_before, refund, suppressed)
     ), held AS MATERIALIZED (
       -- The rows this claim still holds, locked, found by primary key from the outcomes (LATERAL:
       -- the batch drives the loop whatever the table's statistics say).
       SELECT o.*
         FROM o
         CROSS JOIN LATERAL (
           SELECT 1 FROM messages x
            WHERE x.id = o.id AND x.claimed_by = $1 AND x.status IN ('sending', 'unknown', 'queued')
            FOR UPDATE) l
     ), u AS (
       UPDATE messages m
          SET status = o.status,
              provider = COALESCE(o.provider, m.provider),
              provider_message_id = COALESCE(o.pmid, m.provider_message_id),
              error_code = CASE WHEN o.status IN ('failed', 'queued') AND o.code IS NOT NULL THEN o.code ELSE m.error_code END,
              error_reason = CASE WHEN o.status IN ('failed', 'queued') AND o.code IS NOT NULL THEN o.reason ELSE m.error_reason END,
              suppressed_reason = COALESCE(o.suppressed, m.suppressed_reason),
              sent_at = CASE WHEN o.status = 'sent' THEN $2 ELSE m.sent_at END,
              failed_at = CASE WHEN o.status = 'failed' THEN $2 ELSE m.failed_at END,
              not_before = COALESCE(o.not_before, m.not_before),
              attempts = m.attempts - o.refund,
              lease_expires_at = NULL,
              updated_at = $2
         FROM held o
        WHERE m.id = o.id
        RETURNING m.id, m.shop_id, m.attempts, o.event, o.provider, o.pmid, o.code, o.reason, o.not_before
     ), e AS (
       INSERT INTO message_events (shop_id, message_id, status, detail, occurred_at)
       SELECT u.shop_id, u.id, u.event,
              jsonb_strip_nulls(jsonb_build_object('attempt', u.attempts, 'provider', u.provider,
                'providerMessageId', u.pmid, 'code', u.code, 'reason', u.reason, 'notBefore', u.not_before)),
              $2
         FROM u WHERE u.event IS NOT NULL
     )
     SELECT count(*)::int AS n FROM u`,
    [
      claimToken,
      now,
      outcomes.map((o) => o.id),
      col((r) => r.status),
      col((r) => r.event),
      col((r) => r.provider),
      col((r) => r.pmid),
      col((r) => r.code),
      col((r) => r.reason),
      col((r) => r.notBefore),
      col((r) => r.refund),
      col((r) => r.suppressed),
    ],
  );
  return result.rows[0]!.n;
}
