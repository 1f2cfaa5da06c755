// Creating messages: gates at creation, then one set-based INSERT per chunk. The idempotency key
// makes this safe to repeat: (shop_id, idempotency_key) is unique and a repeat is a no-op that
// returns the existing row. Messages failing consent or caps are stored as `suppressed` with the
// reason (the merchant sees why); quiet hours store them `queued` with a later not_before.
import { analyzeSms } from '../encoding.js';
import { pricePerSegment } from '../pricing.js';
import { remainingDailySends, type NewShopCeiling } from './daily-ceiling.js';
import { lockBillingBudget, type BudgetLease } from '../../billing/billing-spend-counter.js';
import { createGateEvaluator, type GateEvaluator } from './gates.js';
import type { Queryable } from './queryable.js';
import { loadRecipientFacts, loadSendHistory } from './recipient-facts.js';
import { loadSendingSettings } from './shop-sending-settings.js';
import type { MessageDraft, SuppressReason } from './types.js';
import type { ShopSendingSettings } from './shop-sending-settings.js';
import { AppError } from '../../errors.js';
import { logger } from '../../logger.js';

export const MESSAGES_QUEUED_CHANNEL = 'messages_queued';
const CHUNK = 5000;

export interface EnqueuedMessage {
  id: string;
  idempotencyKey: string;
  status: 'queued' | 'suppressed' | 'existing';
  suppressedReason: SuppressReason | null;
  notBefore: Date;
}

export interface EnqueueResult {
  /** One entry per distinct idempotency key, in input order. */
  messages: EnqueuedMessage[];
  queued: number;
  deferred: number;
  suppressed: number;
  /** Keys that already had a message (nothing was created for them). */
  existing: number;
}

export interface EnqueueOptions {
  now?: Date;
  /** The new-shop daily ceiling (config.sendLimits); absent: none (tests, benchmarks). */
  newShopCeiling?: NewShopCeiling;
  /**
   * Segments per 30 days a shop that never chose a plan may send (config.billing.noPlanSegments); null or
   * absent: such a shop is not limited (tests, benchmarks). Shops with a subscription are always held to it.
   */
  noPlanSegments?: number | null;
}

interface Row {
  subscriberId: string | null;
  draft: MessageDraft;
  encoding: string;
  segments: number;
  costMicros: number;
  status: 'queued' | 'suppressed';
  reason: SuppressReason | null;
  notBefore: Date;
  countryCode: string | null;
}

export async function enqueueMessages(
  db: Queryable,
  shopId: string,
  drafts: readonly MessageDraft[],
  opts: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const now = opts.now ?? new Date();
  const shop = (await loadSendingSettings(db, [shopId])).get(shopId);
  if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });
  const seen = new Set<string>();
  const unique = drafts.filter((d) =>
    seen.has(d.idempotencyKey) ? false : (seen.add(d.idempotencyKey), true),
  );
  const result: EnqueueResult = { messages: [], queued: 0, deferred: 0, suppressed: 0, existing: 0 };
  const remainingToday = () =>
    opts.newShopCeiling ? remainingDailySends(db, shopId, now, opts.newShopCeiling) : Promise.resolve(null);
  let dailyRemaining = await remainingToday();
  // Marketing is held to the shop's billing budget (its cap, or its allowance without a plan); transactional never.
  // The budget comes from the shop's spend counter, locked until the caller's transaction ends (concurrent
  // marketing senders of the shop take turns); a refusal over the cap must rest on an exact, recent sum, so a
  // chunk with one is decided again after the counter is summed (billing-spend-counter.ts).
  const billed = drafts.some((d) => d.kind === 'marketing' && !d.isTest);
  const leaseOf = (settle: boolean): Promise<BudgetLease> | null =>
    billed ? lockBillingBudget(db, shopId, now, opts.noPlanSegments ?? null, settle) : null;
  let lease = await leaseOf(false);
  let gates = createGateEvaluator(shop, { dailyRemaining, billing: lease?.budget });
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    let rows = await decide(db, shopId, shop, gates, chunk, now);
    if (lease && !lease.settled && rows.some((r) => r.reason === 'billing_cap')) {
      lease = (await leaseOf(true))!;
      dailyRemaining = await remainingToday();
      gates = createGateEvaluator(shop, { dailyRemaining, billing: lease.budget });
      rows = await decide(db, shopId, shop, gates, chunk, now);
    }
    const inserted = await insertRows(db, shopId, rows, now);
    const missing = rows
      .filter((r) => !inserted.has(r.draft.idempotencyKey))
      .map((r) => r.draft.idempotencyKey);
    const existing =
      missing.length > 0 ? await existingIds(db, shopId, missing) : new Map<string, ExistingRow>();
    for (const r of rows) {
      const id = inserted.get(r.draft.idempotencyKey);
      if (id === undefined) {
        const old = existing.get(r.draft.idempotencyKey);
        if (!old) continue;
        result.existing++;
        result.messages.push({
          id: old.id,
          idempotencyKey: r.draft.idempotencyKey,
          status: 'existing',
          suppressedReason: null,
          notBefore: old.notBefore,
        });
        continue;
      }
      if (r.status === 'suppressed') result.suppressed++;
      else if (r.notBefore > now) result.deferred++;
      else result.queued++;
      result.messages.push({
        id,
        idempotencyKey: r.draft.idempotencyKey,
        status: r.status,
        suppressedReason: r.reason,
        notBefore: r.notBefore,
      });
    }
  }
  const capped = result.messages.filter((m) => m.suppressedReason === 'daily_ceiling').length;
  if (capped > 0)
    logger.warn(
      { shopId, suppressed: capped, dailyRemaining },
      'new shop reached its daily send ceiling; messages suppressed (daily_ceiling)',
    );
  const overCap = result.messages.filter((m) => m.suppressedReason === 'billing_cap').length;
  if (overCap > 0)
    logger.warn({ shopId, suppressed: overCap }, 'marketing over the billing cap suppressed (billing_cap)');
  if (result.queued + result.deferred > 0)
    await db.query('SELECT pg_notify($1, $2)', [MESSAGES_QUEUED_CHANNEL, shopId]);
  return result;
}

/** The gates' decision for each draft of the chunk (facts and send history loaded for its phones). */
async function decide(
  db: Queryable,
  shopId: string,
  shop: ShopSendingSettings,
  gates: GateEvaluator,
  chunk: readonly MessageDraft[],
  now: Date,
): Promise<Row[]> {
  const phones = chunk.map((d) => d.phone);
  const [facts, history] = await Promise.all([
    loadRecipientFacts(db, shopId, phones),
    loadSendHistory(db, shopId, phones, { now, includeQueued: true }),
  ]);
  return chunk.map((draft): Row => {
    const f = facts.get(draft.phone)!;
    const h = history.get(draft.phone) ?? [];
    if (!history.has(draft.phone)) history.set(draft.phone, h);
    const at = draft.notBefore && draft.notBefore > now ? draft.notBefore : now;
    const analysis = analyzeSms(draft.body);
    const priceOf = () =>
      pricePerSegment(gates.locate(draft.phone, f).countryCode ?? shop.countryCode, shop.pricesMicros);
    const decision = gates.evaluate(
      {
        ...draft,
        costMicros: () => priceOf().microsPerSegment * analysis.segments,
        segments: analysis.segments,
      },
      f,
      h,
      at,
    );
    const base = {
      subscriberId: draft.subscriberId ?? f.subscriberId,
      draft,
      encoding: analysis.encoding,
      segments: analysis.segments,
    };
    if ('suppress' in decision)
      return {
        ...base,
        costMicros: 0,
        status: 'suppressed',
        reason: decision.suppress,
        notBefore: at,
        countryCode: null,
      };
    const price = priceOf();
    return {
      ...base,
      costMicros: price.microsPerSegment * analysis.segments,
      status: 'queued',
      reason: null,
      notBefore: 'defer' in decision ? decision.defer : at,
      countryCode: price.country,
    };
  });
}

async function insertRows(
  db: Queryable,
  shopId: string,
  rows: Row[],
  now: Date,
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const col = <T>(f: (r: Row) => T): T[] => rows.map(f);
  const { rows: out } = await db.query<{ id: string; idempotency_key: string }>(
    `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, source_id, body, encoding, segments,
                           cost_micros, idempotency_key, status, suppressed_reason, not_before, is_test, topic,
                           country_code, campaign_id, queued_at, created_at, updated_at)
     SELECT $1, t.subscriber_id, t.phone, t.kind, t.source_type, t.source_id, t.body, t.encoding, t.segments,
            t.cost_micros, t.idempotency_key, t.status, t.suppressed_reason, t.not_before, t.is_test, t.topic,
            t.country_code, t.campaign_id, $17, $17, $17
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
                   $10::int[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::bool[], $16::text[], $18::text[],
                   $19::uuid[])
         AS t(subscriber_id, phone, kind, source_type, source_id, body, encoding, segments, cost_micros,
              idempotency_key, status, suppressed_reason, not_before, is_test, topic, country_code, campaign_id)
     ON CONFLICT (shop_id, idempotency_key) DO NOTHING
     RETURNING id, idempotency_key`,
    [
      shopId,
      col((r) => r.subscriberId),
      col((r) => r.draft.phone),
      col((r) => r.draft.kind),
      col((r) => r.draft.sourceType),
      col((r) => r.draft.sourceId ?? null),
      col((r) => r.draft.body),
      col((r) => r.encoding),
      col((r) => r.segments),
      col((r) => r.costMicros),
      col((r) => r.draft.idempotencyKey),
      col((r) => r.status),
      col((r) => r.reason),
      col((r) => r.notBefore),
      col((r) => r.draft.isTest === true),
      col((r) => r.draft.topic ?? null),
      now,
      col((r) => r.countryCode),
      col((r) => r.draft.campaignId ?? null),
    ],
  );
  return new Map(out.map((r) => [r.idempotency_key, r.id]));
}

interface ExistingRow {
  id: string;
  notBefore: Date;
}

async function existingIds(db: Queryable, shopId: string, keys: string[]): Promise<Map<string, ExistingRow>> {
  const { rows } = await db.query<{ id: string; idempotency_key: string; not_before: Date }>(
    'SELECT id, idempotency_key, not_before FROM messages WHERE shop_id = $1 AND idempotency_key = ANY($2::text[])',
    [shopId, keys],
  );
  return new Map(rows.map((r) => [r.idempotency_key, { id: r.id, notBefore: r.not_before }]));
}
