import nock from 'nock';
import request from 'supertest';
import { createAdminGraphql } from '../../../server/shopify/admin-graphql.js';
import { runConsentSync } from '../../../server/subscribers/consent-sync-job.js';
import { INBOUND_WEBHOOK_PATH } from '../../../server/subscribers/inbound-webhook.js';
import { checkoutWithSms, DISCLOSURE, fixture, SHOP_NUMBER, startHarness, type Harness } from './support.js';
import { restoreNock } from '../../support/nock-lifecycle.js';

const US = '+12015550123';
const FR = '+33612345678';
const US_CUSTOMER = '7345678900001';
const FR_CUSTOMER = '7345678900002';

interface Sub {
  id: string;
  marketing_state: string;
  transactional_state: string;
  source: string;
  customer_id: string | null;
}
interface Ev {
  channel: string;
  action: string;
  source: string;
  disclosure_text: string | null;
  checkout_token: string | null;
  evidence: Record<string, unknown>;
}
interface Msg {
  id: string;
  direction: string;
  kind: string;
  source_type: string;
  source_id: string | null;
  body: string;
  status: string;
  suppressed_reason: string | null;
  subscriber_id: string | null;
}

let h: Harness;
const sub = async (phone: string) =>
  (await h.rows<Sub>('SELECT * FROM subscribers WHERE shop_id = $1 AND phone = $2', [h.shopId, phone]))[0];
const events = (subscriberId: string) =>
  h.rows<Ev>('SELECT * FROM consent_events WHERE subscriber_id = $1 ORDER BY occurred_at, id', [
    subscriberId,
  ]);
const outbound = (phone: string, purpose?: string) =>
  h.rows<Msg>(
    `SELECT * FROM messages WHERE shop_id = $1 AND phone = $2 AND direction = 'outbound' ${purpose ? 'AND source_id = $3' : ''} ORDER BY created_at, id`,
    purpose ? [h.shopId, phone, purpose] : [h.shopId, phone],
  );
const syncRows = (subscriberId: string) =>
  h.rows<{ marketing_state: string; opt_in_level: string; status: string; customer_id: string | null }>(
    'SELECT * FROM consent_sync WHERE subscriber_id = $1 ORDER BY id',
    [subscriberId],
  );

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  nock.cleanAll();
  await h.stop();
});

describe('checkout opt-in', () => {
  it('a US number (double opt-in) becomes pending, with the disclosure in the ledger and a "Reply Y" request queued', async () => {
    const checkout = checkoutWithSms('(201) 555-0123', US_CUSTOMER, 'US', 'tok-us-1');
    await h.applyCheckout(checkout);
    const s = (await sub(US))!;
    expect(s).toMatchObject({
      marketing_state: 'pending',
      transactional_state: 'subscribed',
      source: 'checkout',
      customer_id: US_CUSTOMER,
    });
    const ledger = await events(s.id);
    expect(ledger).toHaveLength(2);
    expect(ledger[0]).toMatchObject({
      channel: 'marketing',
      action: 'subscribed',
      source: 'checkout',
      disclosure_text: DISCLOSURE,
      checkout_token: 'tok-us-1',
    });
    expect(ledger[0]!.evidence).toMatchObject({
      awaitingConfirmation: true,
      webhookTopic: 'checkouts/create',
    });
    const request = await outbound(US, 'confirm_request');
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({
      kind: 'transactional',
      source_type: 'keyword_reply',
      status: 'queued',
    });
    expect(request[0]!.body).toContain('Reply Y to confirm');
    // Shopify's own checkout consent is not written back to Shopify.
    expect(await syncRows(s.id)).toHaveLength(0);

    // The same checkout delivered again (and checkouts/update) changes nothing.
    await h.applyCheckout(checkout);
    expect(await events(s.id)).toHaveLength(2);
    expect(await outbound(US, 'confirm_request')).toHaveLength(1);
  });

  it('a French number (no double opt-in by default) is subscribed at once and gets the welcome text', async () => {
    await h.applyCheckout(checkoutWithSms('06 12 34 56 78', FR_CUSTOMER, 'FR', 'tok-fr-1', 'fr-FR'));
    const s = (await sub(FR))!;
    expect(s.marketing_state).toBe('subscribed');
    const ledger = await events(s.id);
    expect(ledger.map((e) => `${e.channel}:${e.action}:${e.source}`)).toEqual([
      'marketing:subscribed:checkout',
      'transactional:subscribed:checkout',
    ]);
    expect(ledger[0]!.disclosure_text).toBe(DISCLOSURE);
    const welcome = await outbound(FR, 'welcome');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]).toMatchObject({ kind: 'marketing', status: 'queued' });
    expect(welcome[0]!.body).toContain('Bienvenue chez Demo Store');
  });

  it('an invalid or landline phone at checkout creates no subscriber', async () => {
    await h.applyCheckout(checkoutWithSms('01 42 68 53 00', '7345678900009', 'FR'));
    await h.applyCheckout(checkoutWithSms('12', '7345678900010', 'US'));
    expect(
      await h.rows('SELECT phone FROM subscribers WHERE phone IN ($1, $2)', ['+33142685300', '12']),
    ).toHaveLength(0);
  });
});

describe('inbound keywords', () => {
  it('"Y" confirms the pending US subscriber, queues the welcome and a Shopify write-back', async () => {
    const res = await h.inbound(US, 'Y');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stored', intent: 'opt_in', replyQueued: true });
    const s = (await sub(US))!;
    expect(s.marketing_state).toBe('subscribed');
    expect((await events(s.id)).at(-1)).toMatchObject({
      channel: 'marketing',
      action: 'confirmed',
      source: 'keyword',
      disclosure_text: 'Y',
    });
    expect(await outbound(US, 'welcome')).toHaveLength(1);
    expect(await syncRows(s.id)).toEqual([
      expect.objectContaining({
        marketing_state: 'SUBSCRIBED',
        opt_in_level: 'CONFIRMED_OPT_IN',
        status: 'pending',
        customer_id: US_CUSTOMER,
      }),
    ]);
    const inbound = await h.rows<Msg>(`SELECT * FROM messages WHERE phone = $1 AND direction = 'inbound'`, [
      US,
    ]);
    expect(inbound).toEqual([
      expect.objectContaining({ body: 'Y', subscriber_id: s.id, status: 'received' }),
    ]);
  });

  it('ARRÊT unsubscribes at once, suppresses queued marketing, confirms once and is written back to Shopify', async () => {
    const s = (await sub(FR))!;
    await h.rows(
      `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status)
       VALUES ($1, $2, $3, 'marketing', 'campaign', 'Soldes -20%', 'GSM-7', 1, 'campaign-1:' || $3, 'queued')`,
      [h.shopId, s.id, FR],
    );
    const res = await h.inbound(FR, 'Arrêt');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intent: 'opt_out', replyQueued: true });
    expect(await sub(FR)).toMatchObject({
      marketing_state: 'unsubscribed',
      transactional_state: 'unsubscribed',
    });
    const campaign = await h.rows<Msg>(`SELECT * FROM messages WHERE idempotency_key = $1`, [
      `campaign-1:${FR}`,
    ]);
    expect(campaign[0]).toMatchObject({ status: 'suppressed', suppressed_reason: 'opted_out' });
    // The welcome (marketing) still queued from the checkout is suppressed too.
    expect((await outbound(FR, 'welcome'))[0]).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'opted_out',
    });
    const confirmation = await outbound(FR, 'opt_out');
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]).toMatchObject({ kind: 'transactional', status: 'queued' });
    expect(confirmation[0]!.body).toContain('désabonné');
    expect(await syncRows(s.id)).toEqual([
      expect.objectContaining({
        marketing_state: 'UNSUBSCRIBED',
        status: 'pending',
        customer_id: FR_CUSTOMER,
      }),
    ]);

    // A second STOP: nothing new in the ledger, no second confirmation.
    const before = (await events(s.id)).length;
    const again = await h.inbound(FR, 'STOP');
    expect(again.body).toMatchObject({ intent: 'opt_out', replyQueued: false });
    expect(await events(s.id)).toHaveLength(before);
    expect(await outbound(FR, 'opt_out')).toHaveLength(1);
  });

  it('"please stop" from a number that never subscribed is recorded and confirmed once (GET callback)', async () => {
    const phone = '+14155550199';
    const res = await h.inbound(phone, 'please stop', { method: 'GET' });
    expect(res.status).toBe(200);
    const s = (await sub(phone))!;
    expect(s).toMatchObject({ marketing_state: 'unsubscribed', source: 'keyword' });
    expect((await events(s.id)).map((e) => `${e.channel}:${e.action}`)).toEqual([
      'marketing:unsubscribed',
      'transactional:unsubscribed',
    ]);
    const reply = await outbound(phone, 'opt_out');
    expect(reply).toHaveLength(1);
    expect(reply[0]!.body).toContain('You are unsubscribed');
  });

  it('HELP gets the help text with program name, contact, frequency, rates and the STOP hint', async () => {
    const res = await h.inbound(US, 'help');
    expect(res.body).toMatchObject({ intent: 'help', replyQueued: true });
    const help = await outbound(US, 'help');
    expect(help).toHaveLength(1);
    expect(help[0]!.body).toBe(
      'Demo Store: marketing text alerts. Msg frequency varies. Msg & data rates may apply. Help: help@demo.example. Reply STOP to cancel.',
    );
    const aide = await h.inbound(FR, 'AIDE');
    expect(aide.body).toMatchObject({ intent: 'help', replyQueued: true });
    expect((await outbound(FR, 'help'))[0]!.body).toContain('Répondez STOP');
  });

  it('a replayed inbound message (same provider id) is stored once and answered once', async () => {
    const first = await h.inbound(US, 'INFO', { id: 'mb-replayed-1' });
    const second = await h.inbound(US, 'INFO', { id: 'mb-replayed-1' });
    expect(first.body.status).toBe('stored');
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ status: 'duplicate' });
    expect(await h.rows(`SELECT id FROM messages WHERE provider_message_id = 'mb-replayed-1'`)).toHaveLength(
      1,
    );
    expect(await outbound(US, 'help')).toHaveLength(2);
  });

  it('forged or missing signatures get 401 and nothing is stored', async () => {
    const count = async () =>
      Number((await h.rows<{ n: string }>('SELECT count(*) AS n FROM messages'))[0]!.n);
    const before = await count();
    const body = new URLSearchParams({
      id: 'forged-1',
      originator: '14155550123',
      recipient: SHOP_NUMBER.slice(1),
      body: 'STOP',
      createdDatetime: '2025-11-10T10:00:00+00:00',
    }).toString();
    const forged = await request(h.url)
      .post(INBOUND_WEBHOOK_PATH)
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('MessageBird-Signature-JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4In0.c2lnbmF0dXJl')
      .send(body);
    expect(forged.status).toBe(401);
    const unsigned = await request(h.url)
      .post(INBOUND_WEBHOOK_PATH)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(body);
    expect(unsigned.status).toBe(401);
    expect(await count()).toBe(before);
    expect(await sub('+14155550123')).toBeUndefined();
  });
});

describe('Shopify sync', () => {
  it('writes pending changes back with customerSmsMarketingConsentUpdate', async () => {
    const domain = 'demo.myshopify.com';
    const bodies: Array<{ query: string; variables: { input: Record<string, unknown> } }> = [];
    const scope = nock(`https://${domain}`)
      .post('/admin/api/2025-10/graphql.json')
      .times(2)
      .reply(async (req: Request) => {
        const body = (await req.json()) as (typeof bodies)[number];
        bodies.push(body);
        return [
          200,
          {
            data: {
              customerSmsMarketingConsentUpdate: {
                customer: { id: body.variables.input.customerId },
                userErrors: [],
              },
            },
          },
        ];
      });
    const graphql = createAdminGraphql({
      apiVersion: '2025-10',
      credentials: async () => ({ domain, accessToken: 'shpat_test' }),
      sleep: async () => {},
    });
    const result = await runConsentSync({ db: h.app.database.db, graphql, now: () => new Date() });
    expect(result).toEqual({ done: 2, retried: 0, failed: 0, skipped: 1 });
    expect(scope.isDone()).toBe(true);
    const inputs = bodies.map((b) => b.variables.input);
    expect(bodies[0]!.query).toContain('customerSmsMarketingConsentUpdate(input: $input)');
    expect(inputs).toEqual(
      expect.arrayContaining([
        {
          customerId: `gid://shopify/Customer/${US_CUSTOMER}`,
          smsMarketingConsent: expect.objectContaining({
            marketingState: 'SUBSCRIBED',
            marketingOptInLevel: 'CONFIRMED_OPT_IN',
          }),
        },
        {
          customerId: `gid://shopify/Customer/${FR_CUSTOMER}`,
          smsMarketingConsent: expect.objectContaining({ marketingState: 'UNSUBSCRIBED' }),
        },
      ]),
    );
    const fr = (await sub(FR))!;
    expect((await syncRows(fr.id))[0]!.status).toBe('done');
  });

  it('retries with backoff when Shopify is down', async () => {
    const phone = '+12015550177';
    await h.inbound(phone, 'JOIN');
    await h.rows(`UPDATE subscribers SET customer_id = 7345678900077 WHERE phone = $1`, [phone]);
    await h.rows(
      `UPDATE consent_sync SET customer_id = 7345678900077 WHERE subscriber_id = (SELECT id FROM subscribers WHERE phone = $1)`,
      [phone],
    );
    nock('https://demo.myshopify.com').post('/admin/api/2025-10/graphql.json').reply(503, 'down');
    const graphql = createAdminGraphql({
      apiVersion: '2025-10',
      credentials: async () => ({ domain: 'demo.myshopify.com', accessToken: 'x' }),
      maxAttempts: 1,
      sleep: async () => {},
    });
    const now = new Date();
    expect(await runConsentSync({ db: h.app.database.db, graphql, now: () => now, random: () => 0 })).toEqual(
      { done: 0, retried: 1, failed: 0, skipped: 0 },
    );
    const s = (await sub(phone))!;
    const [row] = await h.rows<{
      status: string;
      attempts: number;
      next_attempt_at: Date;
      last_error: string;
    }>('SELECT * FROM consent_sync WHERE subscriber_id = $1', [s.id]);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.next_attempt_at.getTime()).toBe(now.getTime() + 30_000);
    expect(row!.last_error).toContain('503');
  });

  it("Shopify's echo of our write-back records nothing; a newer Shopify opt-out is applied without a write-back", async () => {
    const s = (await sub(US))!;
    const [confirmed] = await h.rows<{ occurred_at: Date }>(
      `SELECT occurred_at FROM consent_events WHERE subscriber_id = $1 AND action = 'confirmed'`,
      [s.id],
    );
    const echo: Record<string, unknown> = {
      ...fixture('customers_marketing_consent/update'),
      id: US_CUSTOMER,
      phone: US,
    };
    echo.sms_marketing_consent = {
      state: 'subscribed',
      opt_in_level: 'confirmed_opt_in',
      consent_updated_at: confirmed!.occurred_at.toISOString(),
      consent_collected_from: 'OTHER',
    };
    const before = (await events(s.id)).length;
    await h.applyConsentUpdate(echo);
    expect(await events(s.id)).toHaveLength(before);

    const later = new Date(Date.now() + 60_000).toISOString();
    await h.applyConsentUpdate({
      ...echo,
      sms_marketing_consent: {
        state: 'unsubscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: later,
        consent_collected_from: 'SHOPIFY',
      },
    });
    expect(await sub(US)).toMatchObject({
      marketing_state: 'unsubscribed',
      transactional_state: 'subscribed',
    });
    expect((await events(s.id)).at(-1)).toMatchObject({ action: 'unsubscribed', source: 'shopify_sync' });
    expect((await syncRows(s.id)).filter((r) => r.marketing_state === 'UNSUBSCRIBED')).toHaveLength(0);
    // ...and the echo of that change, delivered again, is nothing new.
    await h.applyConsentUpdate({
      ...echo,
      sms_marketing_consent: {
        state: 'unsubscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: later,
        consent_collected_from: 'SHOPIFY',
      },
    });
    expect(await events(s.id)).toHaveLength(before + 1);
  });
});

afterAll(restoreNock);
