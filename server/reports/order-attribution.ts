// Why an order is attributed (GET /api/orders/:id/attribution) and the attributed orders of a campaign or flow
// (GET /api/reports/orders). Rows are written by the orders trigger of migration 0022.
import type pg from 'pg';
import type { AttributedOrderRow, OrderAttribution } from '../contracts/report-drill-down.js';
import { money } from './counter-columns.js';

interface Row {
  order_id: string;
  name: string | null;
  ordered_at: Date;
  currency: string;
  message_id: string | null;
  source_kind: 'campaign' | 'flow' | null;
  source_id: string | null;
  channel: 'click' | 'delivery' | 'discount_code' | null;
  matched_by: 'customer' | 'phone' | 'discount_code' | null;
  window_hours: number | null;
  touched_at: Date | null;
  total: string | null;
  refunded: string | null;
  cancelled: boolean | null;
}

export function ruleText(
  channel: Row['channel'],
  matchedBy: Row['matched_by'],
  windowHours: number | null,
): string | null {
  const who = matchedBy === 'customer' ? 'the same customer' : 'the same phone number';
  switch (channel) {
    case null:
      return null;
    case 'discount_code':
      return "The order used the recipient's unique discount code from the message (a code wins over clicks and deliveries).";
    case 'click':
      return `Last click on the message's link by ${who} within ${Math.round((windowHours ?? 0) / 24)} days before the order (a click wins over a delivery).`;
    case 'delivery':
      return `Message delivered to ${who} within ${windowHours ?? 0} hours before the order, with no click in the click window.`;
  }
}

function toAttribution(r: Row): OrderAttribution {
  const cancelled = r.cancelled ?? false;
  const total = Number(r.total ?? 0);
  const refunded = Number(r.refunded ?? 0);
  return {
    orderId: r.order_id,
    orderName: r.name,
    attributed: r.message_id !== null,
    messageId: r.message_id,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    channel: r.channel,
    matchedBy: r.matched_by,
    rule: ruleText(r.channel, r.matched_by, r.window_hours),
    touchedAt: r.touched_at?.toISOString() ?? null,
    revenue: r.message_id === null || cancelled ? '0.00' : money(Math.max(total - refunded, 0)),
    refunded: money(refunded),
    cancelled,
    currency: r.currency,
  };
}

const SELECT = `SELECT o.id::text AS order_id, o.name, o.shopify_created_at AS ordered_at, o.currency, a.message_id, a.source_kind, a.source_id,
                       a.channel, a.matched_by, a.window_hours, a.touched_at, a.total::text, a.refunded::text, a.cancelled`;

/** null: no such order in the shop. */
export async function orderAttribution(
  pool: pg.Pool,
  shopId: string,
  orderId: string,
): Promise<OrderAttribution | null> {
  const { rows } = await pool.query<Row>(
    `${SELECT} FROM orders o LEFT JOIN order_attributions a ON a.shop_id = o.shop_id AND a.order_id = o.id
      WHERE o.shop_id = $1 AND o.id = $2::bigint`,
    [shopId, orderId],
  );
  return rows[0] ? toAttribution(rows[0]) : null;
}

export async function attributedOrders(
  pool: pg.Pool,
  shopId: string,
  source: { kind: 'campaign' | 'flow'; id: string },
  range: { from: Date; to: Date } | null,
  limit = 500,
): Promise<AttributedOrderRow[]> {
  const { rows } = await pool.query<Row>(
    `${SELECT} FROM order_attributions a JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
      WHERE a.shop_id = $1 AND a.source_kind = $2 AND a.source_id = $3
        AND ($4::timestamptz IS NULL OR a.ordered_at >= $4) AND ($5::timestamptz IS NULL OR a.ordered_at <= $5)
      ORDER BY a.ordered_at DESC, a.order_id DESC LIMIT $6`,
    [shopId, source.kind, source.id, range?.from ?? null, range?.to ?? null, limit],
  );
  return rows.map((r) => ({ ...toAttribution(r), orderedAt: r.ordered_at.toISOString() }));
}
