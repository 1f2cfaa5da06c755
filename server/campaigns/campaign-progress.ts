// Live progress of a campaign for its detail page: the audience the fan-out found, recipients held out,
// and the campaign's messages by status (suppressed ones by reason). One GROUP BY over the campaign's
// messages (messages_campaign_status_idx) and one over its recipients without a message.
import type pg from 'pg';
import type { CampaignProgress } from '../contracts/campaigns.js';
import type { MessageStatus } from '../messaging/outbox/types.js';
import { assertNever } from '../errors.js';

export function emptyProgress(): CampaignProgress {
  return {
    audience: 0,
    holdout: 0,
    suppressed: {},
    queued: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    cancelled: 0,
  };
}

/**
 * Adds `n` messages in `status` to the progress. The counts are disjoint (each message once, where it is now):
 * `sent` is handed to the provider without a delivery report yet, `sending` includes `unknown` (handed off by a
 * worker that died before recording it), `failed` includes expired and undeliverable, `queued` includes the
 * messages of a paused campaign.
 */
export function addToProgress(
  p: CampaignProgress,
  status: MessageStatus,
  reason: string | null,
  n: number,
): void {
  switch (status) {
    case 'queued':
      p.queued += n;
      return;
    case 'sending':
    case 'unknown':
      p.sending += n;
      return;
    case 'sent':
      p.sent += n;
      return;
    case 'delivered':
      p.delivered += n;
      return;
    case 'failed':
    case 'expired':
    case 'undeliverable':
      p.failed += n;
      return;
    case 'cancelled':
      p.cancelled += n;
      return;
    case 'suppressed': {
      const key = reason ?? 'unknown';
      p.suppressed[key] = (p.suppressed[key] ?? 0) + n;
      return;
    }
    default:
      assertNever(status, 'message status');
  }
}

export async function campaignProgress(
  db: pg.Pool | pg.PoolClient,
  shopId: string,
  campaignId: string,
): Promise<CampaignProgress> {
  const [campaign, byStatus, skipped] = await Promise.all([
    db.query<{ audience_count: number | null }>(
      'SELECT audience_count FROM campaigns WHERE shop_id = $1 AND id = $2',
      [shopId, campaignId],
    ),
    db.query<{ status: MessageStatus; reason: string | null; n: number }>(
      `SELECT status, suppressed_reason AS reason, count(*)::int AS n
         FROM messages WHERE shop_id = $1 AND campaign_id = $2
        GROUP BY status, suppressed_reason`,
      [shopId, campaignId],
    ),
    // Recipients the fan-out gave no message: the holdout, and those it skipped (reason recorded).
    db.query<{ grp: string; reason: string | null; n: number }>(
      `SELECT "group" AS grp, suppressed_reason AS reason, count(*)::int AS n
         FROM campaign_recipients
        WHERE shop_id = $1 AND campaign_id = $2 AND message_id IS NULL AND ("group" = 'holdout' OR suppressed_reason IS NOT NULL)
        GROUP BY "group", suppressed_reason`,
      [shopId, campaignId],
    ),
  ]);
  const p = emptyProgress();
  p.audience = campaign.rows[0]?.audience_count ?? 0;
  for (const r of byStatus.rows) addToProgress(p, r.status, r.reason, r.n);
  for (const r of skipped.rows) {
    if (r.grp === 'holdout') p.holdout += r.n;
    else addToProgress(p, 'suppressed', r.reason, r.n);
  }
  return p;
}
