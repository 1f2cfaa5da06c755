import { deriveState, type LedgerEntry } from '../../../server/subscribers/consent-state.js';

const t = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 12, minutes));
const m = (action: LedgerEntry['action'], minutes: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  channel: 'marketing',
  action,
  source: 'checkout',
  occurredAt: t(minutes),
  ...extra,
});

describe('deriveState', () => {
  it('an empty ledger is never subscribed', () => {
    expect(deriveState([])).toEqual({
      marketingState: 'never',
      transactionalState: 'never',
      source: null,
      subscribedAt: null,
      unsubscribedAt: null,
      optInLevel: null,
      lastMarketingEventAt: null,
    });
  });

  it('single opt-in subscribes at once', () => {
    const s = deriveState([m('subscribed', 0)]);
    expect(s).toMatchObject({ marketingState: 'subscribed', source: 'checkout', subscribedAt: t(0), optInLevel: 'single_opt_in' });
  });

  it('double opt-in stays pending until confirmed, keeping the opt-in source', () => {
    const pending = deriveState([m('subscribed', 0, { awaitingConfirmation: true })]);
    expect(pending).toMatchObject({ marketingState: 'pending', subscribedAt: null });
    const confirmed = deriveState([m('subscribed', 0, { awaitingConfirmation: true }), m('confirmed', 5, { source: 'keyword' })]);
    expect(confirmed).toMatchObject({ marketingState: 'subscribed', source: 'checkout', subscribedAt: t(5), optInLevel: 'confirmed_opt_in' });
  });

  it('unsubscribe wins over earlier events and a late confirmation never undoes it', () => {
    const s = deriveState([m('subscribed', 0, { awaitingConfirmation: true }), m('unsubscribed', 1, { source: 'keyword' }), m('confirmed', 2, { source: 'keyword' })]);
    expect(s).toMatchObject({ marketingState: 'unsubscribed', unsubscribedAt: t(1), subscribedAt: null, optInLevel: null });
  });

  it('resubscribe after an opt-out', () => {
    const s = deriveState([m('subscribed', 0), m('unsubscribed', 1, { source: 'keyword' }), m('resubscribed', 2, { source: 'keyword' })]);
    expect(s).toMatchObject({ marketingState: 'subscribed', source: 'keyword', subscribedAt: t(2), unsubscribedAt: null, optInLevel: 'confirmed_opt_in' });
  });

  it('orders by occurrence, not by insertion, and breaks ties by id', () => {
    const s = deriveState([m('unsubscribed', 10, { source: 'keyword' }), m('subscribed', 0)]);
    expect(s.marketingState).toBe('unsubscribed');
    const tie = deriveState([m('unsubscribed', 0, { id: 2n }), m('subscribed', 0, { id: 1n })]);
    expect(tie.marketingState).toBe('unsubscribed');
  });

  it('a repeated opt-in keeps the original proof', () => {
    const s = deriveState([m('subscribed', 0), m('subscribed', 10, { source: 'import' })]);
    expect(s).toMatchObject({ subscribedAt: t(0), source: 'checkout' });
  });

  it('keeps marketing and transactional consent apart', () => {
    const s = deriveState([
      m('subscribed', 0),
      { channel: 'transactional', action: 'subscribed', source: 'checkout', occurredAt: t(0) },
      m('unsubscribed', 5, { source: 'shopify_sync' }),
    ]);
    expect(s).toMatchObject({ marketingState: 'unsubscribed', transactionalState: 'subscribed', lastMarketingEventAt: t(5) });
    const stop = deriveState([{ channel: 'transactional', action: 'subscribed', source: 'checkout', occurredAt: t(0) }, { channel: 'transactional', action: 'unsubscribed', source: 'keyword', occurredAt: t(1) }]);
    expect(stop).toMatchObject({ marketingState: 'never', transactionalState: 'unsubscribed' });
  });

  it('an opt-out from a number that never subscribed is recorded as unsubscribed', () => {
    expect(deriveState([m('unsubscribed', 0, { source: 'keyword' })])).toMatchObject({ marketingState: 'unsubscribed', source: 'keyword' });
  });
});
