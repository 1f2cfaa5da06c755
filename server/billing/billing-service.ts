// Subscribing to a plan, syncing the subscription from the provider after the merchant's approval (or
// decline), raising the capped amount, and the check a campaign passes before it is sent.
import type { AppContext } from '../app-context.js';
import type { CampaignEstimate } from '../contracts/campaigns.js';
import type { BillingRedirect, CapInput, SubscribeInput } from '../contracts/billing.js';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import { formatMicrosAsUsd } from '../messaging/pricing.js';
import { getBillingRow, isActive, isPending, saveBillingRow, type BillingRow } from './billing-repository.js';
import { budgetOf } from './billing-spend.js';
import { loadNoPlanAllowance } from './no-plan-allowance.js';
import { PLANS, decimalToMicros, planIds, usageTerms, withMargin, type PlanId } from './plans.js';
import { toSubscriptionStatus, type RemoteSubscription } from './provider.js';

const log = logger.child({ component: 'billing' });

export const planOfName = (name: string): PlanId | null =>
  planIds.find((id) => PLANS[id].name === name) ?? null;

/** appSubscriptionCreate for the plan; the merchant approves at the returned confirmation URL. */
export async function subscribe(
  app: AppContext,
  shopId: string,
  input: SubscribeInput,
  returnUrl: string,
): Promise<BillingRedirect> {
  const plan = PLANS[input.plan];
  const capMicros = input.cap ? decimalToMicros(input.cap) : plan.defaultCapMicros;
  const created = await app.billing.createSubscription(shopId, {
    plan,
    capMicros,
    terms: usageTerms(plan, app.config.billing.marginPercent),
    returnUrl,
    test: app.config.billing.test,
  });
  const pool = app.database.pool;
  const row = await getBillingRow(pool, shopId);
  // A plan change keeps the active subscription (and its sends) until Shopify activates the new one.
  if (!row || !isActive(row)) {
    await saveBillingRow(
      pool,
      shopId,
      {
        plan: plan.id,
        status: 'pending',
        subscriptionGid: created.subscriptionGid,
        usageLineItemGid: null,
        cappedMicros: capMicros,
        currency: 'USD',
        marginPercent: app.config.billing.marginPercent,
        test: app.config.billing.test,
        confirmationUrl: created.confirmationUrl,
        activatedAt: null,
        periodEnd: null,
      },
      app.clock.now(),
    );
  }
  log.info(
    { shopId, plan: plan.id, subscription: created.subscriptionGid },
    'subscription created, awaiting approval',
  );
  return { confirmationUrl: created.confirmationUrl };
}

/**
 * Reads currentAppInstallation.activeSubscriptions and stores what Shopify says: the active subscription
 * (plan, usage line item, capped amount, period), or, when none is active, a pending one becomes declined
 * and an active one cancelled.
 */
export async function syncSubscription(app: AppContext, shopId: string): Promise<BillingRow | null> {
  const pool = app.database.pool;
  const now = app.clock.now();
  const [remote, row] = await Promise.all([
    app.billing.activeSubscriptions(shopId),
    getBillingRow(pool, shopId),
  ]);
  const current: RemoteSubscription | undefined =
    remote.find((s) => s.status === 'ACTIVE' || s.status === 'ACCEPTED') ?? remote[0];
  if (!current) {
    if (!row) return null;
    const status = row.status === 'pending' ? 'declined' : row.status === 'active' ? 'cancelled' : row.status;
    if (status === row.status) return row;
    log.info({ shopId, from: row.status, to: status }, 'no active subscription on Shopify');
    return saveBillingRow(pool, shopId, { ...row, status, confirmationUrl: null }, now);
  }
  const same = row?.subscriptionGid === current.gid;
  const status = toSubscriptionStatus(current.status);
  return saveBillingRow(
    pool,
    shopId,
    {
      plan: planOfName(current.name) ?? row?.plan ?? 'free',
      status,
      subscriptionGid: current.gid,
      usageLineItemGid: current.usageLineItemGid,
      cappedMicros: current.cappedMicros,
      currency: current.currency,
      marginPercent: app.config.billing.marginPercent,
      test: current.test,
      confirmationUrl: null,
      activatedAt:
        status === 'active' ? ((same ? row?.activatedAt : null) ?? now) : (row?.activatedAt ?? null),
      periodEnd: current.currentPeriodEnd,
    },
    now,
  );
}

/** appSubscriptionLineItemUpdate: a higher capped amount, approved by the merchant at the returned URL. */
export async function requestCapIncrease(
  app: AppContext,
  shopId: string,
  input: CapInput,
): Promise<BillingRedirect> {
  const row = await getBillingRow(app.database.pool, shopId);
  if (!row || !isActive(row) || !row.usageLineItemGid) {
    throw new AppError({
      code: 'billing_not_active',
      status: 409,
      message: 'The capped amount can be changed only on an active plan; choose a plan first',
    });
  }
  const capMicros = decimalToMicros(input.cap);
  if (capMicros <= row.cappedMicros) {
    throw new AppError({
      code: 'validation_failed',
      status: 400,
      message: `Invalid cap: must be more than the current cap of ${formatMicrosAsUsd(row.cappedMicros)} ${row.currency}`,
      fields: { cap: `must be more than ${formatMicrosAsUsd(row.cappedMicros)}` },
    });
  }
  return app.billing.updateCap(shopId, {
    lineItemGid: row.usageLineItemGid,
    capMicros,
    currency: row.currency,
  });
}

/**
 * Before a campaign is sent: its largest estimated charge must fit in what the cap leaves this period. Otherwise
 * 409 naming the options: raise the cap, or send to part of the audience (fields.audienceThatFits: the most
 * recipients whose largest charge fits, which options.audienceLimit can be set to). A shop that never chose a
 * plan, or whose chosen plan is still pending the merchant's approval: its largest estimated segments must fit
 * in what the no-plan allowance leaves (409 naming the options: choose a plan, or send to part of the audience);
 * not gated when BILLING_NO_PLAN_SEGMENTS=off.
 */
export async function assertCampaignWithinCap(
  app: AppContext,
  shopId: string,
  estimateOf: () => Promise<CampaignEstimate>,
): Promise<void> {
  const row = await getBillingRow(app.database.pool, shopId);
  if (!row || isPending(row)) {
    const segments = app.config.billing.noPlanSegments;
    if (segments !== null) await assertWithinNoPlanAllowance(app, shopId, segments, estimateOf);
    return;
  }
  const budget = await budgetOf(app.database.pool, row, app.clock.now());
  if (!budget.active) {
    throw new AppError({
      code: 'billing_inactive',
      status: 409,
      message: `Your plan is ${row.status}: marketing messages are not sent until a plan is active. Choose a plan on the Plan & usage page.`,
    });
  }
  const estimate = await estimateOf();
  const needed = withMargin(decimalToMicros(estimate.cost.max), budget.marginPercent);
  if (needed <= budget.remainingMicros) return;
  // The estimate prices every recipient alike: cost.max is exactly reachable × the largest cost of one text.
  const perRecipient = estimate.reachable > 0 ? decimalToMicros(estimate.cost.max) / estimate.reachable : 0;
  const fit = recipientsThatFit(
    perRecipient,
    budget.marginPercent,
    budget.remainingMicros,
    estimate.reachable,
  );
  const money = (m: number) => `${formatMicrosAsUsd(m)} ${row.currency}`;
  throw new AppError({
    code: 'billing_cap',
    status: 409,
    message:
      `This campaign could be charged up to ${money(needed)}, but only ${money(budget.remainingMicros)} of your ` +
      `${money(row.cappedMicros)} spending cap is left this period. Raise the cap on the Plan & usage page, ` +
      `or send to part of the audience (${fit} of ${estimate.reachable} recipients fit).`,
    fields: { raiseCap: 'POST /api/billing/cap', audienceThatFits: String(fit) },
  });
}

/** The most recipients n (at most `reachable`) whose charge, withMargin(n × perRecipient), fits in `remaining`. */
export function recipientsThatFit(
  perRecipient: number,
  marginPercent: number,
  remaining: number,
  reachable: number,
): number {
  if (perRecipient <= 0) return reachable;
  const charge = (n: number) => withMargin(n * perRecipient, marginPercent);
  let n = Math.min(reachable, Math.floor((remaining * 100) / (perRecipient * (100 + marginPercent))));
  while (n > 0 && charge(n) > remaining) n--;
  while (n < reachable && charge(n + 1) <= remaining) n++;
  return n;
}

async function assertWithinNoPlanAllowance(
  app: AppContext,
  shopId: string,
  segments: number,
  estimateOf: () => Promise<CampaignEstimate>,
): Promise<void> {
  const allowance = await loadNoPlanAllowance(app.database.pool, shopId, app.clock.now(), segments);
  const estimate = await estimateOf();
  const needed = estimate.reachable * estimate.segments.max;
  if (needed <= allowance.remainingSegments) return;
  const fit = estimate.segments.max > 0 ? Math.floor(allowance.remainingSegments / estimate.segments.max) : 0;
  throw new AppError({
    code: 'billing_cap',
    status: 409,
    message:
      `This campaign could send up to ${needed} SMS segments, but without a plan only ${allowance.remainingSegments} ` +
      `of the ${allowance.segments} segments included every 30 days are left this period. Choose a plan on the ` +
      `Plan & usage page, or send to part of the audience (${fit} of ${estimate.reachable} recipients fit).`,
    fields: { choosePlan: 'POST /api/billing/subscribe', audienceThatFits: String(fit) },
  });
}
