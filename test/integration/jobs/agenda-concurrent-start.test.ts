// Several processes starting at once (workers after a deploy) on one real server: each agenda backend creates
// its schema when it connects (CREATE OR REPLACE FUNCTION, DROP and CREATE TRIGGER), and two at once failed
// with "tuple concurrently updated" (found by npm run chaos). server/jobs/agenda.ts makes them take turns.
import pg from 'pg';
import { loadConfig } from '../../../server/config.js';
import { runMigrations } from '../../../server/db/migrate.js';
import { createAgenda, type AppAgenda } from '../../../server/jobs/agenda.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const describeOnServer = process.env.DATABASE_URL ? describe : describe.skip;
const PROCESSES = 6;
const ROUNDS = 5;

describeOnServer('agenda: processes starting at once', () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const agendas: AppAgenda[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const migrator = new pg.Pool({ connectionString: db.url, max: 1 });
    pools.push(migrator);
    await runMigrations(migrator);
  });
  afterAll(async () => {
    for (const a of agendas) await a.stop(1000);
    for (const p of pools) await p.end();
    await db?.drop();
  });

  it('all become ready, each round, with no schema error', async () => {
    const config = loadConfig(testEnv(db));
    const errors: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const starting = Array.from({ length: PROCESSES }, (_, i) => {
        const pool = new pg.Pool({ connectionString: db.url, max: 3 });
        pool.on('error', () => undefined); // an idle client ended by the database's drop at teardown
        pools.push(pool);
        const a = createAgenda({ config, pool, embedded: false, name: `p${round}-${i}` });
        agendas.push(a);
        a.agenda.on('error', (err: unknown) => errors.push(err));
        return a.agenda.ready;
      });
      await Promise.all(starting);
    }
    expect(errors).toEqual([]);
  });
});
