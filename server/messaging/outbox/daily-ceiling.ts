// The daily send ceiling of new shops: a shop installed less than `newShopDays` days ago may create at most
// `dailyCeiling` messages per rolling 24 hours (NEW_SHOP_DAILY_CEILING, NEW_SHOP_DAYS). Counted here, from
// the shop's messages that were not suppressed or cancelled; spent by the gates at creation, which suppress
// the rest with reason 'daily_ceiling' (visible in the message list). Two enqueues racing may together
// overshoot by at most the second one's batch: this is an abuse brake, not a billing limit.
import type { Queryable } from './queryable.js';

export interface NewShopCeiling {
  /** Messages per rolling 24 hours; 0 = no ceiling. */
  dailyCeiling: number;
  /** A shop installed fewer days ago than this is new. */
  newShopDays: number;
}

const DAY_MS = 24 * 3_600_000;

/** How many more messages the shop may create now; null when no ceiling applies (not new, or disabled). */
export async function remainingDailySends(
  db: Queryable,
  shopId: string,
  now: Date,
  policy: NewShopCeiling,
): Promise<number | null> {
  if (policy.dailyCeiling <= 0 || policy.newShopDays <= 0) return null;
  const { rows } = await db.query<{ used: string | null }>(
    `SELECT CASE WHEN s.installed_at > $2::timestamptz - make_interval(days => $3::int) THEN
              (SELECT count(*) FROM messages m
                WHERE m.shop_id = s.id AND m.direction = 'outbound' AND m.created_at > $4::timestamptz
                  AND m.status <> ALL ('{suppressed,cancelled}'::text[]))
            END AS used
       FROM shops s WHERE s.id = $1`,
    [shopId, now, policy.newShopDays, new Date(now.getTime() - DAY_MS)],
  );
  const used = rows[0]?.used;
  if (used === null || used === undefined) return null;
  return Math.max(0, policy.dailyCeiling - Number(used));
}

/** The ceiling as configured (config.sendLimits). */
export const newShopCeilingOf = (limits: {
  newShopDailyCeiling: number;
  newShopDays: number;
}): NewShopCeiling => ({
  dailyCeiling: limits.newShopDailyCeiling,
  newShopDays: limits.newShopDays,
});
