// Each flow's figures over a date range, read from the report counters (server/reports, migrations 0022 and
// 0026) — the same numbers as the flow report (GET /api/automations/:flow/report) for that range:
// - sent: handed to the provider; delivered; failed: failed, expired or undeliverable after hand-off;
//   suppressed: not sent (consent, caps, invalid number). Test messages never count.
// - clicks: clicks by people on the flow's tracked links (preview bots apart).
// - orders / revenue: orders attributed to the flow by the one attribution model of the reports (last touch: a
//   campaign's unique discount code, else a click within the shop's click window, else a delivery within its
//   delivered window); cancellations and refunds reduce the revenue; revenue counts orders in the shop currency.
import type pg from 'pg';
import type { AutomationFlowKey, AutomationStats } from '../contracts/automations.js';
import { money } from '../reports/counter-columns.js';
import { countersInRange, spanParams } from '../reports/counter-range.js';
import type { DateRange } from '../reports/report-range.js';
import type { AttributionWindows } from '../contracts/compliance.js';

/** The attribution sentence under the list (flows have no per-recipient codes: clicks, then deliveries). */
export const attributionRule = (w: AttributionWindows): string =>
  `Orders count for a flow when the customer (or phone number) ordered within ${w.clickDays} days after clicking one of its messages, ` +
  `or within ${w.deliveredHours} hours after one was delivered; a click counts before a delivery, and the latest message gets the order. ` +
  'Cancellations and refunds are taken off; revenue counts orders in the shop currency.';

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

interface FlowRow {
  flow: string;
  sent: string;
  delivered: string;
  failed: string;
  suppressed: string;
  clicks: string;
  orders: string;
  revenue: string;
}

export async function loadAutomationStats(
  pool: pg.Pool,
  shopId: string,
  currency: string,
  range: DateRange,
): Promise<Map<AutomationFlowKey | string, AutomationStats>> {
  const { rows } = await pool.query<FlowRow>(
    `SELECT c.source_id AS flow, sum(c.sent)::text AS sent, sum(c.delivered)::text AS delivered,
            sum(c.failed + c.expired + c.undeliverable)::text AS failed, sum(c.suppressed)::text AS suppressed,
            sum(c.clicks)::text AS clicks, sum(c.orders)::text AS orders, sum(c.revenue)::text AS revenue
       FROM ${countersInRange(`shop_id = $1 AND source_kind = 'flow'`, 2)} c
      GROUP BY c.source_id`,
    [shopId, ...spanParams(range)],
  );
  const out = new Map<string, AutomationStats>();
  for (const r of rows)
    out.set(r.flow, {
      sent: Number(r.sent),
      delivered: Number(r.delivered),
      failed: Number(r.failed),
      suppressed: Number(r.suppressed),
      clicks: Number(r.clicks),
      orders: Number(r.orders),
      revenue: money(Number(r.revenue)),
      currency,
    });
  return out;
}
