// The shared LISTEN/wake/poll helper on a real server: a NOTIFY on the channel (from another connection,
// as a producer's transaction sends it) wakes the waiting lanes; a LISTEN connection ended by the server
// is reopened, waking the lanes for whatever came meanwhile; close() leaves no connection behind. Only a
// real server delivers NOTIFY across connections and can end one from outside.
import pg from 'pg';
import { createWakeSignal, type WakeSignal } from '../../../server/jobs/wake-signal.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

const describeOnServer = process.env.DATABASE_URL ? describe : describe.skip;
const CHANNEL = 'wake_signal_test';
const NAME = 'wake-signal-test';

const sleep = (ms: number): Promise<'slept'> =>
  new Promise((resolve) => setTimeout(() => resolve('slept'), ms));

describeOnServer('createWakeSignal on a real server', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  let signal: WakeSignal | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterEach(async () => {
    await signal?.close();
    signal = null;
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  const listenConnections = async (): Promise<number[]> =>
    (
      await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query ILIKE 'LISTEN%'`,
        [`textlane-${NAME}`],
      )
    ).rows.map((r) => r.pid);

  async function listeningSignal(): Promise<WakeSignal> {
    const s = createWakeSignal({ url: db.url, channel: CHANNEL, name: NAME, reconnectMs: 50 });
    signal = s;
    await waitFor('LISTEN connection', async () => s.listening() && (await listenConnections()).length === 1);
    return s;
  }

  it('wakes a waiting lane on a NOTIFY from another connection, not on another channel', async () => {
    const s = await listeningSignal();
    const waiter = s.waiter();
    await admin.query(`SELECT pg_notify('some_other_channel', '')`);
    expect(await Promise.race([waiter.wait(60_000).then(() => 'woke'), sleep(300)])).toBe('slept');
    const woke = waiter.wait(60_000).then(() => 'woke');
    await admin.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
    expect(await Promise.race([woke, sleep(10_000)])).toBe('woke');
  });

  it('delivers a NOTIFY only when the sending transaction commits', async () => {
    const s = await listeningSignal();
    const waiter = s.waiter();
    await admin.query('BEGIN');
    await admin.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
    await admin.query('ROLLBACK');
    expect(await Promise.race([waiter.wait(60_000).then(() => 'woke'), sleep(300)])).toBe('slept');
  });

  it('reopens a LISTEN connection the server ended, waking the lanes, and hears NOTIFY again', async () => {
    const s = await listeningSignal();
    const [pid] = await listenConnections();
    const waiter = s.waiter();
    const wokeByReconnect = waiter.wait(60_000).then(() => 'woke');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(await Promise.race([wokeByReconnect, sleep(10_000)])).toBe('woke');
    await waitFor('a new LISTEN connection', async () => {
      const pids = await listenConnections();
      return s.listening() && pids.length === 1 && pids[0] !== pid;
    });
    const woke = waiter.wait(60_000).then(() => 'woke');
    await admin.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
    expect(await Promise.race([woke, sleep(10_000)])).toBe('woke');
  });

  it('close() ends the LISTEN connection, even one still being opened', async () => {
    const s = await listeningSignal();
    await s.close();
    expect(s.listening()).toBe(false);
    await waitFor('no LISTEN connection', async () => (await listenConnections()).length === 0);
    // Closed while connecting: the connection is ended once it is open, never left listening.
    const early = createWakeSignal({ url: db.url, channel: CHANNEL, name: NAME });
    await early.close();
    expect(early.listening()).toBe(false);
    expect(await listenConnections()).toEqual([]);
  });
});
