// A fresh, empty database per test file: a new database on DATABASE_URL's server when it is set (CI),
// else a new in-memory embedded PGlite server. The app under test migrates it on start().
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded.js';
import { repoRoot } from '../../server/paths.js';

// initdb inside PGlite takes seconds; a fresh cluster is dumped once and every test file starts from it.
const templatePath = join(repoRoot, 'node_modules', '.cache', 'textlane', 'pglite-empty-cluster.tar');

async function emptyClusterDump(): Promise<Blob> {
  if (!existsSync(templatePath)) {
    const { PGlite } = await import('@electric-sql/pglite');
    const fresh = await PGlite.create('memory://');
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    await mkdir(join(templatePath, '..'), { recursive: true });
    const tmp = `${templatePath}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, templatePath);
  }
  return new Blob([await readFile(templatePath)]);
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: 'memory://',
      loadDataDir: await emptyClusterDump(),
    });
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Environment for start() in tests: local mode on the given database, quiet logs, fast jobs. */
export function testEnv(
  db: TestDatabase,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    SHOPIFY_API_KEY: undefined,
    SHOPIFY_API_SECRET: undefined,
    APP_URL: undefined,
    TOKEN_ENCRYPTION_KEY: undefined,
    SMS_PROVIDER: undefined,
    MESSAGEBIRD_ACCESS_KEY: undefined,
    MESSAGEBIRD_SIGNING_KEY: undefined,
    HOST: '127.0.0.1',
    AGENDA_PROCESS_EVERY_MS: '200',
    DATABASE_POOL_MAX: '5',
    SHUTDOWN_TIMEOUT_MS: '3000',
    // Shops that never chose a plan are not held to the no-plan allowance (100 segments) in tests of other
    // features with larger audiences; the billing tests turn it on (BILLING_NO_PLAN_SEGMENTS: undefined).
    BILLING_NO_PLAN_SEGMENTS: 'off',
    ...extra,
  };
}
