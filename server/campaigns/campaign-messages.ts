// What pausing, resuming and cancelling a campaign does to its messages not yet handed to the provider.
//
// The dispatcher's claim never takes a message of a paused or cancelled campaign (claim.ts looks up the
// campaign's status), so the status change itself takes effect at the next claim, within a poll interval,
// however many messages are queued. These bulk updates then bring the campaign's queued rows in line with
// its status, in one statement each, so that later claims do not walk past a million held rows:
// - paused: queued messages are parked, their not_before moved PARK_SHIFT ahead (each keeps its own time: a
//   recipient-local or quiet-hours time is restored exactly on resume);
// - sending (resumed): parked messages get their time back (due ones go with the next claim);
// - cancelled: queued messages (parked or not) become `cancelled`, with a `cancelled` event giving the reason.
// Commit the status change first (that is what takes effect at once), then call
// applyCampaignStatusToMessages: calls for one campaign are serialised (transaction-scoped advisory lock)
// and each reads the campaign's status under that lock, so a pause and a resume racing each other end in the
// state of the last status committed. The campaign row is not locked: a status change never waits for a
// bulk update of a million rows.
import type pg from 'pg';
import type { CampaignStatus } from '../contracts/campaigns.js';
import { inTransaction } from '../db/transaction.js';
import { assertNever } from '../errors.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** How far a paused campaign's queued messages are pushed: out of every claim's range, and reversible. */
const PARK_SHIFT = "interval '1000 years'";
/** A queued message with not_before past this instant is parked (no real send time is this far away). */
const PARKED_AFTER = '2500-01-01T00:00:00Z';
export const CAMPAIGN_CANCELLED_REASON = 'campaign_cancelled';

export interface CampaignMessagesResult {
  status: CampaignStatus | null;
  parked: number;
  unparked: number;
  cancelled: number;
}

/** Brings the campaign's queued messages in line with its current status (see the file comment). */
export async function applyCampaignStatusToMessages(
  pool: pg.Pool,
  shopId: string,
  campaignId: string,
): Promise<CampaignMessagesResult> {
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('campaign-messages'), hashtext($1))`, [
      campaignId,
    ]);
    const { rows } = await client.query<{ status: CampaignStatus }>(
      'SELECT status FROM campaigns WHERE shop_id = $1 AND id = $2',
      [shopId, campaignId],
    );
    const status = rows[0]?.status ?? null;
    const result: CampaignMessagesResult = { status, parked: 0, unparked: 0, cancelled: 0 };
    if (status !== null) await applyStatus(client, shopId, campaignId, status, result);
    return result;
  });
}

async function applyStatus(
  db: Queryable,
  shopId: string,
  campaignId: string,
  status: CampaignStatus,
  result: CampaignMessagesResult,
): Promise<void> {
  switch (status) {
    case 'paused':
      result.parked = await parkCampaignMessages(db, shopId, campaignId);
      return;
    case 'sending':
    case 'completed':
      result.unparked = await unparkCampaignMessages(db, shopId, campaignId);
      return;
    case 'cancelled':
      result.cancelled = await cancelCampaignMessages(db, shopId, campaignId);
      return;
    case 'draft':
    case 'scheduled':
      // Nothing was fanned out yet.
      return;
    default:
      assertNever(status, 'campaign status');
  }
}

/** Parks the campaign's queued messages (idempotent). Prefer applyCampaignStatusToMessages. */
export async function parkCampaignMessages(
  db: Queryable,
  shopId: string,
  campaignId: string,
): Promise<number> {
  const r = await db.query(
    `UPDATE messages SET not_before = not_before + ${PARK_SHIFT}, updated_at = now()
      WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued' AND not_before < $3::timestamptz`,
    [shopId, campaignId, PARKED_AFTER],
  );
  return r.rowCount ?? 0;
}

/** Gives parked messages their send times back (idempotent) and wakes the dispatchers. */
export async function unparkCampaignMessages(
  db: Queryable,
  shopId: string,
  campaignId: string,
): Promise<number> {
  const r = await db.query(
    `UPDATE messages SET not_before = not_before - ${PARK_SHIFT}, updated_at = now()
      WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued' AND not_before >= $3::timestamptz`,
    [shopId, campaignId, PARKED_AFTER],
  );
  if ((r.rowCount ?? 0) > 0) await db.query(`SELECT pg_notify('messages_queued', $1)`, [shopId]);
  return r.rowCount ?? 0;
}

/** Cancels the campaign's queued messages (parked or not), each with a `cancelled` event naming the reason. */
export async function cancelCampaignMessages(
  db: Queryable,
  shopId: string,
  campaignId: string,
): Promise<number> {
  const r = await db.query(
    `WITH cancelled AS (
       UPDATE messages SET status = 'cancelled', error_reason = $3, lease_expires_at = NULL, updated_at = now()
        WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued'
        RETURNING id
     )
     INSERT INTO message_events (shop_id, message_id, status, detail)
     SELECT $1::uuid, id, 'cancelled', jsonb_build_object('reason', $3::text) FROM cancelled`,
    [shopId, campaignId, CAMPAIGN_CANCELLED_REASON],
  );
  return r.rowCount ?? 0;
}
