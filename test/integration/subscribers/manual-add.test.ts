// POST /api/subscribers: a subscriber is added by hand only with the proof of consent (where and how they
// agreed, when, not in the future, and the exact text they agreed to). Each missing or bad value is a 400
// naming it that writes nothing; a good one is recorded in the ledger as given; double opt-in follows the
// shop's settings (Settings › Compliance), not a fixed list.
import request from 'supertest';
import { startHarness, type Harness } from './support.js';

let h: Harness;
const api = () => request(h.url);

const GOOD = {
  phone: '+33612349001',
  disclosureText: 'I agree to receive marketing texts from Demo Store. Reply STOP to cancel.',
  consentDate: '2025-03-14',
  consentSource: 'Paper form at the Lyon counter',
};

const subscriberCount = async () =>
  Number(
    (
      await h.rows<{ n: number }>('SELECT count(*)::int AS n FROM subscribers WHERE shop_id = $1', [h.shopId])
    )[0]!.n,
  );
const ledgerCount = async () =>
  Number(
    (
      await h.rows<{ n: number }>('SELECT count(*)::int AS n FROM consent_events WHERE shop_id = $1', [
        h.shopId,
      ])
    )[0]!.n,
  );

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('POST /api/subscribers refuses an add without the proof of consent', () => {
  const refused = async (body: Record<string, unknown>, field: string, message: RegExp) => {
    const before = { subscribers: await subscriberCount(), ledger: await ledgerCount() };
    const res = await api().post('/api/subscribers').send(body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
    expect(res.body.error.fields[field]).toMatch(message);
    expect(res.body.error.message).toContain(field === '_' ? res.body.error.fields._ : `${field}: `);
    expect({ subscribers: await subscriberCount(), ledger: await ledgerCount() }).toEqual(before);
  };
  const without = (key: keyof typeof GOOD) => {
    const body: Record<string, unknown> = { ...GOOD };
    delete body[key];
    return body;
  };

  it('a missing consent source, date or disclosure is named', async () => {
    await refused(without('consentSource'), 'consentSource', /where and how consent was collected/);
    await refused(without('consentDate'), 'consentDate', /date the person agreed is required/);
    await refused(without('disclosureText'), 'disclosureText', /disclosure text .* is required/);
    await refused(without('phone'), 'phone', /Phone is required/);
  });

  it('a blank value counts as missing', async () => {
    await refused({ ...GOOD, consentSource: '   ' }, 'consentSource', /where and how consent was collected/);
    await refused({ ...GOOD, consentDate: '' }, 'consentDate', /date the person agreed is required/);
    await refused({ ...GOOD, disclosureText: ' ' }, 'disclosureText', /disclosure text .* is required/);
  });

  it('a value of the wrong type or too long is named', async () => {
    await refused({ ...GOOD, consentSource: 42 }, 'consentSource', /must be text/);
    await refused({ ...GOOD, consentDate: 20250314 }, 'consentDate', /must be text/);
    await refused({ ...GOOD, disclosureText: ['I agree'] }, 'disclosureText', /must be text/);
    await refused({ ...GOOD, consentSource: 'x'.repeat(201) }, 'consentSource', /at most 200/);
    await refused({ ...GOOD, disclosureText: 'x'.repeat(2001) }, 'disclosureText', /at most 2000/);
  });

  it('a consent date that is not a date is named', async () => {
    await refused({ ...GOOD, consentDate: 'last Tuesday' }, 'consentDate', /must be an ISO date/);
    await refused({ ...GOOD, consentDate: '2025-02-30' }, 'consentDate', /must be an ISO date/);
    await refused({ ...GOOD, consentDate: '14/03/2025' }, 'consentDate', /must be an ISO date/);
  });

  it('a consent date in the future is refused, whether a date or a time', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await refused({ ...GOOD, consentDate: tomorrow }, 'consentDate', /must not be in the future/);
    const inAMinute = new Date(Date.now() + 60_000).toISOString();
    await refused({ ...GOOD, consentDate: inAMinute }, 'consentDate', /must not be in the future/);
  });

  it('an unknown field is named', async () => {
    await refused({ ...GOOD, consentMethod: 'paper' }, '_', /Unknown field\(s\): consentMethod/);
  });
});

describe('POST /api/subscribers records the proof in the ledger', () => {
  it('keeps the consent date, the source and the exact disclosure on every event it adds', async () => {
    const res = await api().post('/api/subscribers').send(GOOD).expect(201);
    expect(res.body).toMatchObject({ phone: GOOD.phone, state: 'subscribed', source: 'admin' });
    const events = await h.rows<{
      channel: string;
      action: string;
      source: string;
      occurred_at: Date;
      disclosure_text: string;
      evidence: Record<string, unknown>;
    }>(
      `SELECT channel, action, source, occurred_at, disclosure_text, evidence FROM consent_events
        WHERE shop_id = $1 AND subscriber_id = $2 ORDER BY channel`,
      [h.shopId, res.body.id],
    );
    expect(events.map((e) => [e.channel, e.action])).toEqual([
      ['marketing', 'subscribed'],
      ['transactional', 'subscribed'],
    ]);
    for (const e of events) {
      expect(e.source).toBe('admin');
      expect(e.occurred_at.toISOString()).toBe('2025-03-14T00:00:00.000Z');
      expect(e.disclosure_text).toBe(GOOD.disclosureText);
      expect(e.evidence).toMatchObject({
        addedBy: 'admin',
        consentSource: GOOD.consentSource,
        consentDate: GOOD.consentDate,
      });
    }
    // The consent proof the merchant downloads says the same.
    const proof = await api().get(`/api/subscribers/${res.body.id}/consent?format=csv`).expect(200);
    expect(proof.text).toContain(GOOD.consentSource);
    expect(proof.text).toContain('2025-03-14T00:00:00.000Z');
  });
});

describe('POST /api/subscribers applies double opt-in where the settings say so', () => {
  const add = async (phone: string) =>
    (
      await api()
        .post('/api/subscribers')
        .send({ ...GOOD, phone })
        .expect(201)
    ).body as {
      id: string;
      state: string;
      messages: Array<{ sourceType: string; status: string }>;
    };

  it('a country on the list gets pending and a confirmation request; others are subscribed at once', async () => {
    // Default list: US and CA.
    const us = await add('+12015559001');
    expect(us.state).toBe('pending');
    expect(us.messages).toEqual([expect.objectContaining({ sourceType: 'keyword_reply', status: 'queued' })]);
    const fr = await add('+33612349002');
    expect(fr.state).toBe('subscribed');

    // The merchant asks for double opt-in in France only.
    await api()
      .put('/api/settings/compliance')
      .send({ doubleOptInCountries: ['FR'] })
      .expect(200);
    expect((await add('+33612349003')).state).toBe('pending');
    expect((await add('+12015559002')).state).toBe('subscribed');

    // None at all.
    await api().put('/api/settings/compliance').send({ doubleOptInCountries: [] }).expect(200);
    expect((await add('+33612349004')).state).toBe('subscribed');
  });
});
