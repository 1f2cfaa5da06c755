// Key figures of campaigns for the list, from the same report counters as the campaign report (one attribution
// model for campaigns and flows: server/reports, migration 0022): sent (handed to the provider), delivered,
// clicks by people (bots apart), and the orders and revenue attributed to the campaign. Test messages never count.
import type pg from 'pg';
import { figuresOf, sumColumns, type CounterSums } from '../reports/counter-columns.js';

export interface CampaignFigures {
  sent: number;
  delivered: number;
  clicks: number;
  orders: number;
  revenue: string;
}

export async function campaignFigures(
  pool: pg.Pool,
  shopId: string,
  campaignIds: string[],
): Promise<Map<string, CampaignFigures>> {
  const out = new Map<string, CampaignFigures>(
    campaignIds.map((id) => [id, { sent: 0, delivered: 0, clicks: 0, orders: 0, revenue: '0.00' }]),
  );
  if (campaignIds.length === 0) return out;
  const { rows } = await pool.query<CounterSums & { id: string }>(
    `SELECT c.source_id AS id, ${sumColumns('c')} FROM report_counters c
      WHERE c.shop_id = $1 AND c.source_kind = 'campaign' AND c.source_id = ANY($2::text[])
      GROUP BY c.source_id`,
    [shopId, campaignIds],
  );
  for (const row of rows) {
    const f = figuresOf(row);
    out.set(row.id, {
      sent: f.sent,
      delivered: f.delivered,
      clicks: f.clicks,
      orders: f.orders,
      revenue: f.revenue,
    });
  }
  return out;
}
