// The consent vocabulary and deriveState: the subscriber's current state is a pure function of its
// ledger (consent_events). The state columns on subscribers are a cache of this function's result.
import { assertNever } from '../errors.js';

export const consentChannels = ['marketing', 'transactional'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export const consentActions = ['subscribed', 'confirmed', 'unsubscribed', 'resubscribed'] as const;
export type ConsentAction = (typeof consentActions)[number];

export const consentSources = ['checkout', 'thank_you_page', 'keyword', 'admin', 'import', 'shopify_sync', 'demo_seed'] as const;
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
  occurredAt: Date;
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

export function compareLedgerEntries(a: LedgerEntry, b: LedgerEntry): number {
  const t = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (t !== 0) return t;
  if (a.id !== undefined && b.id !== undefined) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return 0;
}

/** Replays the ledger in occurrence order. Never throws on odd histories: a no-op event changes nothing. */
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
  const ordered = [...events].sort(compareLedgerEntries);
  state.source = ordered[0]?.source ?? null;
  for (const e of ordered) {
    if (e.channel === 'transactional') {
      if (e.action === 'subscribed' || e.action === 'resubscribed') state.transactionalState = 'subscribed';
      else if (e.action === 'unsubscribed') state.transactionalState = 'unsubscribed';
      continue;
    }
    state.lastMarketingEventAt = e.occurredAt;
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
          state.subscribedAt = e.occurredAt;
          state.optInLevel = e.source === 'keyword' ? 'confirmed_opt_in' : 'single_opt_in';
        }
        break;
      case 'confirmed':
        // Only a pending opt-in can be confirmed; a late "Y" never undoes an opt-out.
        if (state.marketingState !== 'pending') break;
        state.marketingState = 'subscribed';
        state.subscribedAt = e.occurredAt;
        state.optInLevel = 'confirmed_opt_in';
        break;
      case 'resubscribed':
        if (state.marketingState === 'subscribed') break;
        state.marketingState = 'subscribed';
        state.source = e.source;
        state.subscribedAt = e.occurredAt;
        state.unsubscribedAt = null;
        state.optInLevel = e.source === 'keyword' ? 'confirmed_opt_in' : 'single_opt_in';
        break;
      case 'unsubscribed':
        if (state.marketingState === 'unsubscribed') break;
        state.marketingState = 'unsubscribed';
        state.subscribedAt = null;
        state.unsubscribedAt = e.occurredAt;
        state.optInLevel = null;
        break;
      default:
        assertNever(e.action, 'consent action');
    }
  }
  return state;
}
