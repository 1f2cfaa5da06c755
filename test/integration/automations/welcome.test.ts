// A confirmed subscription gets exactly one welcome: the built-in text while the welcome automation is
// off, the automation's message once the merchant turns it on.
import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

const DISCLOSURE =
  'Demo Store: recurring automated marketing texts. Msg & data rates may apply. Reply STOP to cancel.';
const CONSENT = { consentDate: '2025-01-31', consentSource: 'Paper form at the counter' };

describe('welcome on confirmed subscription', () => {
  let db: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const welcomes = async (phone: string) =>
    (
      await app.database.pool.query<{ source_type: string; source_id: string }>(
        `SELECT source_type, source_id FROM messages WHERE phone = $1 AND direction = 'outbound' AND source_id IN ('welcome') ORDER BY created_at`,
        [phone],
      )
    ).rows;

  it('sends the built-in welcome while the automation is off', async () => {
    const res = await request(app.url!)
      .post('/api/subscribers')
      .send({ phone: '+33612345678', disclosureText: DISCLOSURE, ...CONSENT });
    expect([200, 201]).toContain(res.status);
    expect(res.body.state ?? res.body.subscriber?.state).toBe('subscribed');
    expect(await welcomes('+33612345678')).toEqual([{ source_type: 'keyword_reply', source_id: 'welcome' }]);
  });

  it('sends the automation welcome instead, once, when the merchant turned it on', async () => {
    const put = await request(app.url!).put('/api/automations/welcome').send({ enabled: true });
    expect(put.status).toBe(200);
    const res = await request(app.url!)
      .post('/api/subscribers')
      .send({ phone: '+33612345679', disclosureText: DISCLOSURE, ...CONSENT });
    expect([200, 201]).toContain(res.status);
    const rows = await waitFor('automation welcome', async () => {
      const r = await welcomes('+33612345679');
      return r.length > 0 && r;
    });
    expect(rows).toEqual([{ source_type: 'automation', source_id: 'welcome' }]);
  });
});
