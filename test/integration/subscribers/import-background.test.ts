// Background CSV import: upload (streamed into rows), column mapping, preview with per-row reasons, the
// import in an agenda job with progress, rejected rows as CSV, and no duplicates when imported again.
import request from 'supertest';
import { CSV_IMPORT_HEADER } from '../../../server/contracts/csv-import.js';
import { waitFor } from '../../support/wait-for.js';
import { startHarness, type Harness } from './support.js';

let h: Harness;
const api = () => request(h.url);
const upload = (csv: string, filename = 'people.csv') =>
  api()
    .post(`/api/subscribers/imports?filename=${filename}`)
    .set('Content-Type', 'text/csv')
    .set(CSV_IMPORT_HEADER, '1')
    .send(csv);

const FILE = [
  'Mobile,Given name,Surname,E-mail,Opt-in date,How',
  '+14155550301,Ada,Lovelace,ada@example.com,2025-03-01,Paper form at the shop',
  '(415) 555-0302,Alan,Turing,,2025-03-02T10:00:00Z,Website popup',
  '+33142685300,Marie,Landline,,2025-03-03,Website popup',
  '12,Short,Number,,2025-03-03,Website popup',
  '+14155550303,No,Date,,,Website popup',
  '+14155550304,Future,Date,,2999-01-01,Website popup',
  '+1 415 555 0301,Ada,Again,,2025-03-05,Website popup',
  '+14155550305,Bad,Email,not-an-email,2025-03-05,Website popup',
  '+14155550306,Too,Few',
].join('\n');
const MAPPING = {
  phone: 'Mobile',
  firstName: 'Given name',
  lastName: 'Surname',
  email: 'E-mail',
  consentDate: 'Opt-in date',
  consentSource: 'How',
  defaultDisclosureText: 'Reply STOP to cancel.',
};
const EXPECTED_REJECTIONS = [
  [4, 'landline'],
  [5, 'invalid_phone'],
  [6, 'missing_consent_date'],
  [7, 'future_consent_date'],
  [8, 'duplicate'],
  [9, 'invalid_email'],
  [10, 'column_count'],
];

async function importFile(csv: string) {
  const id = (await upload(csv).expect(201)).body.id as string;
  await api().post(`/api/subscribers/imports/${id}/start`).send({ mapping: MAPPING }).expect(202);
  return waitFor(
    'the import to complete',
    async () => {
      const body = (await api().get(`/api/subscribers/imports/${id}`).expect(200)).body;
      return body.status === 'completed' ? body : undefined;
    },
    30_000,
  );
}

beforeAll(async () => {
  h = await startHarness({ role: 'all' });
});
afterAll(() => h.stop());

describe('background subscriber import', () => {
  let importId: string;

  it('stores the upload with its columns, a guessed mapping and the row count', async () => {
    const res = await upload(FILE).expect(201);
    importId = res.body.id;
    expect(res.body).toMatchObject({
      filename: 'people.csv',
      status: 'uploaded',
      columns: ['Mobile', 'Given name', 'Surname', 'E-mail', 'Opt-in date', 'How'],
      mapping: {
        phone: 'Mobile',
        firstName: 'Given name',
        lastName: 'Surname',
        email: 'E-mail',
        consentDate: 'Opt-in date',
      },
      totalRows: 9,
      processedRows: 0,
    });
  });

  it("previews the first rows with each row's reason", async () => {
    const res = await api()
      .post(`/api/subscribers/imports/${importId}/preview`)
      .send({ mapping: MAPPING })
      .expect(200);
    const reasons = res.body.rows.map((r: { line: number; reason: string | null }) => [r.line, r.reason]);
    expect(reasons).toEqual([[2, null], [3, null], ...EXPECTED_REJECTIONS]);
    expect(res.body.rows[1].values).toMatchObject({ phone: '+14155550302', firstName: 'Alan' });
    expect(res.body.rows[2].message).toMatch(/landline/);
  });

  it('imports in the background, counts progress, and lists the rejected rows as CSV', async () => {
    const started = await api()
      .post(`/api/subscribers/imports/${importId}/start`)
      .send({ mapping: MAPPING })
      .expect(202);
    expect(started.body.status).toBe('queued');
    await api().post(`/api/subscribers/imports/${importId}/start`).send({ mapping: MAPPING }).expect(409);
    const done = await waitFor(
      'the import to complete',
      async () => {
        const body = (await api().get(`/api/subscribers/imports/${importId}`).expect(200)).body;
        return body.status === 'completed' ? body : undefined;
      },
      30_000,
    );
    expect(done).toMatchObject({ processedRows: 9, imported: 2, unchanged: 0, rejected: 7 });
    const subs = await h.rows<{ phone: string; marketing_state: string }>(
      `SELECT phone, marketing_state FROM subscribers WHERE source = 'import' ORDER BY phone`,
    );
    expect(subs).toEqual([
      { phone: '+14155550301', marketing_state: 'subscribed' },
      { phone: '+14155550302', marketing_state: 'subscribed' },
    ]);
    const [event] = await h.rows<{ disclosure_text: string; evidence: Record<string, unknown> }>(
      `SELECT e.disclosure_text, e.evidence FROM consent_events e JOIN subscribers s ON s.id = e.subscriber_id WHERE s.phone = '+14155550301' AND e.channel = 'marketing'`,
    );
    expect(event).toMatchObject({
      disclosure_text: 'Reply STOP to cancel.',
      evidence: {
        consentSource: 'Paper form at the shop',
        firstName: 'Ada',
        email: 'ada@example.com',
        importLine: 2,
      },
    });

    const csv = await api().get(`/api/subscribers/imports/${importId}/rejected`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('line,reason,message,Mobile,Given name,Surname,E-mail,Opt-in date,How');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2))).toEqual(
      EXPECTED_REJECTIONS.map(([line, reason]) => [String(line), reason]),
    );
    expect(lines[5]).toContain('same number as line 2');
    // Only the rejected rows are kept.
    expect(
      await h.rows(`SELECT line FROM subscriber_import_rows WHERE import_id = $1 AND status <> 'rejected'`, [
        importId,
      ]),
    ).toEqual([]);
  });

  it('creates no duplicates when the same file is imported again', async () => {
    const [before] = await h.rows<{ subs: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM subscribers) AS subs, (SELECT count(*)::int FROM consent_events) AS events`,
    );
    const again = await importFile(FILE);
    expect(again).toMatchObject({ imported: 0, unchanged: 2, rejected: 7 });
    const [after] = await h.rows<{ subs: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM subscribers) AS subs, (SELECT count(*)::int FROM consent_events) AS events`,
    );
    expect(after).toEqual(before);
  });

  it('refuses bad uploads and mappings with a clear 4xx, storing nothing', async () => {
    const countImports = async () =>
      (await h.rows<{ n: number }>('SELECT count(*)::int AS n FROM subscriber_imports'))[0]!.n;
    const before = await countImports();
    expect(
      (await api().post('/api/subscribers/imports').send({ csv: 'a' }).expect(415)).body.error.code,
    ).toBe('unsupported_media_type');
    expect((await upload('').expect(400)).body.error.message).toMatch(/empty/);
    expect((await upload('phone,date\n').expect(400)).body.error.message).toMatch(/header but no rows/);
    expect((await upload('phone,date\n"+1415,2025-01-01\n').expect(400)).body.error.message).toMatch(
      /unterminated quoted field/,
    );
    expect((await upload('phone,phone\n1,2\n').expect(400)).body.error.message).toMatch(/more than once/);
    // A NUL character (found by npm run fuzz: it was a 500): not a text file.
    expect(
      (await upload('phone,date\n+14155550398\u0000,2025-01-01\n').expect(400)).body.error.message,
    ).toMatch(/NUL character/);
    expect(await countImports()).toBe(before);

    const id = (await upload('phone,date\n+14155550399,2025-01-01\n').expect(201)).body.id as string;
    const bad = async (body: unknown, field: string) => {
      const res = await api()
        .post(`/api/subscribers/imports/${id}/preview`)
        .send(body as object)
        .expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toContain(field);
    };
    await bad({ mapping: { phone: 'phone', consentDate: 'date' } }, 'mapping.consentSource');
    await bad(
      { mapping: { phone: 'mobile', consentDate: 'date', defaultConsentSource: 'Form' } },
      'mapping.phone',
    );
    await bad({ mapping: { consentDate: 'date', defaultConsentSource: 'Form' } }, 'mapping.phone');
    await bad(
      { mapping: { phone: 'phone', consentDate: 'date', defaultConsentSource: 'Form', extra: 'x' } },
      'mapping',
    );
    await api().get('/api/subscribers/imports/00000000-0000-4000-8000-000000000000').expect(404);
    await api().get('/api/subscribers/imports/not-an-id').expect(404);
  });
});

describe('GET /api/subscribers search, counts and filtered export', () => {
  it('finds by any part of the phone number and by email, counts per state, exports the filtered list', async () => {
    await h.rows(
      `INSERT INTO customers (shop_id, id, first_name, last_name, email, phone) VALUES ($1, 99001, 'Grace', 'Hopper', 'grace@navy.example', '+14155550302')`,
      [h.shopId],
    );
    await h.rows(`UPDATE subscribers SET customer_id = 99001 WHERE phone = '+14155550302'`);
    const phones = async (q: string) =>
      (await api().get('/api/subscribers').query({ q }).expect(200)).body.items.map(
        (i: { phone: string }) => i.phone,
      );
    expect(await phones('555-0302')).toEqual(['+14155550302']);
    expect(await phones('(415) 555 0301')).toEqual(['+14155550301']);
    expect(await phones('navy.example')).toEqual(['+14155550302']);
    expect(await phones('hopper')).toEqual(['+14155550302']);
    const counts = (await api().get('/api/subscribers/counts').expect(200)).body;
    expect(counts).toMatchObject({ subscribed: 2, pending: 0, unsubscribed: 0, total: 2 });
    expect(
      (await api().get('/api/subscribers/counts').query({ state: 'pending', q: 'hopper' }).expect(200)).body,
    ).toMatchObject({ subscribed: 1, total: 1 });
    await api().get('/api/subscribers/counts').query({ country: 'USA' }).expect(400);
    const csv = await api().get('/api/subscribers/export').query({ q: 'hopper' }).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(2);
    expect(csv.text).toContain("'+14155550302");
    await api().get('/api/subscribers/export').query({ state: 'maybe' }).expect(400);
  });
});
