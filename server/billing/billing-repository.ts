// The shop's subscription row and its 30-day period. Every function takes the shop first after the
// connection and is scoped by it.
import type { Queryable } from '../messaging/outbox/queryable.js';
import type { Micros } from '../messaging/pricing.js';
import type { PlanId } from './plans.js';
import type { SubscriptionStatus } from './provider.js';

export const PERIOD_MS = 30 * 24 * 3_600_000;

export interface BillingRow {
  shopId: string;
  plan: PlanId;
  status: SubscriptionStatus;
  subscriptionGid: string | null;
  usageLineItemGid: string | null;
  cappedMicros: Micros;
  currency: string;
  /** BILLING_MARGIN_PERCENT when the row was last written (the usage charges and the cap checks use it). */
  marginPercent: number;
  test: boolean;
  confirmationUrl: string | null;
  activatedAt: Date | null;
  periodEnd: Date | null;
  createdAt: Date;
}

const COLUMNS = `shop_id::text AS "shopId", plan, status, subscription_gid AS "subscriptionGid",
  usage_line_item_gid AS "usageLineItemGid", capped_micros::float8 AS "cappedMicros", currency,
  margin_percent AS "marginPercent", test,
  confirmation_url AS "confirmationUrl", activated_at AS "activatedAt", period_end AS "periodEnd", created_at AS "createdAt"`;

export async function getBillingRow(db: Queryable, shopId: string): Promise<BillingRow | null> {
  const { rows } = await db.query<BillingRow>(
    `SELECT ${COLUMNS} FROM billing_subscriptions WHERE shop_id = $1`,
    [shopId],
  );
  return rows[0] ?? null;
}

export type BillingWrite = Omit<BillingRow, 'shopId' | 'createdAt'>;

export async function saveBillingRow(
  db: Queryable,
  shopId: string,
  row: BillingWrite,
  now: Date,
): Promise<BillingRow> {
  const { rows } = await db.query<BillingRow>(
    `INSERT INTO billing_subscriptions AS b (shop_id, plan, status, subscription_gid, usage_line_item_gid, capped_micros,
        currency, test, confirmation_url, activated_at, period_end, created_at, updated_at, margin_percent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
     ON CONFLICT (shop_id) DO UPDATE SET plan = excluded.plan, status = excluded.status,
        subscription_gid = excluded.subscription_gid, usage_line_item_gid = excluded.usage_line_item_gid,
        capped_micros = excluded.capped_micros, currency = excluded.currency, test = excluded.test, margin_percent = excluded.margin_percent,
        confirmation_url = excluded.confirmation_url, activated_at = excluded.activated_at,
        period_end = excluded.period_end, updated_at = excluded.updated_at
     RETURNING ${COLUMNS}`,
    [
      shopId,
      row.plan,
      row.status,
      row.subscriptionGid,
      row.usageLineItemGid,
      row.cappedMicros,
      row.currency,
      row.test,
      row.confirmationUrl,
      row.activatedAt,
      row.periodEnd,
      now,
      row.marginPercent,
    ],
  );
  return rows[0]!;
}

export interface Period {
  start: Date;
  end: Date;
}

/**
 * The current 30-day period: Shopify's currentPeriodEnd when known (rolled forward past `now`), else 30-day
 * windows from the activation (or creation) time.
 */
export function periodOf(
  row: Pick<BillingRow, 'periodEnd' | 'activatedAt' | 'createdAt'>,
  now: Date,
): Period {
  if (row.periodEnd) {
    let end = row.periodEnd.getTime();
    while (end <= now.getTime()) end += PERIOD_MS;
    while (end - PERIOD_MS > now.getTime()) end -= PERIOD_MS;
    return { start: new Date(end - PERIOD_MS), end: new Date(end) };
  }
  const origin = (row.activatedAt ?? row.createdAt).getTime();
  const n = Math.max(0, Math.floor((now.getTime() - origin) / PERIOD_MS));
  const start = origin + n * PERIOD_MS;
  return { start: new Date(start), end: new Date(start + PERIOD_MS) };
}

/** Marketing may be sent (and charged) only under an active subscription. */
export const isActive = (row: Pick<BillingRow, 'status'>): boolean => row.status === 'active';

/**
 * The merchant chose a plan but has not approved it on Shopify yet: the shop is treated as having no plan (its
 * no-plan allowance applies) until Shopify says ACTIVE or DECLINED.
 */
export const isPending = (row: Pick<BillingRow, 'status'>): boolean => row.status === 'pending';
