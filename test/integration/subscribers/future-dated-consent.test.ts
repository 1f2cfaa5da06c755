// Issue #9 §3: a consent dated in the future (an API caller, a checkout or Shopify clock ahead of ours,
// rows written by the old demo seed) must never outrank a later STOP. Each STOP below is answered and
// takes effect at once, as GET /api/subscribers?phone= shows.
import request from 'supertest';
import { checkoutWithSms, fixture, startHarness, type Harness, type Json } from './support.js';

const DAY = 86_400_000;
let h: Harness;
const api = () => request(h.url);

interface Ev {
  channel: string;
  action: string;
  source: string;
  occurred_at: Date;
  recorded_at: Date;
  evidence: Record<string, unknown>;
}

const stateOf = async (phone: string) => {
  const res = await api().get('/api/subscribers').query({ phone }).expect(200);
  expect(res.body.items).toHaveLength(1);
  return res.body.items[0] as { id: string; state: string; subscribedAt: string | null };
};
const ledger = (phone: string) =>
  h.rows<Ev>(
    'SELECT e.* FROM consent_events e JOIN subscribers s ON s.id = e.subscriber_id WHERE s.shop_id = $1 AND s.phone = $2 ORDER BY e.id',
    [h.shopId, phone],
  );
const optOutReplies = (phone: string) =>
  h.rows(
    `SELECT id FROM messages WHERE shop_id = $1 AND phone = $2 AND direction = 'outbound' AND source_id = 'opt_out'`,
    [h.shopId, phone],
  );

async function stop(phone: string): Promise<void> {
  const res = await h.inbound(phone, 'STOP');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'stored', intent: 'opt_out', replyQueued: true });
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('a future-dated consent never outranks a later STOP', () => {
  it('checkout consent dated a month ahead, then STOP: unsubscribed at once, the claim kept as evidence', async () => {
    const phone = '+33612345611';
    const future = new Date(Date.now() + 30 * DAY);
    await h.applyCheckout({
      ...checkoutWithSms(phone, '7345678900201', 'FR', 'tok-future-1', 'fr-FR'),
      created_at: future.toISOString(),
    });
    const subscribed = await stateOf(phone);
    expect(subscribed.state).toBe('subscribed');
    expect(Date.parse(subscribed.subscribedAt!)).toBeLessThanOrEqual(Date.now());
    const [optIn] = await ledger(phone);
    expect(optIn!.occurred_at.getTime()).toBe(optIn!.recorded_at.getTime());
    expect(optIn!.evidence.claimedOccurredAt).toBe(future.toISOString());

    await stop(phone);
    expect((await stateOf(phone)).state).toBe('unsubscribed');
    expect(await optOutReplies(phone)).toHaveLength(1);
    expect(
      (
        await h.rows<{ transactional_state: string }>(
          'SELECT transactional_state FROM subscribers WHERE phone = $1',
          [phone],
        )
      )[0]!.transactional_state,
    ).toBe('unsubscribed');
  });

  it('Shopify consent webhook with a future consent_updated_at, then STOP: unsubscribed, and the same consent seen again does not resubscribe', async () => {
    const phone = '+14155550177';
    const future = new Date(Date.now() + 3 * DAY).toISOString();
    const consent: Json = {
      ...fixture('customers_marketing_consent/update'),
      id: 7345678900202,
      phone,
      sms_marketing_consent: {
        state: 'subscribed',
        opt_in_level: 'confirmed_opt_in',
        consent_updated_at: future,
        consent_collected_from: 'SHOPIFY',
      },
    };
    await h.applyConsentUpdate(consent);
    expect((await stateOf(phone)).state).toBe('subscribed');

    await stop(phone);
    expect((await stateOf(phone)).state).toBe('unsubscribed');
    expect(await optOutReplies(phone)).toHaveLength(1);

    // Shopify still says "subscribed as of <future>" until our write-back lands: that is not a new opt-in.
    const before = (await ledger(phone)).length;
    await h.applyConsentUpdate(consent);
    expect((await stateOf(phone)).state).toBe('unsubscribed');
    expect(await ledger(phone)).toHaveLength(before);
    // The write-back tells Shopify the opt-out, dated when it took effect, not in the future.
    const [sync] = await h.rows<{ marketing_state: string; consent_updated_at: Date }>(
      `SELECT c.marketing_state, c.consent_updated_at FROM consent_sync c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.phone = $1 AND c.marketing_state = 'UNSUBSCRIBED'`,
      [phone],
    );
    expect(sync!.consent_updated_at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('ledger rows written before the clamp (future occurred_at, cache still subscribed): STOP unsubscribes', async () => {
    const phone = '+14155550178';
    const [s] = await h.rows<{ id: string }>(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source, subscribed_at)
       VALUES ($1, $2, 'US', 'subscribed', 'subscribed', 'checkout', now() + interval '20 days') RETURNING id`,
      [h.shopId, phone],
    );
    // As the old demo seed wrote them: occurred_at 20 days ahead, recorded_at now.
    await h.rows(
      `INSERT INTO consent_events (shop_id, subscriber_id, channel, action, source, occurred_at)
       VALUES ($1, $2, 'marketing', 'subscribed', 'demo_seed', now() + interval '20 days'), ($1, $2, 'transactional', 'subscribed', 'demo_seed', now() + interval '20 days')`,
      [h.shopId, s!.id],
    );
    await stop(phone);
    expect((await stateOf(phone)).state).toBe('unsubscribed');
  });

  it('a consent recorded by a process whose clock runs ahead still yields to a STOP received after it', async () => {
    const phone = '+14155550179';
    const [s] = await h.rows<{ id: string }>(
      `INSERT INTO subscribers (shop_id, phone, country_code, marketing_state, transactional_state, source) VALUES ($1, $2, 'US', 'subscribed', 'subscribed', 'admin') RETURNING id`,
      [h.shopId, phone],
    );
    await h.rows(
      `INSERT INTO consent_events (shop_id, subscriber_id, channel, action, source, occurred_at, recorded_at)
       VALUES ($1, $2, 'marketing', 'subscribed', 'admin', now() + interval '1 hour', now() + interval '1 hour')`,
      [h.shopId, s!.id],
    );
    await stop(phone);
    expect((await stateOf(phone)).state).toBe('unsubscribed');
  });
});

describe('POST /api/subscribers consentDate', () => {
  it('rejects a consent date in the future with a 400 naming consentDate, and writes nothing', async () => {
    const future = new Date(Date.now() + 2 * DAY).toISOString();
    const res = await api()
      .post('/api/subscribers')
      .send({
        phone: '+33612345612',
        consentDate: future,
        consentSource: 'Counter',
        disclosureText: 'Agreed in store.',
      })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toEqual(['consentDate']);
    expect(res.body.error.message).toContain('consentDate');
    expect(
      await h.rows('SELECT id FROM subscribers WHERE shop_id = $1 AND phone = $2', [
        h.shopId,
        '+33612345612',
      ]),
    ).toHaveLength(0);
  });

  it('accepts a consent date in the past and keeps it', async () => {
    const past = '2025-06-01T12:00:00.000Z';
    const res = await api()
      .post('/api/subscribers')
      .send({
        phone: '+33612345613',
        consentDate: past,
        consentSource: 'Counter',
        disclosureText: 'Agreed in store.',
      })
      .expect(201);
    expect(res.body.state).toBe('subscribed');
    const [optIn] = await ledger('+33612345613');
    expect(optIn!.occurred_at.toISOString()).toBe(past);
  });
});
