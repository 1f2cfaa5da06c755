// Sending a campaign on the embedded database that local mode (`npm start`) runs on by default, whatever
// DATABASE_URL says: PGlite runs one transaction at a time across all connections, so a request that opens a
// second connection inside its transaction waits for itself forever. "Send" once did (the schedule action
// checked the audience's segments through the pool while holding the campaign row): the request never
// answered and every later request ran out of connections (500). Here the campaign is scheduled, sent and
// completed, and the app keeps answering.
import type { CampaignDetail } from '../../../server/contracts/campaigns.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../server/db/embedded.js';
import { start, type RunningApp } from '../../../server/main.js';
import { testEnv } from '../../support/test-database.js';
import { apiOf, country, DEMO, insertPeople, insertSegment, insertShop } from './support.js';

const NOON_NY = Date.parse('2025-06-10T16:00:00Z'); // a Tuesday: no quiet hours in New York
const startedAt = Date.now();
const clock = { now: () => new Date(NOON_NY + (Date.now() - startedAt)) };

let server: EmbeddedPostgres;
let app: RunningApp;
let segment: string;
const api = apiOf(() => app.url!);

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dataDir: 'memory://' });
  app = await start({
    port: 0,
    env: testEnv({ url: server.url, drop: () => server.stop() }, { LOCAL_SEED: 'false' }),
    clock,
  });
  const shopId = await insertShop(app.database.pool, DEMO);
  await insertPeople(
    app.database.pool,
    shopId,
    Array.from({ length: 3 }, (_, i) => ({ customerId: 10 + i, phone: `+121255501${10 + i}` })),
  );
  segment = await insertSegment(app.database.pool, shopId, 'US', country('US'));
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await server?.stop();
});

it('schedules, sends and completes a campaign; later requests are still answered', async () => {
  const created = await api<CampaignDetail>('POST', '/campaigns', {
    name: 'Embedded',
    audience: { include: [segment], exclude: [] },
    message: { templates: { en: 'Hello from {{ shop.name }}' }, discount: null },
  });
  expect(created.status).toBe(201);
  const scheduled = await api<CampaignDetail>('POST', `/campaigns/${created.body.id}/schedule`);
  expect(scheduled).toMatchObject({ status: 200, body: { status: 'scheduled' } });

  let detail = scheduled.body;
  while (detail.status !== 'completed' || detail.progress.queued + detail.progress.sending > 0) {
    await new Promise((r) => setTimeout(r, 200));
    detail = (await api<CampaignDetail>('GET', `/campaigns/${created.body.id}`)).body;
  }
  expect(detail.progress).toMatchObject({ audience: 3, failed: 0, cancelled: 0 });
  expect(detail.progress.sent + detail.progress.delivered).toBe(3);

  const next = await api<CampaignDetail>('POST', '/campaigns', { name: 'Next' });
  expect(next).toMatchObject({ status: 201, body: { status: 'draft' } });
});
