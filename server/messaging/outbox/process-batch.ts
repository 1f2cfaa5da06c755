// One claimed batch, end to end: re-check the gates (set-based facts, pure evaluation), apply the
// rate limits, hand the rest to each shop's provider, and record every outcome in one statement.
import { logger } from '../../logger.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { OutboundSms, SendOutcome, SmsProvider } from '../providers/types.js';
import { retryDelayMs, type BackoffPolicy } from '../../jobs/backoff.js';
import type { ClaimedMessage } from './claim.js';
import { createGateEvaluator } from './gates.js';
import type { Queryable } from './queryable.js';
import { loadRecipientFacts, loadSendHistory } from './recipient-facts.js';
import { recordOutcomes, type Outcome } from './record.js';
import { loadSendingSettings, type ShopSendingSettings } from './shop-sending-settings.js';
import type { RateLimiter } from './token-bucket.js';

const log = logger.child({ component: 'dispatcher' });

export interface BatchDeps {
  db: Queryable;
  registry: ProviderRegistry;
  limiter: RateLimiter;
  maxAttempts: number;
  backoff: BackoffPolicy;
  random?: () => number;
  /** Time source for recorded timestamps (sent_at is when the provider answered, not when claimed). */
  now: () => Date;
}

export interface BatchStats {
  sent: number;
  failed: number;
  retried: number;
  suppressed: number;
  deferred: number;
  /** Left in 'sending' because the provider threw (a bug): the lease expiry hands them to reconcile. */
  abandoned: number;
  /** Left in 'sending' because the provider may have taken them (timeout): reconciled like a crash. */
  uncertain: number;
}

export function emptyStats(): BatchStats {
  return { sent: 0, failed: 0, retried: 0, suppressed: 0, deferred: 0, abandoned: 0, uncertain: 0 };
}

function mapSendOutcome(
  deps: BatchDeps,
  provider: SmsProvider,
  msg: ClaimedMessage,
  outcome: Exclude<SendOutcome, { status: 'uncertain' }>,
  now: Date,
): Outcome {
  switch (outcome.status) {
    case 'accepted':
      return {
        id: msg.id,
        type: 'sent',
        provider: provider.name,
        providerMessageId: outcome.providerMessageId,
      };
    case 'rejected':
      return {
        id: msg.id,
        type: 'failed',
        provider: provider.name,
        code: outcome.code,
        reason: outcome.reason,
      };
    case 'transient': {
      if (msg.attempts >= deps.maxAttempts)
        return {
          id: msg.id,
          type: 'failed',
          provider: provider.name,
          code: outcome.code,
          reason: `${outcome.reason} (gave up after ${msg.attempts} attempts)`,
        };
      const delay = retryDelayMs(msg.attempts, deps.backoff, deps.random, outcome.retryAfterMs);
      return {
        id: msg.id,
        type: 'retry',
        code: outcome.code,
        reason: outcome.reason,
        notBefore: new Date(now.getTime() + delay),
      };
    }
  }
}

async function gateAndSend(
  deps: BatchDeps,
  shop: ShopSendingSettings,
  batch: ClaimedMessage[],
  batchIds: string[],
  now: Date,
): Promise<{ outcomes: Outcome[]; abandoned: number; uncertain: number }> {
  const phones = batch.map((m) => m.phone);
  const [facts, history] = await Promise.all([
    loadRecipientFacts(deps.db, shop.shopId, phones),
    loadSendHistory(deps.db, shop.shopId, phones, { now, includeQueued: false, excludeIds: batchIds }),
  ]);
  const gates = createGateEvaluator(shop);
  const outcomes: Outcome[] = [];
  const ready: ClaimedMessage[] = [];
  for (const msg of batch) {
    let h = history.get(msg.phone);
    if (!h) history.set(msg.phone, (h = []));
    const decision = gates.evaluate(msg, facts.get(msg.phone)!, h, now);
    if ('suppress' in decision)
      outcomes.push({
        id: msg.id,
        type: 'suppressed',
        reason: decision.suppress,
        ...(decision.code === undefined ? {} : { code: decision.code }),
      });
    else if ('defer' in decision)
      outcomes.push({
        id: msg.id,
        type: 'deferred',
        notBefore: decision.defer,
        reason: decision.reason ?? 'quiet_hours',
      });
    else ready.push(msg);
  }
  if (ready.length === 0) return { outcomes, abandoned: 0, uncertain: 0 };
  const provider = deps.registry.forShop(shop.shopId);
  const grant = deps.limiter.acquire(shop.shopId, provider.name, ready.length, now.getTime());
  const toSend = ready.slice(0, grant.granted);
  ready.slice(grant.granted).forEach((msg, i) =>
    outcomes.push({
      id: msg.id,
      type: 'deferred',
      notBefore: new Date(now.getTime() + grant.delayMs(i)),
      reason: 'rate_limited',
      silent: true,
    }),
  );
  if (toSend.length === 0) return { outcomes, abandoned: 0, uncertain: 0 };
  const outbound: OutboundSms[] = toSend.map((m) => ({
    messageId: m.id,
    to: m.phone,
    from: shop.senderId,
    body: m.body,
    encoding: m.encoding,
  }));
  let results: SendOutcome[];
  try {
    // The provider plans its own requests within capabilities.maxRecipientsPerRequest (MessageBird
    // groups identical bodies, ≤ 50 recipients each).
    results = await provider.send(outbound);
  } catch (err) {
    // send() only rejects on bugs: we cannot tell what went out, so the rows stay 'sending' and
    // the lease expiry hands them to reconcile (which asks the provider where it can).
    log.error(
      { err, shopId: shop.shopId, count: toSend.length },
      'provider send threw; leaving batch to reconcile',
    );
    return { outcomes, abandoned: toSend.length, uncertain: 0 };
  }
  const byId = new Map(results.map((r) => [r.messageId, r]));
  let uncertain = 0;
  let holdUntil = 0;
  for (const msg of toSend) {
    const result = byId.get(msg.id);
    if (!result) continue;
    // Maybe taken: no outcome, so the row stays 'sending' under this claim and the lease expiry hands
    // it to reconcile (provider look-up, else marketing unknown / transactional resent).
    if (result.status === 'uncertain') uncertain++;
    else outcomes.push(mapSendOutcome(deps, provider, msg, result, now));
    if (result.status === 'transient' && result.retryAfterMs !== undefined)
      holdUntil = Math.max(holdUntil, now.getTime() + result.retryAfterMs);
  }
  if (holdUntil > 0) {
    // 429 with Retry-After: this shop's rate is 0 until then; other shops are not affected.
    deps.limiter.holdShop(shop.shopId, holdUntil);
    log.warn({ shopId: shop.shopId, until: new Date(holdUntil) }, 'provider rate-limited the shop');
  }
  if (uncertain > 0)
    log.warn({ shopId: shop.shopId, count: uncertain }, 'provider outcome uncertain; left to reconcile');
  return {
    outcomes,
    abandoned: toSend.length - toSend.filter((m) => byId.has(m.id)).length,
    uncertain,
  };
}

/** Processes a claimed batch and records the outcomes under `claimToken`. */
export async function processBatch(
  deps: BatchDeps,
  claimToken: string,
  batch: ClaimedMessage[],
  now: Date,
): Promise<BatchStats> {
  const stats = emptyStats();
  if (batch.length === 0) return stats;
  const byShop = new Map<string, ClaimedMessage[]>();
  for (const m of batch) {
    const list = byShop.get(m.shopId);
    if (list) list.push(m);
    else byShop.set(m.shopId, [m]);
  }
  const settings = await loadSendingSettings(deps.db, [...byShop.keys()]);
  const batchIds = batch.map((m) => m.id);
  const outcomes: Outcome[] = [];
  const perShop = await Promise.all(
    [...byShop].map(async ([shopId, msgs]) => {
      const shop = settings.get(shopId);
      if (!shop)
        return {
          outcomes: msgs.map((m): Outcome => ({
            id: m.id,
            type: 'failed',
            code: 'shop_not_found',
            reason: 'shop no longer exists',
          })),
          abandoned: 0,
          uncertain: 0,
        };
      return gateAndSend(deps, shop, msgs, batchIds, now);
    }),
  );
  for (const r of perShop) {
    outcomes.push(...r.outcomes);
    stats.abandoned += r.abandoned;
    stats.uncertain += r.uncertain;
  }
  await recordOutcomes(deps.db, claimToken, deps.now(), outcomes);
  for (const o of outcomes) {
    if (o.type === 'sent') stats.sent++;
    else if (o.type === 'failed') stats.failed++;
    else if (o.type === 'retry') stats.retried++;
    else if (o.type === 'suppressed') stats.suppressed++;
    else if (o.type === 'deferred') stats.deferred++;
  }
  return stats;
}
