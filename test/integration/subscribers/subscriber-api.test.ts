import request from 'supertest';
import { checkoutWithSms, startHarness, type Harness } from './support.js';
import { CSV_IMPORT_HEADER } from '../../../server/contracts/csv-import.js';

let h: Harness;
const CONSENT = { consentDate: '2025-01-31', consentSource: 'Paper form at the counter' };
const api = () => request(h.url);

beforeAll(async () => {
  h = await startHarness();
  await h.rows(
    `INSERT INTO customers (shop_id, id, first_name, last_name, phone, country_code) VALUES ($1, 7345678900101, 'Camille', 'Durand', '+33612345601', 'FR')`,
    [h.shopId],
  );
  await h.applyCheckout(checkoutWithSms('+33612345601', '7345678900101', 'FR', 'tok-api-1', 'fr-FR'));
  await h.applyCheckout(checkoutWithSms('+12015550101', '7345678900102', 'US'));
  await h.inbound('+14155550111', 'STOP');
});
afterAll(() => h.stop());

describe('GET /api/subscribers', () => {
  it('lists with state, source, country and name', async () => {
    const res = await api().get('/api/subscribers').expect(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.nextCursor).toBeNull();
    const fr = res.body.items.find((i: { phone: string }) => i.phone === '+33612345601');
    expect(fr).toMatchObject({
      state: 'subscribed',
      source: 'checkout',
      country: 'FR',
      name: 'Camille Durand',
    });
    expect(typeof fr.subscribedAt).toBe('string');
  });

  it('filters by phone, name, state, source, country and subscribed date', async () => {
    const phones = async (query: Record<string, string>) =>
      (await api().get('/api/subscribers').query(query).expect(200)).body.items
        .map((i: { phone: string }) => i.phone)
        .sort();
    expect(await phones({ phone: '+12015550101' })).toEqual(['+12015550101']);
    expect(await phones({ q: 'durand' })).toEqual(['+33612345601']);
    expect(await phones({ state: 'pending' })).toEqual(['+12015550101']);
    expect(await phones({ state: 'unsubscribed' })).toEqual(['+14155550111']);
    expect(await phones({ source: 'keyword' })).toEqual(['+14155550111']);
    expect(await phones({ country: 'fr' })).toEqual(['+33612345601']);
    expect(await phones({ subscribedFrom: '2000-01-01', subscribedTo: '2100-01-01' })).toEqual([
      '+33612345601',
    ]);
    expect(await phones({ subscribedFrom: '2100-01-01' })).toEqual([]);
  });

  it('paginates with a cursor', async () => {
    const first = await api().get('/api/subscribers?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await api().get(`/api/subscribers?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    expect(new Set(all).size).toBe(3);
  });

  it('answers 400 naming the bad parameter', async () => {
    const bad = async (qs: string, field: string) => {
      const res = await api().get(`/api/subscribers?${qs}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toContain(field);
    };
    await bad('phone=0612345678', 'phone');
    await bad('state=maybe', 'state');
    await bad('source=carrier', 'source');
    await bad('country=FRA', 'country');
    await bad('subscribedFrom=yesterday', 'subscribedFrom');
    await bad('limit=0', 'limit');
    await bad('cursor=nonsense', 'cursor');
    await bad('colour=blue', '_');
  });
});

describe('subscriber detail, manual add and unsubscribe', () => {
  it('adds a subscriber manually (double opt-in for US), shows history newest first, unsubscribes', async () => {
    const created = await api()
      .post('/api/subscribers')
      .send({
        phone: '(201) 555-0142',
        countryCode: 'US',
        disclosureText: 'Agreed in store to receive texts.',
        consentDate: '2025-01-31',
        consentSource: 'Paper form at the counter',
      })
      .expect(201);
    expect(created.body).toMatchObject({ phone: '+12015550142', state: 'pending', source: 'admin' });
    expect(created.body.consentHistory[0]).toMatchObject({
      channel: expect.any(String),
      source: 'admin',
      disclosureText: 'Agreed in store to receive texts.',
    });
    expect(created.body.messages[0]).toMatchObject({
      direction: 'outbound',
      sourceType: 'keyword_reply',
      status: 'queued',
    });

    await h.inbound('+12015550142', 'yes');
    const detail = await api().get(`/api/subscribers/${created.body.id}`).expect(200);
    expect(detail.body.state).toBe('subscribed');
    expect(detail.body.consentHistory[0]).toMatchObject({ action: 'confirmed', source: 'keyword' });
    expect(detail.body.messages.map((m: { direction: string }) => m.direction)).toContain('inbound');
    const times = detail.body.messages.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const unsub = await api()
      .post(`/api/subscribers/${created.body.id}/unsubscribe`)
      .send({ reason: 'asked by phone' })
      .expect(200);
    expect(unsub.body).toMatchObject({ state: 'unsubscribed', transactionalState: 'unsubscribed' });
    expect(unsub.body.consentHistory[0]).toMatchObject({ action: 'unsubscribed', source: 'admin' });
  });

  it('rejects invalid and landline numbers with the reason', async () => {
    const landline = await api()
      .post('/api/subscribers')
      .send({ phone: '+33 1 42 68 53 00', disclosureText: 'x', ...CONSENT })
      .expect(400);
    expect(landline.body.error).toMatchObject({ code: 'invalid_phone', fields: { reason: 'not_mobile' } });
    const short = await api()
      .post('/api/subscribers')
      .send({ phone: '123', countryCode: 'US', disclosureText: 'x', ...CONSENT })
      .expect(400);
    expect(short.body.error.fields.reason).toBe('too_short');
    const missing = await api().post('/api/subscribers').send({ phone: '+33612345699' }).expect(400);
    expect(missing.body.error.fields).toHaveProperty('disclosureText');
  });

  it('404 for an unknown or malformed id', async () => {
    await api().get('/api/subscribers/00000000-0000-4000-8000-000000000000').expect(404);
    await api().get('/api/subscribers/not-an-id').expect(404);
    await api()
      .post('/api/subscribers/00000000-0000-4000-8000-000000000000/unsubscribe')
      .send({})
      .expect(404);
  });
});

describe('consent proof', () => {
  it('JSON and CSV', async () => {
    const [fr] = await h.rows<{ id: string }>(`SELECT id FROM subscribers WHERE phone = '+33612345601'`);
    const json = await api().get(`/api/subscribers/${fr!.id}/consent`).expect(200);
    expect(json.body.subscriber).toMatchObject({
      phone: '+33612345601',
      marketingState: 'subscribed',
      customerId: '7345678900101',
    });
    expect(json.body.events[0]).toMatchObject({
      channel: 'marketing',
      action: 'subscribed',
      source: 'checkout',
      checkoutToken: 'tok-api-1',
    });
    expect(json.body.events[0].disclosureText).toContain('Msg & data rates may apply');

    const csv = await api().get(`/api/subscribers/${fr!.id}/consent?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'subscriber_id,phone,event_id,channel,action,source,occurred_at,recorded_at,disclosure_text,ip_address,user_agent,order_id,checkout_token,evidence',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',marketing,subscribed,checkout,');
    const viaAccept = await api()
      .get(`/api/subscribers/${fr!.id}/consent`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(viaAccept.text).toBe(csv.text);
    await api().get(`/api/subscribers/${fr!.id}/consent?format=xml`).expect(400);
  });
});

describe('CSV import and export', () => {
  it('imports valid rows and reports invalid ones with line number and reason', async () => {
    const csv = [
      'phone,first_name,last_name,country,consent_date,consent_source,disclosure_text',
      '+33612345610,Léa,Martin,FR,2025-03-01,website popup,"Oui, je veux des SMS"',
      '(201) 555-0110,Ann,Lee,US,2025-03-02T10:00:00Z,in-store tablet,',
      '01 42 68 53 00,Paul,Fixe,FR,2025-03-01,website popup,',
      '+33612345611,No,Date,FR,,website popup,',
      '+33612345612,Bad,Date,FR,03/01/2025,website popup,',
      '+33612345613,No,Source,FR,2025-03-01,,',
      '+33612345610,Dup,Licate,FR,2025-03-01,website popup,',
      '+33612345614,Future,Date,FR,2999-01-01,website popup,',
    ].join('\r\n');
    const res = await api()
      .post('/api/subscribers/import')
      .set('Content-Type', 'text/csv')
      .set(CSV_IMPORT_HEADER, '1')
      .send(csv)
      .expect(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.errors.map((e: { row: number; reason: string }) => [e.row, e.reason])).toEqual([
      [4, 'not_mobile'],
      [5, 'missing_consent_date'],
      [6, 'invalid_consent_date'],
      [7, 'missing_consent_source'],
      [8, 'duplicate'],
      [9, 'future_consent_date'],
    ]);
    const [lea] = await h.rows<{ marketing_state: string; source: string; subscribed_at: Date }>(
      `SELECT * FROM subscribers WHERE phone = '+33612345610'`,
    );
    expect(lea).toMatchObject({ marketing_state: 'subscribed', source: 'import' });
    expect(lea!.subscribed_at.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    const [ev] = await h.rows<{ evidence: Record<string, unknown>; disclosure_text: string }>(
      `SELECT * FROM consent_events WHERE channel = 'marketing' AND subscriber_id = (SELECT id FROM subscribers WHERE phone = '+33612345610')`,
    );
    expect(ev).toMatchObject({
      disclosure_text: 'Oui, je veux des SMS',
      evidence: expect.objectContaining({ consentSource: 'website popup', firstName: 'Léa', importLine: 2 }),
    });
    // Imports never text anyone.
    expect(
      await h.rows(`SELECT id FROM messages WHERE phone IN ('+33612345610', '+12015550110')`),
    ).toHaveLength(0);
  });

  it('a file that cannot be read is a 400', async () => {
    const missing = await api()
      .post('/api/subscribers/import')
      .set('Content-Type', 'text/csv')
      .set(CSV_IMPORT_HEADER, '1')
      .send('phone,first_name\n+33612345620,A')
      .expect(400);
    expect(missing.body.error).toMatchObject({ code: 'invalid_import_file' });
    expect(missing.body.error.message).toContain('consent_date, consent_source');
    await api()
      .post('/api/subscribers/import')
      .set('Content-Type', 'text/csv')
      .set(CSV_IMPORT_HEADER, '1')
      .send('')
      .expect(400);
    await api()
      .post('/api/subscribers/import')
      .set('Content-Type', 'text/csv')
      .set(CSV_IMPORT_HEADER, '1')
      .send('phone,consent_date,consent_source\n"+3361')
      .expect(400);
    await api()
      .post('/api/subscribers/import')
      .set('Content-Type', 'application/json')
      .send({ phone: 'x' })
      .expect(415);
  });

  it('exports every subscriber as CSV', async () => {
    const res = await api().get('/api/subscribers/export').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,phone,state,source,country,name,subscribed_at,created_at');
    const count = (await h.rows<{ n: string }>('SELECT count(*) AS n FROM subscribers'))[0]!.n;
    expect(lines).toHaveLength(Number(count) + 1);
    expect(res.text).toContain(",'+33612345601,subscribed,checkout,FR,Camille Durand,");
  });
});

describe('GET /api/subscribers/growth', () => {
  it('counts consent changes by state and source per day', async () => {
    const res = await api()
      .get('/api/subscribers/growth')
      .query({ from: '2025-03-01', to: '2025-03-03', interval: 'day' })
      .expect(200);
    expect(res.body.buckets.map((b: { start: string }) => b.start)).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-03-02T00:00:00.000Z',
      '2025-03-03T00:00:00.000Z',
    ]);
    expect(res.body.buckets[0]).toMatchObject({
      subscribed: 1,
      pending: 0,
      unsubscribed: 0,
      bySource: { import: 1 },
    });
    expect(res.body.buckets[1]).toMatchObject({ subscribed: 1, bySource: { import: 1 } });
    expect(res.body.totals.subscribed).toBeGreaterThanOrEqual(3);
    const week = await api()
      .get('/api/subscribers/growth')
      .query({ from: '2025-03-01', to: '2025-03-03', interval: 'week' })
      .expect(200);
    // 2025-03-01 and 03-02 are a Saturday and a Sunday: one week starting Monday 24 February.
    expect(week.body.buckets).toEqual([
      {
        start: '2025-02-24T00:00:00.000Z',
        subscribed: 2,
        pending: 0,
        unsubscribed: 0,
        bySource: { import: 2 },
      },
      { start: '2025-03-03T00:00:00.000Z', subscribed: 0, pending: 0, unsubscribed: 0, bySource: {} },
    ]);
  });

  it('400 on a bad range', async () => {
    await api().get('/api/subscribers/growth').query({ from: '2025-03-05', to: '2025-03-01' }).expect(400);
    await api().get('/api/subscribers/growth').query({ from: '2025-03-05' }).expect(400);
    await api()
      .get('/api/subscribers/growth')
      .query({ from: '2025-03-01', to: '2025-03-05', interval: 'month' })
      .expect(400);
  });
});
