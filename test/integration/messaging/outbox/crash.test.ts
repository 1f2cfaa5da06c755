// Crash safety: a worker process killed mid-batch leaves rows in 'sending'; after the lease they
// are reconciled (asking the provider where possible, else by kind) and nothing is lost or sent twice.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../../../server/clock.js';
import { start, type RunningApp } from '../../../../server/main.js';
import { claimBatch, newClaimToken } from '../../../../server/messaging/outbox/claim.js';
import { createDispatcher } from '../../../../server/messaging/outbox/dispatcher.js';
import { enqueueMessages } from '../../../../server/messaging/outbox/enqueue.js';
import { reconcileAbandoned } from '../../../../server/messaging/outbox/reconcile.js';
import { repoRoot } from '../../../../server/paths.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../support/test-database.js';
import { createFileProvider, readSentIds } from './file-provider.js';
import {
  addSubscribers,
  createShop,
  dispatchSettings,
  phoneOf,
  registryOf,
  statusCounts,
} from './support.js';

// Noon in New York: marketing messages are inside quiet hours' window.
const T0 = new Date('2025-06-10T16:00:00Z');
const here = join(repoRoot, 'test', 'integration', 'messaging', 'outbox');

function runChild(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-worker.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 17 ? resolve(code) : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

describe('crash safety', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const dir = mkdtempSync(join(tmpdir(), 'outbox-crash-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('a worker killed mid-batch loses and duplicates nothing after reconcile', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 300);
    await enqueueMessages(
      pool,
      shopId,
      Array.from({ length: 300 }, (_, i) => ({
        phone: phoneOf(i),
        kind: i % 2 === 0 ? ('marketing' as const) : ('transactional' as const),
        sourceType: 'campaign',
        body: `Hello ${i}`,
        idempotencyKey: `crash:${i}`,
      })),
      { now: T0 },
    );
    const file = join(dir, 'sent.txt');
    // The child claims 200, gets 120 accepted by the provider, and dies.
    await runChild([app.database.url, file, '120', '200', T0.toISOString()]);
    expect(readSentIds(file)).toHaveLength(120);
    expect(await statusCounts(pool, shopId)).toEqual({ queued: 100, sending: 200 });

    // Restart: a new dispatcher, once the dead worker's lease has run out.
    const clock = manualClock(new Date(T0.getTime() + dispatchSettings.leaseMs + 1000));
    const dispatcher = createDispatcher({
      pool,
      listenUrl: null,
      registry: () => registryOf(createFileProvider(file)),
      dispatch: dispatchSettings,
      rates: { perShop: 0, perProvider: 0 },
      clock,
      name: 'restarted',
    });
    const reconciled = await reconcileAbandoned({
      db: pool,
      registry: registryOf(createFileProvider(file)),
      now: () => clock.now(),
      leaseMs: dispatchSettings.leaseMs,
      maxAttempts: 6,
      policy: { marketing: 'unknown', transactional: 'retry' },
      workerName: 'restarted',
    });
    expect(reconciled).toMatchObject({ examined: 200, confirmed: 120, requeued: 80, unknown: 0 });
    while ((await dispatcher.runOnce()) > 0);
    const ids = readSentIds(file);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(await statusCounts(pool, shopId)).toEqual({ sent: 300 });
  });

  it('without a provider look-up: marketing becomes unknown (at most once), transactional is retried (at least once)', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 20, { offset: 1000 });
    const now = new Date('2025-06-10T16:00:00Z');
    await enqueueMessages(
      pool,
      shopId,
      Array.from({ length: 20 }, (_, i) => ({
        phone: phoneOf(1000 + i),
        kind: i < 10 ? ('marketing' as const) : ('transactional' as const),
        sourceType: 'campaign',
        body: `Hi ${i}`,
        idempotencyKey: `abandon:${i}`,
      })),
      { now },
    );
    // A worker claims them and vanishes without a trace.
    const claimed = await claimBatch(pool, {
      now,
      limit: 100,
      leaseMs: 1000,
      claimToken: newClaimToken('ghost'),
    });
    expect(claimed.filter((m) => m.shopId === shopId)).toHaveLength(20);
    const file = join(dir, 'blind.txt');
    const blind = registryOf(createFileProvider(file, { lookup: false }));
    const later = new Date(now.getTime() + 5000);
    const r = await reconcileAbandoned({
      db: pool,
      registry: blind,
      now: () => later,
      leaseMs: 1000,
      maxAttempts: 6,
      policy: { marketing: 'unknown', transactional: 'retry' },
      workerName: 'blind',
    });
    expect(r).toMatchObject({ examined: 20, unknown: 10, requeued: 10 });
    const dispatcher = createDispatcher({
      pool,
      listenUrl: null,
      registry: () => blind,
      dispatch: dispatchSettings,
      rates: { perShop: 0, perProvider: 0 },
      clock: manualClock(later),
    });
    while ((await dispatcher.runOnce()) > 0);
    expect(await statusCounts(pool, shopId)).toEqual({ unknown: 10, sent: 10 });
    const kinds = await pool.query<{ kind: string; status: string }>(
      `SELECT DISTINCT kind, status FROM messages WHERE shop_id = $1 ORDER BY kind`,
      [shopId],
    );
    expect(kinds.rows).toEqual([
      { kind: 'marketing', status: 'unknown' },
      { kind: 'transactional', status: 'sent' },
    ]);
    expect(readSentIds(file)).toHaveLength(10);
  });
});
