// Win-back: a daily scan per shop with the flow on. One set-based query finds subscribers (marketing
// consent, linked to a customer) whose last order was at least N days ago and less than 2N days ago (so
// someone gone for years is not texted forever) and who got no win-back in the last N days; each gets
// one message per lapse (idempotency key: subscriber and last order). Batches are bounded per run.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { loadAutomationShop, sendAutomationMessage, shopVariables } from './automation-sender.js';
import { withDiscount } from './delayed-runs.js';
import { loadFlowConfig } from './flow-repository.js';
import { flowMode } from './order-triggers.js';
import { recipientLocale } from './recipient-locale.js';

const log = logger.child({ component: 'automations', flow: 'win_back' });
const DAY_MS = 86_400_000;
export const WIN_BACK_BATCH = 2000;

interface Candidate extends Record<string, unknown> {
  id: string;
  phone: string;
  customer_id: string;
  country_code: string | null;
  province_code: string | null;
  locale: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  orders_count: number | null;
  total_spent: string | null;
  last_order_id: string | null;
}

export async function findWinBackCandidates(
  app: AppContext,
  shopId: string,
  days: number,
  now: Date,
): Promise<Candidate[]> {
  const lapsedBefore = new Date(now.getTime() - days * DAY_MS).toISOString();
  const lapsedAfter = new Date(now.getTime() - 2 * days * DAY_MS).toISOString();
  const result = await app.database.db.execute<Candidate>(sql`
    SELECT s.id::text AS id, s.phone, c.id::text AS customer_id, COALESCE(c.country_code, s.country_code) AS country_code,
           c.province_code, s.locale, c.first_name, c.last_name, c.email, c.orders_count, c.total_spent::text AS total_spent,
           c.last_order_id::text AS last_order_id
      FROM subscribers s
      JOIN customers c ON c.shop_id = s.shop_id AND c.id = s.customer_id AND c.deleted_at IS NULL AND c.redacted_at IS NULL
     WHERE s.shop_id = ${shopId} AND s.marketing_state = 'subscribed' AND s.transactional_state <> 'unsubscribed'
       AND c.last_order_at <= ${lapsedBefore}::timestamptz AND c.last_order_at > ${lapsedAfter}::timestamptz
       AND NOT EXISTS (
         SELECT 1 FROM messages m
          WHERE m.shop_id = s.shop_id AND m.phone = s.phone AND m.source_type = 'automation' AND m.source_id = 'win_back'
            AND NOT m.is_test AND m.created_at > ${lapsedBefore}::timestamptz)
     ORDER BY c.last_order_at
     LIMIT ${WIN_BACK_BATCH}`);
  return result.rows;
}

/** Scans one shop; returns the number of messages created. */
export async function runWinBackForShop(app: AppContext, shopId: string): Promise<number> {
  const db = app.database.db;
  const flow = await loadFlowConfig(db, shopId, 'win_back', flowMode(app));
  const shop = await loadAutomationShop(db, shopId);
  if (!flow.enabled || !shop) return 0;
  const now = app.clock.now();
  const candidates = await findWinBackCandidates(app, shopId, flow.options.winBackDays ?? 90, now);
  let created = 0;
  for (const c of candidates) {
    const variables = await withDiscount(app, shopId, flow, {
      subscriber: { phone: c.phone, first_name: c.first_name, last_name: c.last_name },
      customer: {
        first_name: c.first_name,
        last_name: c.last_name,
        email: c.email,
        orders_count: c.orders_count,
        total_spent: c.total_spent,
      },
      shop: shopVariables(shop),
    });
    const result = await db.transaction((tx) =>
      sendAutomationMessage(tx, app, shop, {
        flow,
        recipient: {
          phone: c.phone,
          subscriberId: c.id,
          customerId: c.customer_id,
          countryCode: c.country_code,
          locale: recipientLocale({
            locale: c.locale,
            countryCode: c.country_code,
            provinceCode: c.province_code,
            phone: c.phone,
          }),
          marketing: true,
        },
        variables,
        idempotencyKey: `win_back:${c.id}:${c.last_order_id ?? 'none'}`,
      }),
    );
    if (result.sent) created++;
  }
  log.info({ shopId, candidates: candidates.length, created }, 'win-back scan done');
  return created;
}

/** Shops whose win-back flow is switched on (the flow is off by default: only stored rows count). */
export async function shopsWithWinBack(app: AppContext): Promise<string[]> {
  const result = await app.database.db.execute<{ shop_id: string }>(sql`
    SELECT f.shop_id::text AS shop_id FROM automation_flows f JOIN shops s ON s.id = f.shop_id
     WHERE f.flow = 'win_back' AND f.enabled AND s.uninstalled_at IS NULL`);
  return result.rows.map((r) => r.shop_id);
}
