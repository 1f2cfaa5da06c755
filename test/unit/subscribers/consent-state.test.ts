import { deriveState, orderLedger, type LedgerEntry } from '../../../server/subscribers/consent-state.js';

const t = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 12, minutes));
const m = (
  action: LedgerEntry['action'],
  minutes: number,
  extra: Partial<LedgerEntry> = {},
): LedgerEntry => ({
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
    expect(s).toMatchObject({
      marketingState: 'subscribed',
      source: 'checkout',
      subscribedAt: t(0),
      optInLevel: 'single_opt_in',
    });
  });

  it('double opt-in stays pending until confirmed, keeping the opt-in source', () => {
    const pending = deriveState([m('subscribed', 0, { awaitingConfirmation: true })]);
    expect(pending).toMatchObject({ marketingState: 'pending', subscribedAt: null });
    const confirmed = deriveState([
      m('subscribed', 0, { awaitingConfirmation: true }),
      m('confirmed', 5, { source: 'keyword' }),
    ]);
    expect(confirmed).toMatchObject({
      marketingState: 'subscribed',
      source: 'checkout',
      subscribedAt: t(5),
      optInLevel: 'confirmed_opt_in',
    });
  });

  it('unsubscribe wins over earlier events and a late confirmation never undoes it', () => {
    const s = deriveState([
      m('subscribed', 0, { awaitingConfirmation: true }),
      m('unsubscribed', 1, { source: 'keyword' }),
      m('confirmed', 2, { source: 'keyword' }),
    ]);
    expect(s).toMatchObject({
      marketingState: 'unsubscribed',
      unsubscribedAt: t(1),
      subscribedAt: null,
      optInLevel: null,
    });
  });

  it('resubscribe after an opt-out', () => {
    const s = deriveState([
      m('subscribed', 0),
      m('unsubscribed', 1, { source: 'keyword' }),
      m('resubscribed', 2, { source: 'keyword' }),
    ]);
    expect(s).toMatchObject({
      marketingState: 'subscribed',
      source: 'keyword',
      subscribedAt: t(2),
      unsubscribedAt: null,
      optInLevel: 'confirmed_opt_in',
    });
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
    expect(s).toMatchObject({
      marketingState: 'unsubscribed',
      transactionalState: 'subscribed',
      lastMarketingEventAt: t(5),
    });
    const stop = deriveState([
      { channel: 'transactional', action: 'subscribed', source: 'checkout', occurredAt: t(0) },
      { channel: 'transactional', action: 'unsubscribed', source: 'keyword', occurredAt: t(1) },
    ]);
    expect(stop).toMatchObject({ marketingState: 'never', transactionalState: 'unsubscribed' });
  });

  it('an opt-out from a number that never subscribed is recorded as unsubscribed', () => {
    expect(deriveState([m('unsubscribed', 0, { source: 'keyword' })])).toMatchObject({
      marketingState: 'unsubscribed',
      source: 'keyword',
    });
  });

  it('an entry claiming a time after it was recorded takes effect when recorded: a later STOP wins', () => {
    // Opted in at 12:01 claiming 12:40 (a month ahead would do the same); STOP received at 12:05.
    const s = deriveState([
      m('subscribed', 40, { recordedAt: t(1), id: 1n }),
      m('unsubscribed', 5, { source: 'keyword', recordedAt: t(5), id: 2n }),
    ]);
    expect(s).toMatchObject({
      marketingState: 'unsubscribed',
      unsubscribedAt: t(5),
      lastMarketingEventAt: t(5),
    });
    const only = deriveState([m('subscribed', 40, { recordedAt: t(1), id: 1n })]);
    expect(only).toMatchObject({
      marketingState: 'subscribed',
      subscribedAt: t(1),
      lastMarketingEventAt: t(1),
    });
  });

  it('a backdated entry recorded after a STOP still takes effect at its claimed time, before the STOP', () => {
    const s = deriveState([
      m('subscribed', 0, { recordedAt: t(0), id: 1n }),
      m('unsubscribed', 5, { source: 'keyword', recordedAt: t(5), id: 2n }),
      m('subscribed', 3, { source: 'import', recordedAt: t(9), id: 3n }),
    ]);
    expect(s.marketingState).toBe('unsubscribed');
  });

  it('a keyword takes effect after every entry appended before it, even one recorded by a clock running ahead', () => {
    const s = deriveState([
      m('subscribed', 60, { recordedAt: t(60), id: 1n }),
      m('unsubscribed', 5, { source: 'keyword', recordedAt: t(5), id: 2n }),
    ]);
    expect(s).toMatchObject({ marketingState: 'unsubscribed', unsubscribedAt: t(60) });
    // Only keywords: a backdated admin opt-out appended later keeps its own time.
    const admin = deriveState([
      m('subscribed', 60, { recordedAt: t(60), id: 1n }),
      m('unsubscribed', 5, { source: 'admin', recordedAt: t(5), id: 2n }),
    ]);
    expect(admin.marketingState).toBe('subscribed');
  });

  it('orderLedger replays in append order when ids are given, whatever order the rows come in', () => {
    const rows = [
      m('unsubscribed', 5, { source: 'keyword', recordedAt: t(5), id: 2n }),
      m('subscribed', 60, { recordedAt: t(60), id: 1n }),
    ];
    expect(orderLedger(rows).map((o) => o.entry.id)).toEqual([1n, 2n]);
    expect(orderLedger(rows).map((o) => o.effectiveAt)).toEqual([t(60), t(60)]);
  });
});
