// Last-30-days figures per flow, from the outbox, the click log and the orders mirror.
// - sent: handed to the provider (sent, delivered, failed after hand-off, expired, undeliverable, unknown).
// - delivered / failed: delivery receipts (failed includes expired and undeliverable). suppressed: not
//   sent (consent, caps, invalid number). Test messages never count.
// - clicks: clicks on the flow's tracked links, preview bots excluded.
// - orders / revenue (ATTRIBUTION RULE): an order placed within 5 days after an automation message was
//   sent to the same customer (the subscriber's linked customer) or the same phone is attributed to the
//   most recent such message (last touch); marketing flows only (an order update does not sell
//   anything); cancelled orders are left out. Revenue sums the attributed orders' totals in the shop
//   currency; orders in another currency are counted but not added to revenue.
import { sql } from 'drizzle-orm';
import type { AutomationFlowKey, AutomationStats } from '../contracts/automations.js';
import type { DbOrTx } from '../db/transaction.js';

export const STATS_WINDOW_DAYS = 30;
export const ATTRIBUTION_WINDOW_DAYS = 5;
export const ATTRIBUTION_RULE =
  `An order is attributed to a marketing automation when the same customer (or phone number) placed it within ${ATTRIBUTION_WINDOW_DAYS} days after the message was sent; ` +
  'if several messages qualify, the most recent one gets it. Cancelled orders are excluded; revenue counts orders in the shop currency.';

const DAY_MS = 86_400_000;

export interface StatsWindow {
  from: Date;
  to: Date;
}

export const statsWindow = (now: Date): StatsWindow => ({
  from: new Date(now.getTime() - STATS_WINDOW_DAYS * DAY_MS),
  to: now,
});

export const emptyStats = (currency: string): AutomationStats => ({
  sent: 0,
  delivered: 0,
  failed: 0,
  suppressed: 0,
  clicks: 0,
  orders: 0,
  revenue: '0.00',
  currency,
});

export async function loadAutomationStats(
  db: DbOrTx,
  shopId: string,
  currency: string,
  window: StatsWindow,
): Promise<Map<AutomationFlowKey | string, AutomationStats>> {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const [messageRows, clickRows, orderRows] = await Promise.all([
    db.execute<{ flow: string; sent: string; delivered: string; failed: string; suppressed: string }>(sql`
      SELECT source_id AS flow,
             count(*) FILTER (WHERE status IN ('sent', 'delivered', 'failed', 'expired', 'undeliverable', 'unknown'))::text AS sent,
             count(*) FILTER (WHERE status = 'delivered')::text AS delivered,
             count(*) FILTER (WHERE status IN ('failed', 'expired', 'undeliverable'))::text AS failed,
             count(*) FILTER (WHERE status = 'suppressed')::text AS suppressed
        FROM messages
       WHERE shop_id = ${shopId} AND source_type = 'automation' AND NOT is_test AND direction = 'outbound'
         AND created_at >= ${from}::timestamptz AND created_at <= ${to}::timestamptz
       GROUP BY source_id`),
    db.execute<{ flow: string; clicks: string }>(sql`
      SELECT m.source_id AS flow, count(*)::text AS clicks
        FROM link_clicks lc
        JOIN messages m ON m.shop_id = lc.shop_id AND m.id = lc.message_id
       WHERE lc.shop_id = ${shopId} AND NOT lc.is_bot AND m.source_type = 'automation' AND NOT m.is_test
         AND lc.clicked_at >= ${from}::timestamptz AND lc.clicked_at <= ${to}::timestamptz
       GROUP BY m.source_id`),
    db.execute<{ flow: string; orders: string; revenue: string }>(sql`
      WITH touches AS (
        SELECT m.source_id AS flow, m.sent_at, m.phone, s.customer_id
          FROM messages m
          LEFT JOIN subscribers s ON s.shop_id = m.shop_id AND s.id = m.subscriber_id
         WHERE m.shop_id = ${shopId} AND m.source_type = 'automation' AND m.kind = 'marketing' AND NOT m.is_test
           AND m.sent_at IS NOT NULL AND m.sent_at >= ${from}::timestamptz - make_interval(days => ${ATTRIBUTION_WINDOW_DAYS})
      ), attributed AS (
        SELECT DISTINCT ON (o.id) o.id, o.total_price, o.currency, t.flow
          FROM orders o
          JOIN touches t ON (t.customer_id = o.customer_id OR t.phone = o.phone)
                        AND o.shopify_created_at > t.sent_at
                        AND o.shopify_created_at <= t.sent_at + make_interval(days => ${ATTRIBUTION_WINDOW_DAYS})
         WHERE o.shop_id = ${shopId} AND o.cancelled_at IS NULL
           AND o.shopify_created_at >= ${from}::timestamptz AND o.shopify_created_at <= ${to}::timestamptz
         ORDER BY o.id, t.sent_at DESC
      )
      SELECT flow, count(*)::text AS orders, COALESCE(sum(total_price) FILTER (WHERE currency = ${currency}), 0)::numeric(14,2)::text AS revenue
        FROM attributed GROUP BY flow`),
  ]);
  const out = new Map<string, AutomationStats>();
  const get = (flow: string): AutomationStats => {
    let s = out.get(flow);
    if (!s) out.set(flow, (s = emptyStats(currency)));
    return s;
  };
  for (const r of messageRows.rows)
    Object.assign(get(r.flow), {
      sent: Number(r.sent),
      delivered: Number(r.delivered),
      failed: Number(r.failed),
      suppressed: Number(r.suppressed),
    });
  for (const r of clickRows.rows) get(r.flow).clicks = Number(r.clicks);
  for (const r of orderRows.rows)
    Object.assign(get(r.flow), { orders: Number(r.orders), revenue: r.revenue });
  return out;
}
