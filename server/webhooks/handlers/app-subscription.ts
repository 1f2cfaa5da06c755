// app_subscriptions/update: Shopify changed the shop's app subscription. The stored subscription follows it:
// approved (ACTIVE), declined, cancelled, frozen, expired, or a new capped amount. A newly activated
// subscription that replaces the stored one (a plan change) becomes the shop's subscription; its usage line
// item is read from Shopify by the next usage run. When the subscription stops being active, the shop's queued
// marketing messages are suppressed ('billing_inactive'); transactional ones are never touched by billing.
import { sql } from 'drizzle-orm';
import { decimalToMicros } from '../../billing/plans.js';
import { planOfName } from '../../billing/billing-service.js';
import { toSubscriptionStatus } from '../../billing/provider.js';
import { execute, jsonb, queryRows, timestamptz } from '../../store/sql.js';
import type { WebhookHandler } from '../handler-types.js';
import { shopOf } from './shop-of.js';

type StoredRow = {
  status: string;
  subscription_gid: string | null;
  plan: string;
};

export const handleAppSubscriptionUpdate: WebhookHandler<'app_subscriptions/update'> = async (
  ctx,
  payload,
) => {
  const shopId = shopOf(ctx);
  if (shopId === null) return;
  const sub = payload.app_subscription;
  const status = toSubscriptionStatus(sub.status);
  const now = ctx.app.clock.now();
  const capMicros = sub.capped_amount ? decimalToMicros(sub.capped_amount) : null;
  const [row] = await queryRows<StoredRow>(
    ctx.tx,
    sql`SELECT status, subscription_gid, plan FROM billing_subscriptions WHERE shop_id = ${shopId} FOR UPDATE`,
  );
  if (!row) {
    ctx.log.warn(
      { shopId, subscription: sub.admin_graphql_api_id, status },
      'app_subscriptions/update for a shop that never subscribed here: ignored',
    );
    return;
  }
  if (row.subscription_gid === sub.admin_graphql_api_id) {
    // A late PENDING never undoes an approval.
    if (status === 'pending' && row.status !== 'pending') return;
    await execute(
      ctx.tx,
      sql`UPDATE billing_subscriptions SET status = ${status},
            capped_micros = CASE WHEN ${status} = 'active' AND ${capMicros}::bigint IS NOT NULL THEN ${capMicros}::bigint ELSE capped_micros END,
            activated_at = CASE WHEN ${status} = 'active' THEN COALESCE(activated_at, ${timestamptz(now)}) ELSE activated_at END,
            confirmation_url = NULL, updated_at = ${timestamptz(now)}
          WHERE shop_id = ${shopId}`,
    );
  } else if (status === 'active') {
    const plan = (sub.name ? planOfName(sub.name) : null) ?? row.plan;
    await execute(
      ctx.tx,
      sql`UPDATE billing_subscriptions SET status = 'active', plan = ${plan}, subscription_gid = ${sub.admin_graphql_api_id},
            usage_line_item_gid = NULL, capped_micros = COALESCE(${capMicros}::bigint, capped_micros),
            activated_at = ${timestamptz(now)}, period_end = NULL, confirmation_url = NULL, updated_at = ${timestamptz(now)}
          WHERE shop_id = ${shopId}`,
    );
  } else {
    ctx.log.info(
      { shopId, subscription: sub.admin_graphql_api_id, status },
      'update of a subscription the shop no longer uses: ignored',
    );
    return;
  }
  let suppressed = 0;
  // Pending (chosen, not approved yet) sends on the no-plan allowance, so its queued marketing stays.
  if (status !== 'active' && status !== 'pending') {
    suppressed = await execute(
      ctx.tx,
      sql`WITH held AS (
            UPDATE messages SET status = 'suppressed', suppressed_reason = 'billing_inactive', updated_at = now()
             WHERE shop_id = ${shopId} AND status = 'queued' AND kind = 'marketing'
            RETURNING id
          )
          INSERT INTO message_events (shop_id, message_id, status, detail)
          SELECT ${shopId}::uuid, id, 'suppressed', ${jsonb({ reason: 'billing_inactive', subscription: status })} FROM held`,
    );
  }
  ctx.log.info(
    { shopId, subscription: sub.admin_graphql_api_id, status, suppressed },
    'app subscription updated',
  );
};
