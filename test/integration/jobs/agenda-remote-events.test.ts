// Two processes' agendas on one real server: agenda re-emits each process's job events in the other
// (state notifications, with `remote` true and a notification instead of a job). The app's own listeners
// (server/jobs/agenda.ts) must ignore those: they read job.attrs and threw, crashing every worker process
// as soon as a second one ran jobs (found by npm run chaos). Only a real server carries the notifications.
import pg from 'pg';
import { loadConfig } from '../../../server/config.js';
import { runMigrations } from '../../../server/db/migrate.js';
import { createAgenda, type AppAgenda } from '../../../server/jobs/agenda.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const describeOnServer = process.env.DATABASE_URL ? describe : describe.skip;

describeOnServer("agenda: another process's job events", () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const agendas: AppAgenda[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const a of agendas) await a.stop(1000);
    for (const p of pools) await p.end();
    await db?.drop();
  });

  it('reach the other process as remote events and do not break its listeners', async () => {
    const config = loadConfig(testEnv(db));
    const open = (name: string): AppAgenda => {
      const pool = new pg.Pool({ connectionString: db.url, max: 3 });
      pool.on('error', () => undefined); // an idle client ended by the database's drop at teardown
      pools.push(pool);
      const a = createAgenda({ config, pool, embedded: false, name });
      agendas.push(a);
      return a;
    };
    const migrator = new pg.Pool({ connectionString: db.url, max: 1 });
    pools.push(migrator);
    await runMigrations(migrator);
    // One after the other: each backend creates its schema when it connects.
    const runner = open('runner');
    await runner.agenda.ready;
    const other = open('other');
    await other.agenda.ready;
    let ran = 0;
    runner.agenda.define('remote-events-test', async () => {
      ran++;
    });
    // Listeners added after the app's own: reached only if the app's listeners did not throw first.
    type Listener = (payload: unknown, isRemote?: boolean) => void;
    const remote = (subscribe: (listener: Listener) => void) =>
      new Promise<unknown>((resolve) =>
        subscribe((payload, isRemote) => {
          if (isRemote === true) resolve(payload);
        }),
      );
    const started = remote((l) => other.agenda.on('start', l));
    const completed = remote((l) => other.agenda.on('complete', l));
    await other.agenda.start();
    await runner.agenda.start();
    await runner.agenda.now('remote-events-test', {});
    await expect(started).resolves.toMatchObject({ jobName: 'remote-events-test' });
    await expect(completed).resolves.toMatchObject({ jobName: 'remote-events-test' });
    expect(ran).toBe(1);
  });
});
