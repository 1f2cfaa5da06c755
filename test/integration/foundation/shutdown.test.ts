// Graceful shutdown: in-flight requests finish, running jobs finish or are unlocked (never locked forever),
// and the CLI stops on SIGTERM. A bad environment stops boot with a one-line message.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { repoRoot } from '../../../server/paths.js';
import { start } from '../../../server/main.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

/** process.env plus overrides, with undefined meaning "unset" (spawn would pass the string "undefined"). */
function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('finishes an in-flight request and a running job, leaving nothing locked', async () => {
    const app = await start({
      port: 0,
      env: testEnv(db, { LOCAL_SEED: 'true', SHUTDOWN_TIMEOUT_MS: '5000' }),
    });
    const ran: string[] = [];
    app.agenda.define('test.slow', async () => {
      ran.push('started');
      await sleep(1200);
      ran.push('finished');
    });
    await app.agenda.now('test.slow', {});
    await waitFor('job start', async () => ran.includes('started'));

    // A request whose body is still arriving when shutdown begins.
    const url = new URL('/api/settings', app.url!);
    const body = JSON.stringify({ shopName: 'Shutdown Test Shop' });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => req.end(body.slice(5)), 400);
    });
    await sleep(100);
    const stopping = app.stop();
    const res = await response;
    await stopping;

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).shopName).toBe('Shutdown Test Shop');
    expect(ran).toEqual(['started', 'finished']);
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query(
        `SELECT locked_at, last_finished_at FROM agenda_jobs WHERE name = 'test.slow'`,
      );
      for (const r of rows.rows) expect(r.locked_at).toBeNull();
    } finally {
      await client.end();
    }
  });

  it('unlocks a job that outlives the shutdown timeout so the next worker runs it again', async () => {
    const first = await start({
      port: 0,
      env: testEnv(db, { LOCAL_SEED: 'false', SHUTDOWN_TIMEOUT_MS: '300' }),
    });
    let started = 0;
    first.agenda.define('test.too-slow', async () => {
      started++;
      await sleep(3000);
    });
    await first.agenda.now('test.too-slow', { n: 1 });
    await waitFor('first run', async () => started === 1);
    await first.stop();
    const locked = await first.database.pool
      .query('SELECT 1')
      .then(() => 'pool still open')
      .catch(() => 'pool closed');
    expect(locked).toBe('pool closed');

    const second = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'false' }) });
    try {
      let rerun = 0;
      second.agenda.define('test.too-slow', async () => {
        rerun++;
      });
      await waitFor('job picked up again after restart', async () => rerun === 1);
      expect(rerun).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('stops the CLI process on SIGTERM with exit code 0', async () => {
    const child = spawn(tsx, ['server/cli/start.ts'], {
      cwd: repoRoot,
      env: childEnv(testEnv(db, { LOCAL_SEED: 'false', PORT: '0', LOG_LEVEL: 'info' })),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    let exitedEarly = false;
    child.on('exit', () => (exitedEarly = true));
    await waitFor(
      'listening',
      async () => {
        if (exitedEarly) throw new Error(`CLI exited before listening:\n${out}`);
        return out.includes('listening on');
      },
      60_000,
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('shutting down gracefully');
  });

  it('refuses to boot with a malformed variable, in one line naming it', async () => {
    const child = spawn(tsx, ['server/cli/start.ts', '--role', 'worker'], {
      cwd: repoRoot,
      env: childEnv({ DATABASE_URL: 'notaurl' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toEqual([
      'Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user@127.0.0.1:5432/app (got "notaurl")',
    ]);
  });
});
