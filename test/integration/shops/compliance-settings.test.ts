// GET|PUT /api/settings/compliance: every value validated server-side with a message naming it, a change
// recorded in the audit list, and the values read where they act (HELP replies, the outbox's caps and
// quiet hours, the reports' attribution windows).
import request from 'supertest';
import { loadAttributionWindows } from '../../../server/shops/compliance-settings.js';
import { loadSendingSettings } from '../../../server/messaging/outbox/shop-sending-settings.js';
import { SHOP_NUMBER, startHarness, type Harness } from '../subscribers/support.js';

let h: Harness;
const api = () => request(h.url);
const put = (body: unknown) =>
  api()
    .put('/api/settings/compliance')
    .send(body as object);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('GET /api/settings/compliance', () => {
  it('answers the defaults, the operator-assigned number and the legal windows', async () => {
    const res = await api().get('/api/settings/compliance').expect(200);
    expect(res.body).toMatchObject({
      doubleOptInCountries: ['US', 'CA'],
      programName: 'Demo Store',
      supportContact: 'help@demo.example',
      helpText: { en: null, fr: null },
      quietHours: null,
      frequencyCaps: { minHoursBetween: 16, maxPer7Days: 2 },
      attributionWindows: { clickDays: 5, deliveredHours: 24 },
      smsNumber: SHOP_NUMBER,
    });
    const fl = res.body.legalQuietHours.find((r: { region: string }) => r.region === 'US-FL');
    expect(fl).toMatchObject({ label: 'Florida', startMinute: 480, endMinute: 1200 });
    const fr = res.body.legalQuietHours.find((r: { region: string }) => r.region === 'FR');
    expect(fr).toMatchObject({ weekdays: [1, 2, 3, 4, 5, 6], holidays: 'FR' });
    expect(await loadAttributionWindows(h.app.database.db, h.shopId)).toEqual({
      clickDays: 5,
      deliveredHours: 24,
    });
  });
});

describe('PUT /api/settings/compliance validation', () => {
  const bad = async (body: unknown, field: string, message: RegExp) => {
    const res = await put(body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields[field]).toMatch(message);
    expect(res.body.error.message).toContain(field === '_' ? res.body.error.fields[field] : `${field}: `);
  };

  it('refuses each bad value with a 400 naming it, and changes nothing', async () => {
    const before = (await api().get('/api/settings/compliance').expect(200)).body;
    await bad({ doubleOptInCountries: ['USA'] }, 'doubleOptInCountries.0', /two-letter country code/);
    await bad({ doubleOptInCountries: 'US' }, 'doubleOptInCountries', /.+/);
    await bad({ programName: '' }, 'programName', /required/);
    await bad({ programName: 'x'.repeat(41) }, 'programName', /at most 40/);
    await bad({ helpText: { en: 'Demo Store help: call us.' } }, 'helpText.en', /STOP/);
    await bad({ helpText: { de: 'Hilfe. STOP' } }, 'helpText', /Unknown field/);
    await bad({ consentDisclosure: 'x'.repeat(1001) }, 'consentDisclosure', /at most 1000/);
    await bad(
      { quietHours: { startMinute: 600, endMinute: 540 } },
      'quietHours.endMinute',
      /start before it ends/,
    );
    await bad(
      { quietHours: { startMinute: 600.5, endMinute: 700 } },
      'quietHours.startMinute',
      /whole minutes/,
    );
    await bad(
      { quietHours: { startMinute: 420, endMinute: 1080 } },
      'quietHours.startMinute',
      /08:00 or later.*only be stricter/,
    );
    await bad(
      { quietHours: { startMinute: 600, endMinute: 1320 } },
      'quietHours.endMinute',
      /21:00 or earlier/,
    );
    await bad(
      { quietHours: { startMinute: 1200, endMinute: 1260 } },
      'quietHours.startMinute',
      /before 20:00/,
    );
    await bad(
      { frequencyCaps: { minHoursBetween: -1, maxPer7Days: 2 } },
      'frequencyCaps.minHoursBetween',
      /0 or more/,
    );
    await bad(
      { frequencyCaps: { minHoursBetween: 24, maxPer7Days: 0 } },
      'frequencyCaps.maxPer7Days',
      /at least 1/,
    );
    await bad(
      { frequencyCaps: { minHoursBetween: 24, maxPer7Days: 2.5 } },
      'frequencyCaps.maxPer7Days',
      /whole number/,
    );
    await bad({ frequencyCaps: { minHoursBetween: 24 } }, 'frequencyCaps.maxPer7Days', /.+/);
    await bad(
      { attributionWindows: { clickDays: 0, deliveredHours: 24 } },
      'attributionWindows.clickDays',
      /at least 1 day/,
    );
    await bad(
      { attributionWindows: { clickDays: 5, deliveredHours: 200 } },
      'attributionWindows.deliveredHours',
      /at most 168/,
    );
    await bad({ smsNumber: '+15550000000' }, '_', /Unknown field\(s\): smsNumber/);
    const notJson = await api()
      .put('/api/settings/compliance')
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(400);
    expect(notJson.body.error.code).toBe('validation_failed');
    expect((await api().get('/api/settings/compliance').expect(200)).body).toEqual(before);
    expect((await api().get('/api/settings/compliance/audit').expect(200)).body.entries).toEqual([]);
  });
});

describe('PUT /api/settings/compliance', () => {
  it('saves, records the change in the audit list, and the app acts on it', async () => {
    const res = await put({
      doubleOptInCountries: ['us', 'FR', 'US'],
      helpText: { en: 'Demo Store: help at help@demo.example. Reply STOP to cancel.' },
      quietHours: { startMinute: 600, endMinute: 1080 },
      frequencyCaps: { minHoursBetween: 48, maxPer7Days: 1 },
      attributionWindows: { clickDays: 7, deliveredHours: 12 },
    }).expect(200);
    expect(res.body).toMatchObject({
      doubleOptInCountries: ['US', 'FR'],
      helpText: { en: 'Demo Store: help at help@demo.example. Reply STOP to cancel.', fr: null },
      quietHours: { startMinute: 600, endMinute: 1080 },
      frequencyCaps: { minHoursBetween: 48, maxPer7Days: 1 },
      attributionWindows: { clickDays: 7, deliveredHours: 12 },
      programName: 'Demo Store',
    });
    expect((await api().get('/api/settings/compliance').expect(200)).body).toEqual(res.body);

    const audit = (await api().get('/api/settings/compliance/audit').expect(200)).body.entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      section: 'compliance',
      actor: 'merchant',
      changes: {
        doubleOptInCountries: { from: ['US', 'CA'], to: ['US', 'FR'] },
        frequencyCaps: {
          from: { minHoursBetween: 16, maxPer7Days: 2 },
          to: { minHoursBetween: 48, maxPer7Days: 1 },
        },
        quietHours: { from: null, to: { startMinute: 600, endMinute: 1080 } },
      },
    });

    // Saving the same values again records nothing.
    await put({ frequencyCaps: { minHoursBetween: 48, maxPer7Days: 1 } }).expect(200);
    expect((await api().get('/api/settings/compliance/audit').expect(200)).body.entries).toHaveLength(1);

    // Where the values act: the outbox's caps and window, the reports' windows, the HELP reply.
    const sending = (await loadSendingSettings(h.app.database.pool, [h.shopId])).get(h.shopId)!;
    expect(sending.caps).toEqual({ minHoursBetween: 48, maxPer7Days: 1 });
    expect(sending.quietHours).toEqual({ startMinute: 600, endMinute: 1080 });
    expect(await loadAttributionWindows(h.app.database.db, h.shopId)).toEqual({
      clickDays: 7,
      deliveredHours: 12,
    });
    await h.inbound('+14155550177', 'HELP').then((r) => expect(r.status).toBe(200));
    const [reply] = await h.rows<{ body: string }>(
      `SELECT body FROM messages WHERE phone = '+14155550177' AND direction = 'outbound'`,
    );
    expect(reply?.body).toBe('Demo Store: help at help@demo.example. Reply STOP to cancel.');
  });

  it('clears optional texts with null or an empty string', async () => {
    const res = await put({ helpText: { en: '' }, supportContact: null, quietHours: null }).expect(200);
    expect(res.body).toMatchObject({ helpText: { en: null }, supportContact: null, quietHours: null });
  });
});
