// The append-only consent ledger. appendConsentEvents inserts ledger rows, re-derives the subscriber's
// state from the whole ledger and writes the cache columns, in the caller's transaction; a marketing
// change that did not come from Shopify is queued for write-back (consent_sync) in the same transaction.
// No row is dated later than when it is recorded: a claimed occurred_at in the future is stored as
// recorded_at and the claim is kept in evidence.claimedOccurredAt (rows written before this rule are
// ordered by least(occurred_at, recorded_at), see orderLedger).
import { and, asc, eq, sql } from 'drizzle-orm';
import { consentEvents, consentSync, subscribers } from '../db/schema/index.js';
import type { Tx } from '../db/transaction.js';
import { AppError } from '../errors.js';
import {
  type ConsentAction,
  type ConsentChannel,
  type ConsentSource,
  type DerivedState,
  type LedgerEntry,
  consentSources,
  deriveState,
} from './consent-state.js';

export interface ConsentEventInput {
  channel: ConsentChannel;
  action: ConsentAction;
  source: ConsentSource;
  occurredAt: Date;
  /** The exact disclosure text the person saw (or the text they sent, for keywords). */
  disclosureText?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  orderId?: bigint | null;
  checkoutToken?: string | null;
  evidence?: Record<string, unknown>;
  /** Marketing 'subscribed' that waits for the handset's "Y" (double opt-in). */
  awaitingConfirmation?: boolean;
}

export type ConsentEventRow = typeof consentEvents.$inferSelect;

/** Sources whose consent Shopify already holds: nothing to write back. */
const FROM_SHOPIFY: ReadonlySet<ConsentSource> = new Set<ConsentSource>([
  'checkout',
  'thank_you_page',
  'shopify_sync',
  'demo_seed',
]);

const asSource = (value: string): ConsentSource =>
  (consentSources as readonly string[]).includes(value) ? (value as ConsentSource) : 'admin';

export function toLedgerEntry(row: ConsentEventRow): LedgerEntry {
  const evidence = (row.evidence ?? {}) as Record<string, unknown>;
  return {
    channel: row.channel === 'transactional' ? 'transactional' : 'marketing',
    action: row.action as ConsentAction,
    source: asSource(row.source),
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    id: row.id,
    awaitingConfirmation: evidence.awaitingConfirmation === true,
  };
}

export async function loadLedger(tx: Tx, shopId: string, subscriberId: string): Promise<ConsentEventRow[]> {
  return tx
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.shopId, shopId), eq(consentEvents.subscriberId, subscriberId)))
    .orderBy(asc(consentEvents.id));
}

/** The time the source claimed for a row (kept in evidence when it lay in the future and was clamped). */
export function claimedOccurredAt(row: ConsentEventRow): Date {
  const claim = (row.evidence as Record<string, unknown> | null)?.claimedOccurredAt;
  const parsed = typeof claim === 'string' ? new Date(claim) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : row.occurredAt;
}

/** The time a new row is ordered by: its claim, unless the claim lies after `now`. */
export function clampOccurredAt(occurredAt: Date, now: Date): Date {
  return occurredAt.getTime() > now.getTime() ? now : occurredAt;
}

export function evidenceOf(e: ConsentEventInput, now: Date): Record<string, unknown> {
  return {
    ...(e.evidence ?? {}),
    ...(e.awaitingConfirmation ? { awaitingConfirmation: true } : {}),
    ...(e.occurredAt.getTime() > now.getTime() ? { claimedOccurredAt: e.occurredAt.toISOString() } : {}),
  };
}

export interface AppendResult {
  before: DerivedState;
  after: DerivedState;
  events: ConsentEventRow[];
}

/**
 * Locks the subscriber row, so concurrent consent changes to one number are applied one after the other.
 * Returns its cached states.
 */
async function lockSubscriber(
  tx: Tx,
  shopId: string,
  subscriberId: string,
): Promise<{ marketingState: string; transactionalState: string }> {
  const rows = await tx
    .select({
      marketingState: subscribers.marketingState,
      transactionalState: subscribers.transactionalState,
    })
    .from(subscribers)
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, subscriberId)))
    .for('update');
  if (!rows[0])
    throw new AppError({
      code: 'subscriber_not_found',
      status: 404,
      message: `Subscriber ${subscriberId} not found`,
    });
  return rows[0];
}

async function writeCache(
  tx: Tx,
  shopId: string,
  subscriberId: string,
  state: DerivedState,
  fallbackSource: ConsentSource,
  now: Date,
): Promise<void> {
  await tx
    .update(subscribers)
    .set({
      marketingState: state.marketingState,
      transactionalState: state.transactionalState,
      source: state.source ?? fallbackSource,
      subscribedAt: state.subscribedAt,
      unsubscribedAt: state.unsubscribedAt,
      updatedAt: now,
    })
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, subscriberId)));
}

export async function appendConsentEvents(
  tx: Tx,
  shopId: string,
  subscriberId: string,
  inputs: readonly ConsentEventInput[],
  now: Date,
): Promise<AppendResult> {
  const cached = await lockSubscriber(tx, shopId, subscriberId);
  const existing = await loadLedger(tx, shopId, subscriberId);
  const before = deriveState(existing.map(toLedgerEntry));
  if (inputs.length === 0) {
    // Nothing to record, but a cache written under an older ordering rule is brought in line with the ledger.
    const stale =
      cached.marketingState !== before.marketingState ||
      cached.transactionalState !== before.transactionalState;
    if (stale && before.source) await writeCache(tx, shopId, subscriberId, before, before.source, now);
    return { before, after: before, events: [] };
  }
  const inserted = await tx
    .insert(consentEvents)
    .values(
      inputs.map((e) => ({
        shopId,
        subscriberId,
        channel: e.channel,
        action: e.action,
        source: e.source,
        disclosureText: e.disclosureText ?? null,
        ipAddress: e.ipAddress ?? null,
        userAgent: e.userAgent ?? null,
        orderId: e.orderId ?? null,
        checkoutToken: e.checkoutToken ?? null,
        evidence: evidenceOf(e, now),
        occurredAt: clampOccurredAt(e.occurredAt, now),
        recordedAt: now,
      })),
    )
    .returning();
  const after = deriveState([...existing, ...inserted].map(toLedgerEntry));
  await writeCache(tx, shopId, subscriberId, after, inputs[0]!.source, now);
  await queueShopifyWriteBack(tx, shopId, subscriberId, before, after, inserted, now);
  return { before, after, events: inserted };
}

/** The Shopify write-back a change calls for (consent_sync row), or null: pure, shared with the batch import. */
export function writeBackRow(
  shopId: string,
  subscriberId: string,
  customerId: bigint | null,
  before: DerivedState,
  after: DerivedState,
  inserted: readonly Pick<ConsentEventRow, 'id' | 'channel' | 'source' | 'occurredAt'>[],
  now: Date,
): typeof consentSync.$inferInsert | null {
  const changed = before.marketingState !== after.marketingState || before.optInLevel !== after.optInLevel;
  if (!changed) return null;
  if (after.marketingState !== 'subscribed' && after.marketingState !== 'unsubscribed') return null;
  const cause = [...inserted].reverse().find((e) => e.channel === 'marketing');
  if (!cause || FROM_SHOPIFY.has(asSource(cause.source))) return null;
  return {
    shopId,
    subscriberId,
    consentEventId: cause.id,
    customerId,
    marketingState: after.marketingState === 'subscribed' ? 'SUBSCRIBED' : 'UNSUBSCRIBED',
    optInLevel:
      (after.optInLevel ?? before.optInLevel) === 'confirmed_opt_in' ? 'CONFIRMED_OPT_IN' : 'SINGLE_OPT_IN',
    consentUpdatedAt: cause.occurredAt,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

async function queueShopifyWriteBack(
  tx: Tx,
  shopId: string,
  subscriberId: string,
  before: DerivedState,
  after: DerivedState,
  inserted: ConsentEventRow[],
  now: Date,
): Promise<void> {
  if (!writeBackRow(shopId, subscriberId, null, before, after, inserted, now)) return;
  // A newer change replaces any write-back still waiting: Shopify only needs the latest state.
  await tx
    .update(consentSync)
    .set({ status: 'skipped', lastError: 'superseded by a newer consent change', updatedAt: now })
    .where(
      and(
        eq(consentSync.shopId, shopId),
        eq(consentSync.subscriberId, subscriberId),
        sql`${consentSync.status} = 'pending'`,
      ),
    );
  const [sub] = await tx
    .select({ customerId: subscribers.customerId })
    .from(subscribers)
    .where(eq(subscribers.id, subscriberId));
  const row = writeBackRow(shopId, subscriberId, sub?.customerId ?? null, before, after, inserted, now);
  if (row) await tx.insert(consentSync).values(row);
}
