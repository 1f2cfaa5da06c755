// Local mode's billing provider: no store, the same states. A subscription is created pending and its
// "confirmation page" is the app's own /billing page with the charge id, as Shopify's return would be; the
// simulated merchant approves at once, so the next sync (POST /api/billing/confirm) finds it ACTIVE. A new
// capped amount is approved the same way. Usage charges are accepted up to the capped amount of the period.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../messaging/outbox/queryable.js';
import type { Micros } from '../messaging/pricing.js';
import { getBillingRow, periodOf } from './billing-repository.js';
import { PLANS } from './plans.js';
import type { BillingProvider, RemoteSubscription } from './provider.js';

const numericTail = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

export function createSimulatedBilling(db: Queryable, now: () => Date): BillingProvider {
  /** Subscriptions created and not superseded, by shop (this app's memory; the database row is the truth). */
  const created = new Map<string, { gid: string; name: string; capMicros: Micros }>();
  const approvedCaps = new Map<string, Micros>();
  /** Usage records by idempotency key: a repeated key returns the record it created (as Shopify does). */
  const usage = new Map<string, string>();

  return {
    kind: 'simulated',
    async createSubscription(shopId, input) {
      const gid = `gid://shopify/AppSubscription/${Date.now()}${Math.floor(Math.random() * 1000)}`;
      created.set(shopId, { gid, name: input.plan.name, capMicros: input.capMicros });
      approvedCaps.delete(shopId);
      const url = new URL(input.returnUrl);
      url.searchParams.set('charge_id', numericTail(gid));
      return { subscriptionGid: gid, confirmationUrl: url.toString() };
    },

    async activeSubscriptions(shopId) {
      const row = await getBillingRow(db, shopId);
      const pending = created.get(shopId);
      const current =
        pending ??
        (row?.subscriptionGid && row.status !== 'cancelled'
          ? { gid: row.subscriptionGid, name: PLANS[row.plan].name, capMicros: row.cappedMicros }
          : null);
      if (!current) return [];
      const sub: RemoteSubscription = {
        gid: current.gid,
        name: current.name,
        status: row?.status === 'frozen' ? 'FROZEN' : 'ACTIVE',
        test: true,
        currentPeriodEnd: null,
        usageLineItemGid: `gid://shopify/AppSubscriptionLineItem/${numericTail(current.gid)}?v=1&index=1`,
        cappedMicros: approvedCaps.get(shopId) ?? current.capMicros,
        currency: 'USD',
      };
      return [sub];
    },

    async recordUsage(shopId, input) {
      const seen = usage.get(`${shopId}:${input.idempotencyKey}`);
      if (seen) return { ok: true, gid: seen };
      const row = await getBillingRow(db, shopId);
      if (!row) return { ok: false, reason: 'rejected', message: 'no subscription' };
      const period = periodOf(row, now());
      const { rows } = await db.query<{ used: string }>(
        `SELECT COALESCE(sum(amount_micros), 0)::text AS used FROM usage_records
          WHERE shop_id = $1 AND status = 'billed' AND created_at >= $2 AND created_at < $3 AND idempotency_key <> $4`,
        [shopId, period.start, period.end, input.idempotencyKey],
      );
      if (Number(rows[0]!.used) + input.amountMicros > row.cappedMicros) {
        return { ok: false, reason: 'cap_exceeded', message: 'Total price exceeds balance remaining' };
      }
      const gid = `gid://shopify/AppUsageRecord/${randomUUID()}`;
      usage.set(`${shopId}:${input.idempotencyKey}`, gid);
      return { ok: true, gid };
    },

    async updateCap(shopId, input) {
      approvedCaps.set(shopId, input.capMicros);
      const row = await getBillingRow(db, shopId);
      if (row?.subscriptionGid)
        created.set(shopId, {
          gid: row.subscriptionGid,
          name: PLANS[row.plan].name,
          capMicros: input.capMicros,
        });
      return {
        confirmationUrl: `/billing?charge_id=${row?.subscriptionGid ? numericTail(row.subscriptionGid) : ''}`,
      };
    },
  };
}
