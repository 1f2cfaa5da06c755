// The consent vocabulary and deriveState: the subscriber's current state is a pure function of its
// ledger (consent_events). The state columns on subscribers are a cache of this function's result.
import { assertNever } from '../errors.js';

export const consentChannels = ['marketing', 'transactional'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export const consentActions = ['subscribed', 'confirmed', 'unsubscribed', 'resubscribed'] as const;
export type ConsentAction = (typeof consentActions)[number];

export const consentSources = [
  'checkout',
  'thank_you_page',
  'keyword',
  'admin',
  'import',
  'shopify_sync',
  'demo_seed',
] as const;
export type ConsentSource = (typeof consentSources)[number];

export const marketingStates = ['never', 'pending', 'subscribed', 'unsubscribed'] as const;
export type MarketingState = (typeof marketingStates)[number];
export type TransactionalState = 'never' | 'subscribed' | 'unsubscribed';
export type OptInLevel = 'single_opt_in' | 'confirmed_opt_in';

/** What deriveState needs of a ledger row. */
export interface LedgerEntry {
  channel: ConsentChannel;
  action: ConsentAction;
  source: ConsentSource;
  /** When the source says it happened (a claim: it may lie in the future). */
  occurredAt: Date;
  /** When we wrote it down. No entry takes effect later than this. */
  recordedAt?: Date;
  /** Append order, to break ties between events at the same instant. */
  id?: bigint;
  /** A marketing 'subscribed' that waits for the handset to confirm (double opt-in). */
  awaitingConfirmation?: boolean;
}

export interface DerivedState {
  marketingState: MarketingState;
  transactionalState: TransactionalState;
  /** Source of the opt-in behind the current marketing state (or of the first event when never opted in). */
  source: ConsentSource | null;
  /** When marketing consent became effective (subscribed); null unless subscribed. */
  subscribedAt: Date | null;
  /** When marketing consent was withdrawn; null unless unsubscribed. */
  unsubscribedAt: Date | null;
  /** Opt-in level of the current marketing subscription; null unless subscribed or pending. */
  optInLevel: OptInLevel | null;
  /** The latest marketing event, whatever it changed. */
  lastMarketingEventAt: Date | null;
}

export interface OrderedEntry {
  entry: LedgerEntry;
  /** When the entry takes effect: its claimed time, never later than when it was recorded. */
  effectiveAt: Date;
}

/**
 * The ledger in the order it is replayed. Each entry takes effect at min(occurredAt, recordedAt), so a
 * claim dated in the future (seed data, an API caller, a skewed Shopify clock) cannot outrank what is
 * recorded after it. A keyword (STOP, START, Y) is received live and takes effect at receipt, after
 * every entry appended before it, whatever those entries claim. Ties keep append order (id, else the
 * order given).
 */
export function orderLedger(events: readonly LedgerEntry[]): OrderedEntry[] {
  const appended = events.map((entry, index) => ({ entry, index }));
  if (events.every((e) => e.id !== undefined))
    appended.sort((a, b) => (a.entry.id! < b.entry.id! ? -1 : a.entry.id! > b.entry.id! ? 1 : 0));
  let latest = Number.NEGATIVE_INFINITY;
  const keyed = appended.map(({ entry }, order) => {
    let at = Math.min(entry.occurredAt.getTime(), entry.recordedAt?.getTime() ?? Number.POSITIVE_INFINITY);
    if (entry.source === 'keyword') at = Math.max(at, latest);
    latest = Math.max(latest, at);
    return { entry, at, order };
  });
  keyed.sort((a, b) => a.at - b.at || a.order - b.order);
  return keyed.map(({ entry, at }) => ({ entry, effectiveAt: new Date(at) }));
}

/** Replays the ledger in effect order (orderLedger). Never throws on odd histories: a no-op event changes nothing. */
export function deriveState(events: readonly LedgerEntry[]): DerivedState {
  const state: DerivedState = {
    marketingState: 'never',
    transactionalState: 'never',
    source: null,
    subscribedAt: null,
    unsubscribedAt: null,
    optInLevel: null,
    lastMarketingEventAt: null,
  };
  const ordered = orderLedger(events);
  state.source = ordered[0]?.entry.source ?? null;
  for (const { entry: e, effectiveAt } of ordered) {
    if (e.channel === 'transactional') {
      if (e.action === 'subscribed' || e.action === 'resubscribed') state.transactionalState = 'subscribed';
      else if (e.action === 'unsubscribed') state.transactionalState = 'unsubscribed';
      continue;
    }
    state.lastMarketingEventAt = effectiveAt;
    switch (e.action) {
      case 'subscribed':
        if (state.marketingState === 'subscribed') break; // already in: a repeated opt-in keeps the original proof
        state.source = e.source;
        state.unsubscribedAt = null;
        if (e.awaitingConfirmation) {
          state.marketingState = 'pending';
          state.subscribedAt = null;
          state.optInLevel = 'confirmed_opt_in';
        } else {
          state.marketingState = 'subscribed';
          state.subscribedAt = effectiveAt;
          state.optInLevel = e.source === 'keyword' ? 'confirmed_opt_in' : 'single_opt_in';
        }
        break;
      case 'confirmed':
        // Only a pending opt-in can be confirmed; a late "Y" never undoes an opt-out.
        if (state.marketingState !== 'pending') break;
        state.marketingState = 'subscribed';
        state.subscribedAt = effectiveAt;
        state.optInLevel = 'confirmed_opt_in';
        break;
      case 'resubscribed':
        if (state.marketingState === 'subscribed') break;
        state.marketingState = 'subscribed';
        state.source = e.source;
        state.subscribedAt = effectiveAt;
        state.unsubscribedAt = null;
        state.optInLevel = e.source === 'keyword' ? 'confirmed_opt_in' : 'single_opt_in';
        break;
      case 'unsubscribed':
        if (state.marketingState === 'unsubscribed') break;
        state.marketingState = 'unsubscribed';
        state.subscribedAt = null;
        state.unsubscribedAt = effectiveAt;
        state.optInLevel = null;
        break;
      default:
        assertNever(e.action, 'consent action');
    }
  }
  return state;
}
