// shop/redact (48 hours after uninstall): delete everything stored for the shop. Every shop-scoped
// table references shops(id) ON DELETE CASCADE, so deleting the shop row deletes the rest; agenda jobs
// carrying the shop's id and the webhook inbox rows of its domain go too. Kept: the shop/redact
// delivery being processed (the inbox processor marks it done in this transaction; it holds only the
// shop's id and domain, and the maintenance job prunes it 30 days later). Inbox rows another
// processor is handling at this instant are skipped (SKIP LOCKED, never waited on); with the shop row
// gone their handlers write nothing, and they are pruned with the rest.
//
// A shop installed again after the redact request was triggered (a late retry, or an admin replaying the
// old event) is not touched: the request was about the previous installation.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { WebhookHandler } from '../handler-types.js';
import { cancelShopJobs, eventTimeOf, LATEST_INSTALL } from './lifecycle.js';
import { execute, queryRows, timestamptz } from '../../store/sql.js';

export interface ShopRedactResult {
  shopDeleted: boolean;
  /** True when the shop was installed after the request was triggered: nothing was deleted. */
  reinstalledSince: boolean;
  jobsCancelled: number;
  webhookEventsDeleted: number;
}

export async function deleteShopData(
  tx: DbOrTx,
  shopDomain: string,
  keepWebhookId: string,
  triggeredAt: Date,
): Promise<ShopRedactResult> {
  const shops = await queryRows<{ id: string; reinstalled: boolean }>(
    tx,
    sql`SELECT id::text AS id, ${LATEST_INSTALL} > ${timestamptz(triggeredAt)} AS reinstalled FROM shops WHERE domain = ${shopDomain} FOR UPDATE`,
  );
  if (shops[0]?.reinstalled)
    return { shopDeleted: false, reinstalledSince: true, jobsCancelled: 0, webhookEventsDeleted: 0 };
  const shopId = shops[0]?.id ?? null;
  let jobsCancelled = 0;
  if (shopId !== null) {
    jobsCancelled = await cancelShopJobs(tx, shopId);
    await execute(tx, sql`DELETE FROM shops WHERE id = ${shopId}`);
  }
  const webhookEventsDeleted = await execute(
    tx,
    sql`DELETE FROM webhook_events WHERE id IN (
          SELECT id FROM webhook_events WHERE shop_domain = ${shopDomain} AND webhook_id <> ${keepWebhookId}
          FOR UPDATE SKIP LOCKED)`,
  );
  return { shopDeleted: shopId !== null, reinstalledSince: false, jobsCancelled, webhookEventsDeleted };
}

export const handleShopRedact: WebhookHandler<'shop/redact'> = async (ctx, payload) => {
  if (payload.shop_domain !== ctx.shopDomain) {
    ctx.log.warn(
      { header: ctx.shopDomain, payload: payload.shop_domain },
      'shop/redact payload names another domain: using the header',
    );
  }
  const result = await deleteShopData(ctx.tx, ctx.shopDomain, ctx.webhookId, await eventTimeOf(ctx));
  ctx.log.info(
    { shopDomain: ctx.shopDomain, ...result },
    result.reinstalledSince
      ? 'shop/redact older than the latest install: ignored'
      : 'shop data deleted (shop/redact)',
  );
};
