// The winner job's work: each test variant's recipients, clickers (people, not preview bots), buyers and
// revenue since their message (orders by the recipient's customer or phone, cancelled ones left out), the
// decision (ab-winner.ts), then the rest's fan-out phase.
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { chooseWinner, type VariantFigures } from './ab-winner.js';
import { getCampaign, recordAudit, updateCampaign } from './campaign-repository.js';
import { inTransaction } from '../db/transaction.js';

const log = logger.child({ component: 'campaign-winner' });

export async function variantFigures(
  app: AppContext,
  shopId: string,
  campaignId: string,
): Promise<VariantFigures[]> {
  const { rows } = await app.database.pool.query<{
    variant: string;
    recipients: number;
    clickers: number;
    buyers: number;
    revenue: number;
    revenue_sq: number;
  }>(
    `WITH r AS (
       SELECT cr.variant, m.id AS message_id, m.phone, COALESCE(m.sent_at, m.created_at) AS since, s.customer_id
         FROM campaign_recipients cr
         JOIN messages m ON m.shop_id = cr.shop_id AND m.id = cr.message_id
         LEFT JOIN subscribers s ON s.shop_id = cr.shop_id AND s.id = cr.subscriber_id
        WHERE cr.shop_id = $1 AND cr.campaign_id = $2 AND cr."group" = 'test'
     )
     SELECT r.variant, count(*)::int AS recipients,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM link_clicks lc WHERE lc.shop_id = $1 AND lc.message_id = r.message_id AND NOT lc.is_bot))::int AS clickers,
            count(*) FILTER (WHERE o.n > 0)::int AS buyers,
            COALESCE(sum(o.revenue), 0)::float8 AS revenue,
            COALESCE(sum(o.revenue * o.revenue), 0)::float8 AS revenue_sq
       FROM r
       LEFT JOIN LATERAL (
         SELECT count(*) AS n, COALESCE(sum(total_price), 0) AS revenue FROM orders o
          WHERE o.shop_id = $1 AND o.cancelled_at IS NULL AND o.shopify_created_at > r.since
            AND (o.customer_id = r.customer_id OR o.phone = r.phone)
       ) o ON true
      GROUP BY r.variant ORDER BY r.variant`,
    [shopId, campaignId],
  );
  return rows.map((r) => ({
    key: r.variant,
    recipients: r.recipients,
    clickers: r.clickers,
    buyers: r.buyers,
    revenue: r.revenue,
    revenueSquares: r.revenue_sq,
  }));
}

/** Decides the winner (once) and moves the fan-out to the rest. False when there is nothing to decide. */
export async function decideWinner(app: AppContext, shopId: string, campaignId: string): Promise<boolean> {
  const campaign = await getCampaign(app.database.pool, shopId, campaignId);
  if (!campaign?.ab || campaign.fanoutPhase !== 'waiting') return false;
  const figures = await variantFigures(app, shopId, campaignId);
  const all = campaign.ab.variants.map(
    (v) =>
      figures.find((f) => f.key === v.key) ?? {
        key: v.key,
        recipients: 0,
        clickers: 0,
        buyers: 0,
        revenue: 0,
        revenueSquares: 0,
      },
  );
  const result = chooseWinner(campaign.ab.metric, all);
  const now = app.clock.now();
  await inTransaction(app.database.pool, async (tx) => {
    await updateCampaign(
      tx,
      shopId,
      campaignId,
      {
        ab_winner: result.winner,
        ab_decided_at: now,
        ab_result: result,
        fanout_phase: 'winner',
        fanout_cursor: null,
      },
      now,
    );
    await recordAudit(
      tx,
      shopId,
      campaignId,
      'system',
      'winner_chosen',
      { winner: result.winner, pValue: result.pValue, summary: result.summary },
      now,
    );
  });
  log.info({ shopId, campaignId, winner: result.winner, pValue: result.pValue }, 'A/B winner chosen');
  return true;
}
