// shop/redact (48 hours after uninstall): delete everything stored for the shop. Every shop-scoped
// table references shops(id) ON DELETE CASCADE, so deleting the shop row deletes the rest; agenda jobs
// carrying the shop's id and the webhook inbox rows of its domain go too. Kept: the shop/redact
// delivery being processed (the inbox processor marks it done in this transaction; it holds only the
// shop's id and domain, and the maintenance job prunes it 30 days later). Inbox rows another
// processor is handling at this instant are skipped (SKIP LOCKED, never waited on); with the shop row
// gone their handlers write nothing, and they are pruned with the rest.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import type { WebhookHandler } from '../handler-types.js';
import { cancelShopJobs } from './lifecycle.js';
import { execute, queryRows } from './sql-helpers.js';

export interface ShopRedactResult {
  shopDeleted: boolean;
  jobsCancelled: number;
  webhookEventsDeleted: number;
}

export async function deleteShopData(tx: DbOrTx, shopDomain: string, keepWebhookId: string): Promise<ShopRedactResult> {
  const shops = await queryRows<{ id: string }>(tx, sql`SELECT id::text AS id FROM shops WHERE domain = ${shopDomain} FOR UPDATE`);
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
  return { shopDeleted: shopId !== null, jobsCancelled, webhookEventsDeleted };
}

export const handleShopRedact: WebhookHandler<'shop/redact'> = async (ctx, payload) => {
  if (payload.shop_domain !== ctx.shopDomain) {
    ctx.log.warn({ header: ctx.shopDomain, payload: payload.shop_domain }, 'shop/redact payload names another domain: using the header');
  }
  const result = await deleteShopData(ctx.tx, ctx.shopDomain, ctx.webhookId);
  ctx.log.info({ shopDomain: ctx.shopDomain, ...result }, 'shop data deleted (shop/redact)');
};
