// A fan-out that fails on a database error: an outage (SQLSTATE 57P01, "terminating connection due to
// administrator command", raised by a trigger on the second page's recipients insert, twice) is tried again
// with the backoff and the campaign completes with exactly one message per reachable recipient; any other
// error pauses the campaign with the reason in the API, and resuming it completes the send. The watchdog
// queues a fan-out again whose run died without a job left to continue it (and a scheduled campaign whose
// start job is gone), but never while a job for it is queued or a fan-out holds its lock.
import type pg from 'pg';
import type { Clock } from '../../../server/clock.js';
import { start, type RunningApp } from '../../../server/main.js';
import { scheduleCampaign, startCampaign } from '../../../server/campaigns/campaign-actions.js';
import { createCampaign } from '../../../server/campaigns/campaign-service.js';
import { sweepCampaigns, FAN_OUT_STALE_MS } from '../../../server/campaigns/campaign-watchdog.js';
import { FAN_OUT_PAGE_SIZE, runCampaignFanOut } from '../../../server/campaigns/fan-out.js';
import { createCampaignSchema, type CampaignDetail } from '../../../server/contracts/campaigns.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../messaging/outbox/support.js';
import { apiOf, DEMO, insertSegment, insertShop } from './support.js';

/** 12:00 in New York (EDT), a Tuesday: inside every US sending window. The clock runs from there. */
const NOON_NY = new Date('2025-06-10T16:00:00Z').getTime();
/** Subscribers per campaign; every 10th cannot be reached (no marketing consent). */
const N = 2_500;
const REACHABLE = N - N / 10;
const PAGES = Math.ceil(REACHABLE / FAN_OUT_PAGE_SIZE);

let db: TestDatabase;
let app: RunningApp;
let pool: pg.Pool;
let shopId: string;
let segmentId: string;
const t0 = Date.now();
const clock: Clock = { now: () => new Date(NOON_NY + (Date.now() - t0)) };
const api = apiOf(() => app.url!);

/**
 * Subscribers 1..N of customers in a new country (its own segment), so each test's campaign has its own
 * audience; a country awake at noon in New York (the gates place a recipient by their customer's country).
 */
async function audience(country: string, offset: number): Promise<string> {
  await pool.query(
    `INSERT INTO customers (shop_id, id, first_name, phone, country_code)
     SELECT $1, $3 + i, 'Camille', '+1212' || (5000000 + $3 + i)::text, $4 FROM generate_series(1, $2::int) i`,
    [shopId, N, offset, country],
  );
  await pool.query(
    `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
     SELECT $1, '+1212' || (5000000 + $3 + i)::text, 'US', $3 + i, CASE WHEN i % 10 = 0 THEN 'never' ELSE 'subscribed' END, 'subscribed', 'import', now()
       FROM generate_series(1, $2::int) i`,
    [shopId, N, offset],
  );
  return insertSegment(pool, shopId, country, {
    kind: 'customer_country',
    compare: { op: 'eq', value: country },
  });
}

async function newCampaign(name: string, segment: string, schedule?: unknown): Promise<string> {
  const input = createCampaignSchema.parse({
    name,
    audience: { include: [segment], exclude: [] },
    message: { templates: { en: 'Hi {{ subscriber.first_name }}, 20% off today' } },
    options: { smartSendingHours: 0 },
    ...(schedule === undefined ? {} : { schedule }),
  });
  return (await createCampaign(app.context, shopId, 'test', input)).id;
}

/** The fan-out is done and no message of the campaign is still queued or sending. */
async function settled(campaignId: string, timeoutMs = 180_000): Promise<void> {
  await waitFor(
    'the campaign to complete and its messages to go out',
    async () => {
      const { rows } = await pool.query<{ done: boolean }>(
        `SELECT c.status = 'completed' AND c.fanout_phase = 'done' AND NOT EXISTS (
                  SELECT 1 FROM messages m WHERE m.campaign_id = c.id AND m.status IN ('queued', 'sending')) AS done
           FROM campaigns c WHERE c.id = $1`,
        [campaignId],
      );
      return rows[0]!.done;
    },
    timeoutMs,
  );
}

/** One sent message per reachable recipient, nobody twice, every page committed once. */
async function expectExactlyOnce(campaignId: string): Promise<void> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS messages, count(DISTINCT m.subscriber_id)::int AS recipients,
            count(*) FILTER (WHERE m.status = 'sent')::int AS sent,
            count(*) FILTER (WHERE s.marketing_state <> 'subscribed')::int AS unreachable,
            (SELECT fanout_pages FROM campaigns WHERE id = $1) AS pages,
            (SELECT count(*)::int FROM campaign_recipients WHERE campaign_id = $1) AS recorded
       FROM messages m JOIN subscribers s ON s.id = m.subscriber_id WHERE m.campaign_id = $1`,
    [campaignId],
  );
  expect(rows[0]).toEqual({
    messages: REACHABLE,
    recipients: REACHABLE,
    sent: REACHABLE,
    unreachable: 0,
    pages: PAGES,
    recorded: REACHABLE,
  });
}

/** A statement trigger on campaign_recipients that raises `sqlstate` on its calls number `calls`. */
async function failRecipientInserts(name: string, sqlstate: string, calls: number[]): Promise<void> {
  await pool.query(`CREATE SEQUENCE ${name}_seq`);
  await pool.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('${name}_seq') = ANY (ARRAY[${calls.join(',')}]::bigint[]) THEN
        RAISE EXCEPTION '${name}: terminating connection due to administrator command' USING ERRCODE = '${sqlstate}';
      END IF;
      RETURN NULL;
    END $$`);
  await pool.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON campaign_recipients FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({
    port: 0,
    role: 'all',
    env: testEnv(db, { LOCAL_SEED: 'false', SIMULATOR_DLR: 'false', DATABASE_POOL_MAX: '8' }),
    clock,
  });
  pool = app.database.pool;
  shopId = await insertShop(pool, DEMO);
  segmentId = await audience('US', 0);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

it('retries a fan-out that fails with an outage and completes it, one message per reachable recipient', async () => {
  // Page 1 commits, page 2 fails twice (each time rolled back), then pages 2 and 3 commit.
  await failRecipientInserts('fan_out_outage', '57P01', [2, 3]);
  try {
    const id = await newCampaign('Outage sale', segmentId);
    await scheduleCampaign(app.context, shopId, id, 'test');
    await settled(id);
    await expectExactlyOnce(id);
    const { rows: seq } = await pool.query<{ last_value: string }>(
      'SELECT last_value FROM fan_out_outage_seq',
    );
    expect(Number(seq[0]!.last_value)).toBe(PAGES + 2);
    // Each failure queued one retry of the fan-out (the second with attempt 2: no page between the failures).
    const { rows: retries } = await pool.query<{ attempt: number }>(
      `SELECT (data->>'attempt')::int AS attempt FROM agenda_jobs
        WHERE name = 'campaigns.fan-out' AND data->>'campaignId' = $1 ORDER BY attempt`,
      [id],
    );
    expect(retries).toEqual([{ attempt: 1 }, { attempt: 2 }]);
    const detail = (await api<CampaignDetail>('GET', `/campaigns/${id}`)).body;
    expect(detail).toMatchObject({ status: 'completed', statusReason: null });
  } finally {
    await pool.query('DROP TRIGGER fan_out_outage ON campaign_recipients');
  }
}, 300_000);

it('pauses the campaign with the reason on an error that is not an outage; resuming completes it', async () => {
  const segment = await audience('CA', 100_000);
  await failRecipientInserts('fan_out_bug', '22023', [2]);
  const id = await newCampaign('Bug sale', segment);
  try {
    await scheduleCampaign(app.context, shopId, id, 'test');
    const paused = await waitFor(
      'the campaign to pause',
      async () => {
        const c = (await api<CampaignDetail>('GET', `/campaigns/${id}`)).body;
        return c.status === 'paused' ? c : undefined;
      },
      120_000,
    );
    expect(paused.statusReason).toMatch(/^fan_out_failed: the send stopped on an error \(.*fan_out_bug/);
    expect(paused.audit.map((a) => [a.actor, a.action])).toContainEqual(['system', 'paused']);
    const { rows } = await pool.query<{ pages: number }>(
      'SELECT fanout_pages AS pages FROM campaigns WHERE id = $1',
      [id],
    );
    expect(rows[0]!.pages).toBe(1);
  } finally {
    await pool.query('DROP TRIGGER fan_out_bug ON campaign_recipients');
  }
  const resumed = await api<CampaignDetail>('POST', `/campaigns/${id}/resume`);
  expect(resumed.status).toBe(200);
  expect(resumed.body).toMatchObject({ status: 'sending', statusReason: null });
  await settled(id);
  await expectExactlyOnce(id);
}, 300_000);

it('the watchdog queues a fan-out whose run died with no job left, and a start whose job is gone', async () => {
  const segment = await audience('GB', 200_000);
  const later = { kind: 'at', date: '2099-01-01', time: '09:00' };
  // A: started by hand; its run "dies" right after its first committed page (the worker gone, no retry queued).
  const a = await newCampaign('Died sale', segment, later);
  await scheduleCampaign(app.context, shopId, a, 'test');
  await pool.query(`UPDATE campaigns SET start_at = $2 WHERE id = $1`, [a, clock.now()]);
  expect(await startCampaign(app.context, shopId, a)).toBe(true);
  const died = new Error('the worker died');
  await expect(
    runCampaignFanOut(app.context, shopId, a, () => {
      throw died;
    }),
  ).rejects.toBe(died);
  // B: scheduled, its start time passed, its start job gone.
  const segmentB = await audience('BR', 300_000);
  const b = await newCampaign('Lost start sale', segmentB, later);
  await scheduleCampaign(app.context, shopId, b, 'test');
  await pool.query(`UPDATE campaigns SET start_at = $2 WHERE id = $1`, [b, clock.now()]);

  const stale = () => new Date(clock.now().getTime() + FAN_OUT_STALE_MS + 60_000);
  // Their start jobs are still queued (for 2099): nothing to do.
  expect(await sweepCampaigns(app.context, stale())).toEqual({ fanOuts: 0, winners: 0, starts: 0 });
  await pool.query(`DELETE FROM agenda_jobs WHERE data->>'campaignId' = ANY($1)`, [[a, b]]);
  // Not stale yet: nothing to do.
  expect(await sweepCampaigns(app.context, clock.now())).toEqual({ fanOuts: 0, winners: 0, starts: 0 });
  // A fan-out holding A's lock (another worker's run) keeps the watchdog away from A.
  const holder = await pool.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(hashtext('campaign-fan-out'), hashtext($1))`, [a]);
    const { rows: atDeath } = await pool.query<{ status: string; phase: string; pages: number }>(
      'SELECT status, fanout_phase AS phase, fanout_pages AS pages FROM campaigns WHERE id = $1',
      [a],
    );
    expect(atDeath[0]).toEqual({ status: 'sending', phase: 'rest', pages: 1 });
    // B is scheduled work of its own: only its start is queued.
    expect(await sweepCampaigns(app.context, stale())).toEqual({ fanOuts: 0, winners: 0, starts: 1 });
    await holder.query(`SELECT pg_advisory_unlock(hashtext('campaign-fan-out'), hashtext($1))`, [a]);
  } finally {
    holder.release();
  }
  expect(await sweepCampaigns(app.context, stale())).toEqual({ fanOuts: 1, winners: 0, starts: 0 });
  await settled(a);
  await expectExactlyOnce(a);
  await settled(b);
  await expectExactlyOnce(b);
}, 300_000);
