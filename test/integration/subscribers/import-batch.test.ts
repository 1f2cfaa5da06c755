// The background import writes a batch set-based: new, existing (subscribed, unsubscribed), duplicate and
// invalid rows in one file spanning two batches give the same outcomes row by row would, and an outage
// in a batch is retried from the last committed batch instead of failing the import.
import request from 'supertest';
import { CSV_IMPORT_HEADER } from '../../../server/contracts/csv-import.js';
import { waitFor } from '../../support/wait-for.js';
import { startHarness, type Harness } from './support.js';

let h: Harness;
const api = () => request(h.url);
const MAPPING = { phone: 'phone', firstName: 'name', consentDate: 'date', consentSource: 'source' };
const HEADER = 'phone,name,date,source';
const mobile = (prefix: number, i: number) => `+336${prefix}${String(i).padStart(7, '0')}`;

async function importFile(lines: string[]) {
  const id = (
    await api()
      .post('/api/subscribers/imports?filename=people.csv')
      .set('Content-Type', 'text/csv')
      .set(CSV_IMPORT_HEADER, '1')
      .send([HEADER, ...lines].join('\n'))
      .expect(201)
  ).body.id as string;
  await api().post(`/api/subscribers/imports/${id}/start`).send({ mapping: MAPPING }).expect(202);
  return waitFor(
    'the import to end',
    async () => {
      const body = (await api().get(`/api/subscribers/imports/${id}`).expect(200)).body;
      return body.status === 'completed' || body.status === 'failed' ? body : undefined;
    },
    120_000,
  );
}

const stateOf = async (phone: string) =>
  (
    await h.rows<{ marketing_state: string; transactional_state: string }>(
      'SELECT marketing_state, transactional_state FROM subscribers WHERE shop_id = $1 AND phone = $2',
      [h.shopId, phone],
    )
  )[0];

beforeAll(async () => {
  h = await startHarness({ role: 'all' });
});
afterAll(() => h.stop());

describe('batched background import', () => {
  it('decides new, existing, duplicate and invalid rows of a two-batch file as row by row', async () => {
    const subscribed = mobile(1, 1);
    const stopped = mobile(1, 2);
    const first = await importFile([`${subscribed},Sub,2025-01-01,Form`, `${stopped},Stop,2025-01-01,Form`]);
    expect(first).toMatchObject({ status: 'completed', imported: 2 });
    expect((await h.inbound(stopped, 'STOP')).status).toBe(200);
    expect(await stateOf(stopped)).toMatchObject({ marketing_state: 'unsubscribed' });

    // 700 lines (two batches of 500): 690 new numbers, the two existing ones, duplicates in the same batch
    // and across the batch boundary, and invalid rows.
    const fresh = Array.from({ length: 690 }, (_, i) => mobile(2, i));
    const lines = fresh.map((p, i) => `${p},New${i},2025-02-01,Popup`);
    lines.splice(3, 0, `${subscribed},Sub again,2025-02-01,Popup`); // line 5
    lines.splice(4, 0, `${stopped},Back,${new Date().toISOString()},Popup`); // line 6, consent after the STOP
    lines.splice(10, 0, `${fresh[0]},Dup,2025-02-01,Popup`); // line 12: same number as line 2
    lines.splice(600, 0, `${fresh[1]},Dup,2025-02-01,Popup`); // line 602, second batch: as line 3
    lines.splice(601, 0, `+33142685300,Landline,2025-02-01,Popup`); // line 603
    lines.splice(602, 0, `12,Short,2025-02-01,Popup`); // line 604
    lines.splice(603, 0, `${mobile(3, 1)},Future,2999-01-01,Popup`); // line 605
    lines.splice(604, 0, `${mobile(3, 2)},,,Popup`); // line 606
    // The re-subscribe adds a transactional event too if STOP ended that channel.
    const stoppedEvents = (await stateOf(stopped))!.transactional_state === 'subscribed' ? 1 : 2;
    const before = await h.rows<{ subs: number; events: number; syncs: number }>(
      `SELECT (SELECT count(*)::int FROM subscribers) AS subs, (SELECT count(*)::int FROM consent_events) AS events,
              (SELECT count(*)::int FROM consent_sync) AS syncs`,
    );

    const done = await importFile(lines);
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 698,
      imported: 691,
      unchanged: 1,
      rejected: 6,
      error: null,
    });
    const rejected = (await api().get(`/api/subscribers/imports/${done.id}/rejected`).expect(200)).text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 3));
    expect(rejected).toEqual([
      ['12', 'duplicate', 'same number as line 2'],
      ['602', 'duplicate', 'same number as line 3'],
      ['603', 'landline', expect.any(String)],
      ['604', 'invalid_phone', expect.any(String)],
      ['605', 'future_consent_date', expect.any(String)],
      ['606', 'missing_consent_date', expect.any(String)],
    ]);
    const [after] = await h.rows<{ subs: number; events: number; syncs: number }>(
      `SELECT (SELECT count(*)::int FROM subscribers) AS subs, (SELECT count(*)::int FROM consent_events) AS events,
              (SELECT count(*)::int FROM consent_sync) AS syncs`,
    );
    // 690 new subscribers with a marketing and a transactional event each and one write-back each;
    // the re-subscribed number one marketing event and a write-back; the subscribed one nothing.
    expect(after).toEqual({
      subs: before[0]!.subs + 690,
      events: before[0]!.events + 690 * 2 + stoppedEvents,
      syncs: before[0]!.syncs + 690 + 1,
    });
    expect(await stateOf(fresh[689]!)).toEqual({
      marketing_state: 'subscribed',
      transactional_state: 'subscribed',
    });
    expect(await stateOf(stopped)).toMatchObject({ marketing_state: 'subscribed' });
    const [ledger] = await h.rows<{ actions: string[] }>(
      `SELECT array_agg(e.action ORDER BY e.id) AS actions FROM consent_events e JOIN subscribers s ON s.id = e.subscriber_id
        WHERE s.phone = $1 AND e.channel = 'marketing'`,
      [stopped],
    );
    expect(ledger!.actions).toEqual(['subscribed', 'unsubscribed', 'resubscribed']);
    const [event] = await h.rows<{ source: string; evidence: Record<string, unknown>; sub_source: string }>(
      `SELECT e.source, e.evidence, s.source AS sub_source, s.subscribed_at FROM consent_events e
         JOIN subscribers s ON s.id = e.subscriber_id WHERE s.phone = $1 AND e.channel = 'marketing'`,
      [fresh[689]],
    );
    expect(event).toMatchObject({
      source: 'import',
      sub_source: 'import',
      evidence: { importId: done.id, importLine: 699, consentSource: 'Popup', firstName: 'New689' },
    });
    const syncs = await h.rows<{ marketing_state: string; status: string }>(
      `SELECT DISTINCT c.marketing_state, c.status FROM consent_sync c
         JOIN subscribers s ON s.id = c.subscriber_id WHERE s.phone = ANY($1)`,
      [fresh],
    );
    expect(syncs).toEqual([{ marketing_state: 'SUBSCRIBED', status: 'pending' }]);

    const again = await importFile(lines);
    expect(again).toMatchObject({ status: 'completed', imported: 0, unchanged: 692, rejected: 6 });
  });

  it('retries a batch that fails with an outage and resumes after the last committed batch', async () => {
    // Statement 2 and 3 into consent_sync (the second batch, twice) fail as a server shutting down would;
    // a sequence counts across the rolled-back transactions.
    await h.rows(`CREATE SEQUENCE import_outage_seq`);
    await h.rows(`CREATE FUNCTION import_outage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('import_outage_seq') IN (2, 3) THEN
          RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
        END IF;
        RETURN NULL;
      END $$`);
    await h.rows(
      `CREATE TRIGGER import_outage BEFORE INSERT ON consent_sync FOR EACH STATEMENT EXECUTE FUNCTION import_outage()`,
    );
    try {
      const phones = Array.from({ length: 1_200 }, (_, i) => mobile(4, i));
      const done = await importFile(phones.map((p) => `${p},Retry,2025-03-01,Popup`));
      expect(done).toMatchObject({ status: 'completed', processedRows: 1_200, imported: 1_200, rejected: 0 });
      const [seq] = await h.rows<{ last_value: string }>('SELECT last_value FROM import_outage_seq');
      expect(Number(seq!.last_value)).toBe(5); // 3 batches + 2 failed tries
      const [counts] = await h.rows<{ subs: number; events: number; syncs: number }>(
        `SELECT count(DISTINCT s.id)::int AS subs, count(e.id)::int AS events,
                (SELECT count(*)::int FROM consent_sync c JOIN subscribers s2 ON s2.id = c.subscriber_id
                  WHERE s2.phone = ANY($1)) AS syncs
           FROM subscribers s JOIN consent_events e ON e.subscriber_id = s.id WHERE s.phone = ANY($1)`,
        [phones],
      );
      expect(counts).toEqual({ subs: 1_200, events: 2_400, syncs: 1_200 });
    } finally {
      await h.rows('DROP TRIGGER import_outage ON consent_sync');
    }
  });

  it('marks the import failed when a batch fails with an error that is not an outage', async () => {
    await h.rows(`CREATE FUNCTION import_bug() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a bug' USING ERRCODE = '22023'; END $$`);
    await h.rows(
      `CREATE TRIGGER import_bug BEFORE INSERT ON consent_sync FOR EACH STATEMENT EXECUTE FUNCTION import_bug()`,
    );
    try {
      const done = await importFile([`${mobile(5, 1)},Bug,2025-03-01,Popup`]);
      expect(done).toMatchObject({ status: 'failed', processedRows: 0, imported: 0 });
      expect(done.error).toMatch(/a bug|Failed query/);
    } finally {
      await h.rows('DROP TRIGGER import_bug ON consent_sync');
    }
  });
});
