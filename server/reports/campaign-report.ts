// GET /api/campaigns/:id/report: every figure from report_counters / report_reasons (kept by the triggers of
// migration 0022), the time series from the counter buckets. Per-variant figures (A/B campaigns) and the holdout
// comparison read the campaign's recipients, because counters are not kept per variant.
import type pg from 'pg';
import type { CampaignReport, HoldoutComparison, ReasonCount, VariantReport } from '../contracts/reports.js';
import { twoProportionPValue } from '../campaigns/ab-stats.js';
import type { DbOrTx } from '../db/transaction.js';
import { loadAttributionWindows } from '../shops/compliance-settings.js';
import { figuresOf, money, ratesOf, sumColumns, type CounterSums } from './counter-columns.js';
import { campaignTimeSeries, type BucketRow } from './time-series.js';

interface CampaignRow {
  id: string;
  name: string;
  status: string;
  started_at: Date | null;
  ab_winner: string | null;
  has_ab: boolean;
  currency: string;
}

export async function findCampaign(
  pool: pg.Pool,
  shopId: string,
  campaignId: string,
): Promise<CampaignRow | null> {
  const { rows } = await pool.query<CampaignRow>(
    `SELECT c.id, c.name, c.status, c.started_at, c.ab_winner, c.ab IS NOT NULL AS has_ab, s.currency
       FROM campaigns c JOIN shops s ON s.id = c.shop_id
      WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  return rows[0] ?? null;
}

export async function loadReasons(
  pool: pg.Pool,
  shopId: string,
  kind: 'campaign' | 'flow',
  sourceId: string,
  range?: { from: Date; to: Date },
) {
  const { rows } = await pool.query<{ dimension: string; reason: string; count: number }>(
    `SELECT dimension, reason, sum(count)::int AS count FROM report_reasons
      WHERE shop_id = $1 AND source_kind = $2 AND source_id = $3
        AND ($4::timestamptz IS NULL OR day >= date_trunc('day', $4::timestamptz, 'UTC')) AND ($5::timestamptz IS NULL OR day <= $5)
      GROUP BY dimension, reason HAVING sum(count) > 0 ORDER BY 3 DESC, 2`,
    [shopId, kind, sourceId, range?.from ?? null, range?.to ?? null],
  );
  const of = (d: string): ReasonCount[] =>
    rows.filter((r) => r.dimension === d).map((r) => ({ reason: r.reason, count: r.count }));
  return { suppressedByReason: of('suppressed'), failedByError: of('error') };
}

async function variantReports(pool: pg.Pool, shopId: string, c: CampaignRow): Promise<VariantReport[]> {
  const { rows } = await pool.query<{
    variant: string;
    recipients: number;
    sent: number;
    delivered: number;
    failed: number;
    suppressed: number;
    unique_clicks: number;
    orders: number;
    revenue: string;
  }>(
    `SELECT cr.variant, count(*)::int AS recipients,
            count(*) FILTER (WHERE m.sent_at IS NOT NULL)::int AS sent,
            count(*) FILTER (WHERE m.status = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE m.status IN ('failed', 'expired', 'undeliverable'))::int AS failed,
            count(*) FILTER (WHERE m.status = 'suppressed' OR (m.id IS NULL AND cr.suppressed_reason IS NOT NULL))::int AS suppressed,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM link_clicks lc WHERE lc.shop_id = $1 AND lc.message_id = m.id AND NOT lc.is_bot))::int AS unique_clicks,
            COALESCE(sum(a.orders), 0)::int AS orders, COALESCE(sum(a.revenue), 0)::text AS revenue
       FROM campaign_recipients cr
       LEFT JOIN messages m ON m.shop_id = $1 AND m.id = cr.message_id
       LEFT JOIN (SELECT message_id, count(*) FILTER (WHERE NOT cancelled) AS orders,
                         sum(CASE WHEN cancelled OR NOT in_shop_currency THEN 0 ELSE GREATEST(total - refunded, 0) END) AS revenue
                    FROM order_attributions WHERE shop_id = $1 AND source_kind = 'campaign' AND source_id = $2::text
                   GROUP BY message_id) a ON a.message_id = m.id
      WHERE cr.shop_id = $1 AND cr.campaign_id = $2 AND cr."group" <> 'holdout'
      GROUP BY cr.variant ORDER BY cr.variant`,
    [shopId, c.id],
  );
  const base = rows[0];
  return rows.map((r) => {
    const figures = figuresOf({
      sent: r.sent,
      delivered: r.delivered,
      failed: r.failed,
      suppressed: r.suppressed,
      unique_clicks: r.unique_clicks,
      orders: r.orders,
      revenue: r.revenue,
      produced: r.recipients,
    });
    const pValue =
      base && r !== base
        ? twoProportionPValue(r.unique_clicks, r.delivered, base.unique_clicks, base.delivered)
        : null;
    return {
      variant: r.variant,
      recipients: r.recipients,
      figures,
      rates: ratesOf(figures),
      significance: pValue === null ? null : { pValue, significant: pValue < 0.05 },
      winner: c.ab_winner === r.variant,
    };
  });
}

/** Holdout vs sent group: share of recipients whose customer ordered within the click window after the start, and revenue per recipient. */
async function holdoutComparison(
  pool: pg.Pool,
  shopId: string,
  c: CampaignRow,
  clickDays: number,
): Promise<HoldoutComparison> {
  const { rows } = await pool.query<{ held: boolean; recipients: number; buyers: number; revenue: string }>(
    `SELECT cr."group" = 'holdout' AS held, count(*)::int AS recipients, count(*) FILTER (WHERE o.n > 0)::int AS buyers,
            COALESCE(sum(o.revenue), 0)::text AS revenue
       FROM campaign_recipients cr
       JOIN subscribers s ON s.shop_id = cr.shop_id AND s.id = cr.subscriber_id
       LEFT JOIN LATERAL (
         SELECT count(*) AS n, sum(GREATEST(o.total_price - o.refunded_amount, 0)) AS revenue FROM orders o
          WHERE o.shop_id = $1 AND o.customer_id = s.customer_id AND o.cancelled_at IS NULL
            AND o.shopify_created_at >= $3 AND o.shopify_created_at < $3::timestamptz + make_interval(days => $4)) o ON s.customer_id IS NOT NULL
      WHERE cr.shop_id = $1 AND cr.campaign_id = $2
      GROUP BY 1`,
    [shopId, c.id, c.started_at ?? new Date(0), clickDays],
  );
  const held = rows.find((r) => r.held) ?? { recipients: 0, buyers: 0, revenue: '0' };
  const sent = rows.find((r) => !r.held) ?? { recipients: 0, buyers: 0, revenue: '0' };
  const rate = (r: { recipients: number; buyers: number }) =>
    r.recipients > 0 ? r.buyers / r.recipients : null;
  const perRecipient = (r: { recipients: number; revenue: string }) =>
    r.recipients > 0 ? Number(r.revenue) / r.recipients : null;
  const hr = rate(held);
  const sr = rate(sent);
  const hp = perRecipient(held);
  const sp = perRecipient(sent);
  return {
    holdoutRecipients: held.recipients,
    holdoutOrders: held.buyers,
    holdoutOrderRate: hr,
    holdoutRevenuePerRecipient: hp === null ? null : money(hp),
    sentRecipients: sent.recipients,
    sentOrderRate: sr,
    sentRevenuePerRecipient: sp === null ? null : money(sp),
    incrementalOrderRate: hr === null || sr === null ? null : sr - hr,
    incrementalRevenuePerRecipient: hp === null || sp === null ? null : money(sp - hp),
  };
}

export async function campaignBuckets(
  pool: pg.Pool,
  shopId: string,
  campaignId: string,
): Promise<BucketRow[]> {
  const { rows } = await pool.query<BucketRow>(
    `SELECT bucket, sum(sent) AS sent, sum(delivered) AS delivered, sum(clicks) AS clicks, sum(orders) AS orders, sum(revenue) AS revenue
       FROM report_counters WHERE shop_id = $1 AND source_kind = 'campaign' AND source_id = $2
      GROUP BY bucket ORDER BY bucket`,
    [shopId, campaignId],
  );
  return rows;
}

export async function campaignReport(
  pool: pg.Pool,
  db: DbOrTx,
  shopId: string,
  campaignId: string,
): Promise<CampaignReport | null> {
  const c = await findCampaign(pool, shopId, campaignId);
  if (!c) return null;
  const [totals, reasons, buckets, windows] = await Promise.all([
    pool.query<CounterSums & { fresh_at: Date | null }>(
      `SELECT ${sumColumns('c')}, max(c.updated_at) AS fresh_at FROM report_counters c
        WHERE c.shop_id = $1 AND c.source_kind = 'campaign' AND c.source_id = $2`,
      [shopId, campaignId],
    ),
    loadReasons(pool, shopId, 'campaign', campaignId),
    campaignBuckets(pool, shopId, campaignId),
    loadAttributionWindows(db, shopId),
  ]);
  const row = totals.rows[0];
  const figures = figuresOf(row);
  const holdoutCount = Number(row?.holdout ?? 0);
  return {
    campaignId: c.id,
    name: c.name,
    status: c.status,
    currency: c.currency,
    startedAt: c.started_at?.toISOString() ?? null,
    audience: Number(row?.audience ?? 0),
    figures,
    rates: ratesOf(figures),
    ...reasons,
    timeSeries: campaignTimeSeries(buckets, c.started_at),
    variants: c.has_ab ? await variantReports(pool, shopId, c) : [],
    holdout: holdoutCount > 0 ? await holdoutComparison(pool, shopId, c, windows.clickDays) : null,
    attributionWindows: windows,
    freshAt: row?.fresh_at ? new Date(row.fresh_at).toISOString() : null,
  };
}
