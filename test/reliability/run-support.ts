// What the chaos and soak drivers share: integer settings, a free port, the app processes' environment, a
// driver pool that survives a database restart, and whether this script may restart the PostgreSQL server.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';

export const WEBHOOK_SECRET = 'reliability-webhook-secret';

/** A non-negative number from `--flag N` or the environment (`SOAK_MINUTES` is `--minutes`). */
export function numberSetting(name: string, fallback: number, argv: string[] = process.argv): number {
  const flag = `--${name
    .toLowerCase()
    .replace(/^(chaos|soak)_/, '')
    .replaceAll('_', '-')}`;
  const i = argv.indexOf(flag);
  const raw = i >= 0 ? argv[i + 1] : process.env[name];
  const v = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(v) || v < 0)
    throw new Error(`${name} (${flag}) must be a non-negative number, got ${raw}`);
  return v;
}

export function intSetting(name: string, fallback: number, argv: string[] = process.argv): number {
  const v = numberSetting(name, fallback, argv);
  if (!Number.isInteger(v)) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Environment of every app process: local mode (the demo shop, the simulator) on the given database. */
export function appEnv(o: { databaseUrl: string; port: number; handoffLog: string }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: o.databaseUrl,
    DATABASE_POOL_MAX: '10',
    HOST: '127.0.0.1',
    PORT: String(o.port),
    // Workers address delivery reports here and need not wait for a web process of their own.
    APP_URL: `http://127.0.0.1:${o.port}`,
    LOCAL_SEED: 'false',
    SHOPIFY_API_KEY: '',
    SMS_PROVIDER: 'simulator',
    // Local mode with NODE_ENV=production refuses the public local defaults.
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    MESSAGEBIRD_SIGNING_KEY: 'reliability-signing-key',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    SIMULATOR_LATENCY_MS: '0',
    SIMULATOR_DLR: 'false',
    SIMULATOR_HANDOFF_LOG: o.handoffLog,
  };
}

/** A small pool for the driver's own queries; a server restart only fails the queries in flight. */
export function driverPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  return pool;
}

/** Retries a query through a database restart. */
export async function patiently<T>(fn: () => Promise<T>, tries = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await sleep(1000);
    }
  }
}

/**
 * The cluster to restart (`pg_ctlcluster <version> <name> restart`) when this script can: DATABASE_URL is on
 * this machine and pg_lsclusters lists an online cluster on its port. Otherwise why not.
 */
export function localCluster(databaseUrl: string): { cluster: [string, string] } | { skip: string } {
  const url = new URL(databaseUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname))
    return { skip: `DATABASE_URL is on ${url.hostname}, not this machine` };
  const port = url.port || '5432';
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  } catch {
    return { skip: 'pg_lsclusters is not available (not a Debian-style PostgreSQL install)' };
  }
  for (const line of listing.split('\n')) {
    const [version, name, p, status] = line.trim().split(/\s+/);
    if (p === port && status === 'online' && version && name) {
      if (process.getuid?.() !== 0) return { skip: 'pg_ctlcluster needs root (or the cluster owner)' };
      return { cluster: [version, name] };
    }
  }
  return { skip: `no online cluster on port ${port} in pg_lsclusters` };
}
