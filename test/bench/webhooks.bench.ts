// `npm run bench:webhooks`: webhook ingest throughput. Boots the real app (role web: the inbox processor
// does not run, so ingest is measured alone) in a child process on a fresh database (a new database on
// DATABASE_URL's server, else embedded PGlite), drives POST /webhooks/shopify with autocannon (50
// connections, 20 s, signed orders/create bodies, a distinct X-Shopify-Webhook-Id per request), then
// measures a bare Express route that only verifies the HMAC (the ceiling). Checks every acknowledged
// delivery is stored exactly once. The last line printed is the JSON summary.
// Server and load generator run in separate processes so they do not share an event loop.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import express from 'express';
import pg from 'pg';
import { start } from '../../server/main.js';
import { fixturesDir } from '../../server/paths.js';
import { WEBHOOK_BODY_LIMIT } from '../../server/webhooks/receiver.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { verifyShopifyWebhook } from '../../server/webhooks/verify-webhook.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SECRET = 'local-dev-secret';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const WARMUP_S = 3;
const body = readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8');

const appEnv = (databaseUrl: string | undefined): Record<string, string | undefined> => ({
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn', // the request logger writes one info line per request: not part of the hot path under test
  DATABASE_URL: databaseUrl,
  EMBEDDED_DB_DIR: 'memory://',
  LOCAL_SEED: 'false',
  // Concurrent commits share WAL flushes (group commit): 25 connections ingest ~2x what 10 do.
  DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? '25',
  SHOPIFY_API_KEY: undefined,
  SHOPIFY_API_SECRET: SECRET,
  SMS_PROVIDER: undefined,
  // Local mode with NODE_ENV=production refuses the public local defaults.
  MESSAGEBIRD_SIGNING_KEY: 'bench-signing-key',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  HOST: '127.0.0.1',
  PORT: '0',
});

interface Ready {
  url: string;
  databaseUrl: string;
}

type Command = 'cpu' | 'stop';

/** Child side of the IPC: report CPU time used so far (µs), or stop. */
function onCommands(stop: () => Promise<void>): void {
  process.on('message', (cmd: Command) => {
    if (cmd === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ cpuUs: u.user + u.system });
    } else {
      void stop().then(() => process.exit(0));
    }
  });
}

/** Child: the real app. */
async function serveApp(databaseUrl: string | undefined): Promise<void> {
  const app = await start({ role: 'web', env: appEnv(databaseUrl) });
  process.send!({ url: app.url!, databaseUrl: app.database.url } satisfies Ready);
  onCommands(() => app.stop());
}

/** Child: the ceiling, an Express route that only verifies the HMAC as the receiver does, then answers 200. */
async function serveBare(): Promise<void> {
  const app = express();
  app.post('/webhooks/shopify', express.raw({ type: '*/*', limit: WEBHOOK_BODY_LIMIT }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = verifyShopifyWebhook(SECRET, raw, req.headers);
    res.status(result.valid ? 200 : 401).json({ received: result.valid });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.send!({ url: `http://127.0.0.1:${port}`, databaseUrl: '' } satisfies Ready);
  });
  onCommands(() => new Promise((resolve) => server.close(() => resolve())));
}

function spawnServer(
  mode: '--serve-app' | '--serve-bare',
  databaseUrl?: string,
): Promise<{ child: ChildProcess; ready: Ready }> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = fork(fileURLToPath(import.meta.url), [mode, databaseUrl ?? ''], {
    execArgv: [...process.execArgv, ...profile],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ready: m as Ready }));
    child.once('exit', (code) => reject(new Error(`${mode} exited with ${code} before it was ready`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop' satisfies Command);
  });
}

function serverCpuUs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { cpuUs: number }).cpuUs));
    child.send('cpu' satisfies Command);
  });
}

/** Waits until the inbox stops growing: requests cut off by the end of a run still finish server-side. */
async function settledCount(pool: pg.Pool): Promise<number> {
  let last = -1;
  for (;;) {
    const n = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM webhook_events')).rows[0]!.n,
    );
    if (n === last) return n;
    last = n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Measures one run and the server's CPU time per request in it. */
async function measured(
  child: ChildProcess,
  url: string,
  track?: Tracking,
): Promise<{ result: autocannon.Result; cpuUsPerRequest: number }> {
  const before = await serverCpuUs(child);
  const result = await load(url, DURATION_S, track);
  const used = (await serverCpuUs(child)) - before;
  return { result, cpuUsPerRequest: Math.round(used / Math.max(1, result['2xx'] + result.non2xx)) };
}

interface Tracking {
  sent: Set<string>;
  acked: string[];
}

async function load(url: string, durationS: number, track?: Tracking): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/shopify',
        setupRequest: (req, context) => {
          const webhookId = randomUUID();
          (context as { webhookId?: string }).webhookId = webhookId;
          track?.sent.add(webhookId);
          const headers = signShopifyWebhook({
            secret: SECRET,
            topic: 'orders/create',
            shopDomain: 'demo.myshopify.com',
            body,
            apiVersion: '2025-10',
            webhookId,
          });
          return { ...req, headers, body };
        },
        onResponse: (status, _body, context) => {
          const webhookId = (context as { webhookId?: string }).webhookId;
          if (track && webhookId && status >= 200 && status < 300) track.acked.push(webhookId);
        },
      },
    ],
  });
}

function summary(label: string, m: { result: autocannon.Result; cpuUsPerRequest: number }): string {
  const r = m.result;
  return `${label}: ${r.requests.average} req/s avg, latency p50 ${r.latency.p50} ms p99 ${r.latency.p99} ms max ${r.latency.max} ms, 2xx ${r['2xx']}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}; server CPU ${m.cpuUsPerRequest} µs/request`;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  let testDb: TestDatabase | null = null;
  if (serverUrl) testDb = await createTestDatabase();
  console.log(
    `database: ${serverUrl ? `fresh database on ${new URL(serverUrl).host}` : 'embedded PGlite (in the app process)'}; role web; ${CONNECTIONS} connections, ${DURATION_S} s`,
  );

  const { child, ready } = await spawnServer('--serve-app', testDb?.url);
  const pool = new pg.Pool({ connectionString: ready.databaseUrl, max: 2 });
  let ingest: Awaited<ReturnType<typeof measured>>;
  const track: Tracking = { sent: new Set(), acked: [] };
  let stored: number;
  let ackedStored: number;
  let notSent: number;
  try {
    await load(ready.url, WARMUP_S);
    await settledCount(pool);
    await pool.query('TRUNCATE webhook_events');
    ingest = await measured(child, ready.url, track);
    console.log(summary('ingest (POST /webhooks/shopify, real app)', ingest));
    await settledCount(pool);
    const ids = (await pool.query<{ webhook_id: string }>('SELECT webhook_id FROM webhook_events')).rows.map(
      (r) => r.webhook_id,
    );
    stored = ids.length;
    const storedIds = new Set(ids);
    ackedStored = track.acked.filter((id) => storedIds.has(id)).length;
    notSent = ids.filter((id) => !track.sent.has(id)).length;
  } finally {
    await pool.end();
    await stopServer(child);
    await testDb?.drop();
  }

  const bareServer = await spawnServer('--serve-bare');
  let bare: Awaited<ReturnType<typeof measured>>;
  try {
    await load(bareServer.ready.url, WARMUP_S);
    bare = await measured(bareServer.child, bareServer.ready.url);
    console.log(summary('bare (HMAC check only)', bare));
  } finally {
    await stopServer(bareServer.child);
  }

  // webhook_id is unique, so "stored" means stored once. autocannon stops mid-flight at the end of the
  // run: up to one request per connection was stored but its response discarded (sent, not acknowledged).
  const acknowledged = ingest.result['2xx'];
  const inFlight = stored - acknowledged;
  const ok =
    acknowledged === track.acked.length &&
    ackedStored === acknowledged &&
    notSent === 0 &&
    inFlight >= 0 &&
    inFlight <= CONNECTIONS;
  console.log(
    ok
      ? `check: all ${acknowledged} acknowledged deliveries stored exactly once; ${inFlight} more stored whose response arrived after the run stopped`
      : `CHECK FAILED: 2xx ${acknowledged}, acknowledged ids ${track.acked.length}, rows ${stored}, acknowledged ids stored ${ackedStored}, rows never sent ${notSent}`,
  );
  const result = {
    ingestRps: ingest.result.requests.average,
    p99Ms: ingest.result.latency.p99,
    bareRps: bare.result.requests.average,
    ratio: Math.round((ingest.result.requests.average / bare.result.requests.average) * 1000) / 1000,
    acknowledged,
    stored,
    ingestCpuUsPerRequest: ingest.cpuUsPerRequest,
    bareCpuUsPerRequest: bare.cpuUsPerRequest,
  };
  console.log(JSON.stringify(result));
  process.exitCode = ok ? 0 : 1;
}

const mode = process.argv[2];
if (mode === '--serve-app') await serveApp(process.argv[3] || undefined);
else if (mode === '--serve-bare') await serveBare();
else await main();
