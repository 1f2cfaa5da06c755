// Key figures of campaigns for the list: sent (handed to the provider), delivered, clicks by people, and
// orders and revenue attributed as for automations: an order by the recipient's customer or phone within
// ATTRIBUTION_WINDOW_DAYS after the message was sent (cancelled orders left out; revenue in the shop
// currency only). Test messages never count.
import type pg from 'pg';
import { ATTRIBUTION_WINDOW_DAYS } from '../automations/automation-stats.js';

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
  currency: string,
): Promise<Map<string, CampaignFigures>> {
  const out = new Map<string, CampaignFigures>(
    campaignIds.map((id) => [id, { sent: 0, delivered: 0, clicks: 0, orders: 0, revenue: '0.00' }]),
  );
  if (campaignIds.length === 0) return out;
  const [messages, clicks, orders] = await Promise.all([
    pool.query<{ id: string; sent: number; delivered: number }>(
      `SELECT campaign_id::text AS id,
              count(*) FILTER (WHERE status IN ('sent', 'delivered', 'failed', 'expired', 'undeliverable', 'unknown'))::int AS sent,
              count(*) FILTER (WHERE status = 'delivered')::int AS delivered
         FROM messages WHERE shop_id = $1 AND campaign_id = ANY($2::uuid[]) AND NOT is_test
        GROUP BY campaign_id`,
      [shopId, campaignIds],
    ),
    pool.query<{ id: string; clicks: number }>(
      `SELECT m.campaign_id::text AS id, count(*)::int AS clicks
         FROM link_clicks lc JOIN messages m ON m.shop_id = lc.shop_id AND m.id = lc.message_id
        WHERE lc.shop_id = $1 AND NOT lc.is_bot AND m.campaign_id = ANY($2::uuid[]) AND NOT m.is_test
        GROUP BY m.campaign_id`,
      [shopId, campaignIds],
    ),
    pool.query<{ id: string; orders: number; revenue: string }>(
      `WITH touches AS (
         SELECT m.campaign_id, m.sent_at, m.phone, s.customer_id
           FROM messages m LEFT JOIN subscribers s ON s.shop_id = m.shop_id AND s.id = m.subscriber_id
          WHERE m.shop_id = $1 AND m.campaign_id = ANY($2::uuid[]) AND NOT m.is_test AND m.sent_at IS NOT NULL
       ), attributed AS (
         SELECT DISTINCT ON (t.campaign_id, o.id) t.campaign_id, o.total_price, o.currency
           FROM orders o JOIN touches t ON (t.customer_id = o.customer_id OR t.phone = o.phone)
            AND o.shopify_created_at > t.sent_at AND o.shopify_created_at <= t.sent_at + make_interval(days => $4)
          WHERE o.shop_id = $1 AND o.cancelled_at IS NULL
       )
       SELECT campaign_id::text AS id, count(*)::int AS orders,
              COALESCE(sum(total_price) FILTER (WHERE currency = $3), 0)::numeric(14,2)::text AS revenue
         FROM attributed GROUP BY campaign_id`,
      [shopId, campaignIds, currency, ATTRIBUTION_WINDOW_DAYS],
    ),
  ]);
  for (const r of messages.rows) Object.assign(out.get(r.id)!, { sent: r.sent, delivered: r.delivered });
  for (const r of clicks.rows) out.get(r.id)!.clicks = r.clicks;
  for (const r of orders.rows) Object.assign(out.get(r.id)!, { orders: r.orders, revenue: r.revenue });
  return out;
}
