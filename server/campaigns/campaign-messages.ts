// What pausing, resuming and cancelling a campaign does to its messages not yet handed to the provider.
//
// The dispatcher's claim never takes a message of a paused or cancelled campaign (claim.ts looks up the
// campaign's status), so the status change itself takes effect at the next claim, within a poll interval.
// These functions then bring the campaign's queued rows in line with its status, in one statement each,
// so that later claims do not walk past a million held rows in the dispatch index:
// - paused: queued messages are parked, their not_before moved PARK_SHIFT into the future (each keeps its
//   own time: a recipient-local or quiet-hours time is restored exactly on resume);
// - sending (resumed): parked messages get their time back (due ones go with the next claim);
// - cancelled: queued messages (parked or not) become `cancelled`, with a `cancelled` event giving the reason.
// Calls for one campaign are serialised (transaction-scoped advisory lock) and each reads the campaign's
// status under that lock, so a pause and a resume racing each other always end in the state of the last
// status committed. They do not lock the campaign row: a status change never waits for a bulk update.
import type pg from 'pg';
import { assertNever } from '../errors.js';
import type { CampaignStatus } from '../contracts/campaigns.js';

/** How far a paused campaign's queued messages are pushed: out of every claim's range, and reversible. */
export const PARK_SHIFT = "interval '8000 years'";
/** A queued message with not_before past this instant is parked (no real send time is this far away). */
export const PARKED_AFTER = '5000-01-01T00:00:00Z';
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
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
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
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function applyStatus(
  client: pg.PoolClient,
  shopId: string,
  campaignId: string,
  status: CampaignStatus,
  result: CampaignMessagesResult,
): Promise<void> {
  switch (status) {
    case 'paused':
      result.parked = await park(client, shopId, campaignId);
      return;
    case 'sending':
    case 'completed':
      result.unparked = await unpark(client, shopId, campaignId);
      return;
    case 'cancelled':
      result.cancelled = await cancel(client, shopId, campaignId);
      return;
    case 'draft':
    case 'scheduled':
      // Nothing was fanned out yet (a campaign returns to these only before it starts).
      return;
    default:
      assertNever(status, 'campaign status');
  }
}

async function park(client: pg.PoolClient, shopId: string, campaignId: string): Promise<number> {
  const r = await client.query(
    `UPDATE messages SET not_before = not_before + ${PARK_SHIFT}, updated_at = now()
      WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued' AND not_before < $3::timestamptz`,
    [shopId, campaignId, PARKED_AFTER],
  );
  return r.rowCount ?? 0;
}

async function unpark(client: pg.PoolClient, shopId: string, campaignId: string): Promise<number> {
  const r = await client.query(
    `UPDATE messages SET not_before = not_before - ${PARK_SHIFT}, updated_at = now()
      WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued' AND not_before >= $3::timestamptz`,
    [shopId, campaignId, PARKED_AFTER],
  );
  if ((r.rowCount ?? 0) > 0) await client.query(`SELECT pg_notify('messages_queued', $1)`, [shopId]);
  return r.rowCount ?? 0;
}

async function cancel(client: pg.PoolClient, shopId: string, campaignId: string): Promise<number> {
  const r = await client.query(
    `WITH cancelled AS (
       UPDATE messages SET status = 'cancelled', error_reason = $3, lease_expires_at = NULL, updated_at = now()
        WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued'
        RETURNING id
     )
     INSERT INTO message_events (shop_id, message_id, status, detail)
     SELECT $1, id, 'cancelled', jsonb_build_object('reason', $3::text) FROM cancelled`,
    [shopId, campaignId, CAMPAIGN_CANCELLED_REASON],
  );
  return r.rowCount ?? 0;
}

/** After the campaign's status became `paused`: parks its queued messages. */
export const pauseCampaignMessages = applyCampaignStatusToMessages;
/** After the campaign's status went back to `sending`: its parked messages get their send times back. */
export const resumeCampaignMessages = applyCampaignStatusToMessages;
/** After the campaign's status became `cancelled`: its queued messages become `cancelled` (reason campaign_cancelled). */
export const cancelCampaignMessages = applyCampaignStatusToMessages;
