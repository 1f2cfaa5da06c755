// The database server ends the app's connections (restart, failover, an operator's pg_terminate_backend):
// the app must log, reconnect and carry on, never crash on an unhandled 'error' event. Only a real server
// can end a connection from outside; the embedded database lives in the app's own process.
import request from 'supertest';
import pg from 'pg';
import { start, type RunningApp } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

const onServer = Boolean(process.env.DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;

describeOnServer('database connections ended by the server', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db) });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await app?.stop();
    await db?.drop();
  });

  const listeners = async (): Promise<string[]> => {
    const r = await admin.query<{ query: string }>(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
    );
    return r.rows.map((row) => row.query);
  };

  it('survives the loss of every connection, LISTEN ones included, and reconnects', async () => {
    // Agenda's notification channel, the outbox wake-up and the inbox processor each hold a LISTEN connection.
    await waitFor('LISTEN connections', async () => (await listeners()).length >= 2);
    // A pool client checked out between two queries of a transaction, as a handler holds one while Node works.
    const busy = await app.database.pool.connect();
    await busy.query('BEGIN');
    // pg-pool drops its own listener on checkout; without ours, the lost connection's 'error' event
    // would be unhandled (in plain Node that ends the process).
    expect(busy.listenerCount('error')).toBeGreaterThan(0);
    const ended = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    expect(ended.rows[0]!.n).toBeGreaterThan(0);
    await expect(busy.query('SELECT 1')).rejects.toThrow();
    busy.release(true);

    // Still serving, with fresh pool connections, and listening again.
    await waitFor('ready again', async () => (await request(app.url!).get('/readyz')).status === 200);
    const settings = await request(app.url!).get('/api/settings');
    expect(settings.status).toBe(200);
    await waitFor('LISTEN again', async () => (await listeners()).length >= 2);
  });
});
