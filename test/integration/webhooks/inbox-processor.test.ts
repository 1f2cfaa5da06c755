import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { fixturesDir } from '../../../server/paths.js';
import type { WebhookHandlers } from '../../../server/webhooks/handler-types.js';
import {
  createWebhookInboxProcessor,
  isTransactionConflict,
  type WebhookInboxOptions,
  type WebhookInboxProcessor,
} from '../../../server/webhooks/inbox-processor.js';
import { lockClaimedEvent, markEventDone } from '../../../server/webhooks/inbox-repository.js';
import { signShopifyWebhook } from '../../../server/webhooks/sign.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const SHOP = 'demo.myshopify.com';
const orderBody = readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, fn: () => Promise<T | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('webhook inbox processor (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let shopId: string;
  const running: WebhookInboxProcessor[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // role web: the app's own inbox processor (if registered) does not run; each test drives its own.
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    const shop = await app.database.pool.query<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id) VALUES ($1, 'Demo Store', 'DemoStore') RETURNING id`,
      [SHOP],
    );
    shopId = shop.rows[0]!.id;
    // What handlers write, to check it commits with the event or rolls back with it.
    await app.database.pool.query('CREATE TABLE handler_effects (webhook_id text NOT NULL)');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    await app.database.pool.query('DELETE FROM webhook_events');
    await app.database.pool.query('DELETE FROM handler_effects');
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const q = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await app.database.pool.query<T>(text, values)).rows;
  const eventRow = async (webhookId: string) =>
    (
      await q(
        `SELECT id::text AS id, status, attempts, error, processed_at, claimed_at, next_attempt_at FROM webhook_events WHERE webhook_id = $1`,
        [webhookId],
      )
    )[0]!;

  function processor(options: WebhookInboxOptions): WebhookInboxProcessor {
    const p = createWebhookInboxProcessor(app.context, { pollIntervalMs: 50, ...options });
    running.push(p);
    return p;
  }

  async function deliver(
    topic: string,
    body: string,
    shopDomain = SHOP,
    webhookId = randomUUID(),
  ): Promise<string> {
    const headers = signShopifyWebhook({
      secret: 'local-dev-secret',
      topic,
      shopDomain,
      body,
      apiVersion: '2025-10',
      webhookId,
    });
    const res = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    return webhookId;
  }

  it('claims a pending event, runs its handler in a transaction and marks it done', async () => {
    const seen: Array<{
      shopId: string | null;
      orderId: string;
      webhookId: string;
      topic: string;
      triggeredAt: Date | null;
    }> = [];
    const handlers: WebhookHandlers = {
      'orders/create': async (ctx, order) => {
        seen.push({
          shopId: ctx.shopId,
          orderId: order.id,
          webhookId: ctx.webhookId,
          topic: ctx.topic,
          triggeredAt: ctx.triggeredAt,
        });
        await ctx.tx.execute(sql`INSERT INTO handler_effects (webhook_id) VALUES (${ctx.webhookId})`);
      },
    };
    const sentAt = Date.now();
    const webhookId = await deliver('orders/create', orderBody);
    const p = processor({ handlers });
    expect(await p.processBatch()).toBe(1);
    expect(seen).toEqual([
      { shopId, orderId: '5789012345678', webhookId, topic: 'orders/create', triggeredAt: expect.any(Date) },
    ]);
    expect(Math.abs(seen[0]!.triggeredAt!.getTime() - sentAt)).toBeLessThan(5000);
    const row = await eventRow(webhookId);
    expect(row).toMatchObject({ status: 'done', attempts: 1, error: null, claimed_at: null });
    expect(row.processed_at).toBeInstanceOf(Date);
    expect(await q('SELECT webhook_id FROM handler_effects')).toEqual([{ webhook_id: webhookId }]);
    expect(await p.processBatch()).toBe(0);
  });

  it('passes a null shop id when the shop row does not exist', async () => {
    const shopIds: Array<string | null> = [];
    const handlers: WebhookHandlers = { 'orders/create': async (ctx) => void shopIds.push(ctx.shopId) };
    await deliver('orders/create', orderBody, 'gone.myshopify.com');
    expect(await processor({ handlers }).processBatch()).toBe(1);
    expect(shopIds).toEqual([null]);
  });

  it('retries a throwing handler with growing, jittered delays, rolls its writes back, then parks it as failed', async () => {
    let calls = 0;
    const handlers: WebhookHandlers = {
      'orders/create': async (ctx) => {
        calls++;
        await ctx.tx.execute(sql`INSERT INTO handler_effects (webhook_id) VALUES (${ctx.webhookId})`);
        throw new Error(`carrier exploded (call ${calls})`);
      },
    };
    const backoff = { baseMs: 400, maxMs: 60_000 };
    const p = processor({ handlers, maxAttempts: 3, backoff, random: () => 0.5 });
    const webhookId = await deliver('orders/create', orderBody);

    const dueIn = async () =>
      Number(
        (
          await q<{ ms: string }>(
            `SELECT extract(epoch FROM next_attempt_at - now()) * 1000 AS ms FROM webhook_events WHERE webhook_id = $1`,
            [webhookId],
          )
        )[0]!.ms,
      );

    // Attempt 1 fails: pending again, due in 400/2 + 200*0.5 = 300 ms.
    expect(await p.processBatch()).toBe(1);
    expect(await eventRow(webhookId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      error: 'Error: carrier exploded (call 1)',
    });
    const firstDelay = await dueIn();
    expect(firstDelay).toBeGreaterThan(150);
    expect(firstDelay).toBeLessThanOrEqual(300);
    expect(await p.processBatch()).toBe(0); // not due yet
    await sleep(firstDelay + 20);

    // Attempt 2 fails: due in 800/2 + 400*0.5 = 600 ms.
    expect(await p.processBatch()).toBe(1);
    expect(await eventRow(webhookId)).toMatchObject({
      status: 'pending',
      attempts: 2,
      error: 'Error: carrier exploded (call 2)',
    });
    const secondDelay = await dueIn();
    expect(secondDelay).toBeGreaterThan(450);
    expect(secondDelay).toBeLessThanOrEqual(600);
    await sleep(secondDelay + 20);

    // Attempt 3 is the last: failed, not retried again.
    expect(await p.processBatch()).toBe(1);
    expect(await eventRow(webhookId)).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'Error: carrier exploded (call 3)',
      processed_at: null,
    });
    await sleep(50);
    expect(await p.processBatch()).toBe(0);
    expect(calls).toBe(3);
    expect(await q('SELECT * FROM handler_effects')).toEqual([]);
  });

  it('parks an invalid payload as failed, naming the field, without calling the handler or retrying', async () => {
    let calls = 0;
    const handlers: WebhookHandlers = { 'orders/create': async () => void calls++ };
    const bad = JSON.stringify({ ...(JSON.parse(orderBody) as object), total_price: 'twelve dollars' });
    const webhookId = await deliver('orders/create', bad);
    const p = processor({ handlers });
    expect(await p.processBatch()).toBe(1);
    const row = await eventRow(webhookId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, processed_at: null });
    expect(row.error).toMatch(/^Invalid orders\/create payload: .*total_price: /);
    expect(calls).toBe(0);
    expect(await p.processBatch()).toBe(0);
  });

  it('parks an unknown topic, and a topic without a handler', async () => {
    const unknown = await deliver('orders/edited', '{"order_edit": {"id": 1}}');
    const unhandled = await deliver(
      'customers/create',
      readFileSync(join(fixturesDir, 'shopify', 'customers__create.json'), 'utf8'),
    );
    expect(await processor({ handlers: {} }).processBatch()).toBe(2);
    expect(await eventRow(unknown)).toMatchObject({
      status: 'failed',
      error: 'Unsupported topic: (topic): unsupported webhook topic "orders/edited"',
    });
    expect(await eventRow(unhandled)).toMatchObject({
      status: 'failed',
      error: 'No handler registered for topic customers/create',
    });
  });

  it('lists, shows and replays events through the admin API, scoped to the shop', async () => {
    let fail = true;
    const handlers: WebhookHandlers = {
      'orders/create': async () => {
        if (fail) throw new Error('downstream unavailable');
      },
    };
    const p = processor({ handlers, maxAttempts: 1 });
    const failedId = await deliver('orders/create', orderBody);
    const otherShopWebhook = await deliver('orders/create', orderBody, 'other.myshopify.com');
    const pendingCustomer = await deliver('customers/create', '{"id": 820982911946154508}');
    // Both orders fail for good (maxAttempts 1); customers/create has no handler: parked, then put back to pending.
    expect(await p.processBatch()).toBe(3);
    await q(
      `UPDATE webhook_events SET status = 'pending', attempts = 0, error = NULL WHERE webhook_id = $1`,
      [pendingCustomer],
    );
    const failed = await eventRow(failedId);
    expect(failed).toMatchObject({ status: 'failed', error: 'Error: downstream unavailable' });
    const other = await eventRow(otherShopWebhook);

    const api = request(app.url!);
    const list = await api.get('/api/webhook-events').query({ status: 'failed' });
    expect(list.status).toBe(200);
    expect(list.body.events.map((e: { webhookId: string }) => e.webhookId)).toEqual([failedId]);
    expect(list.body.events[0]).toMatchObject({
      id: failed.id,
      shopDomain: SHOP,
      topic: 'orders/create',
      status: 'failed',
      attempts: 1,
      error: 'Error: downstream unavailable',
    });
    expect(list.body.nextCursor).toBeNull();

    // Newest first, keyset pages.
    const page1 = await api.get('/api/webhook-events').query({ limit: 1 });
    expect(page1.body.events.map((e: { webhookId: string }) => e.webhookId)).toEqual([pendingCustomer]);
    const page2 = await api.get('/api/webhook-events').query({ limit: 1, cursor: page1.body.nextCursor });
    expect(page2.body.events.map((e: { webhookId: string }) => e.webhookId)).toEqual([failedId]);
    expect(page2.body.nextCursor).toBeNull();
    const byTopic = await api.get('/api/webhook-events').query({ topic: 'customers/create' });
    expect(byTopic.body.events.map((e: { webhookId: string }) => e.webhookId)).toEqual([pendingCustomer]);

    const detail = await api.get(`/api/webhook-events/${failed.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.payload).toEqual(JSON.parse(orderBody));
    const customer = await api.get('/api/webhook-events').query({ status: 'pending' });
    const customerDetail = await api.get(`/api/webhook-events/${customer.body.events[0].id}`);
    expect(customerDetail.body.payload).toEqual({ id: '820982911946154508' }); // lossless

    // Another shop's events are invisible.
    expect((await api.get(`/api/webhook-events/${other.id}`)).status).toBe(404);
    expect((await api.post(`/api/webhook-events/${other.id}/replay`).type('json')).status).toBe(404);
    expect((await api.post('/api/webhook-events/999999999/replay').type('json')).status).toBe(404);
    // Pending events are already queued.
    const notReplayable = await api
      .post(`/api/webhook-events/${customer.body.events[0].id}/replay`)
      .type('json');
    expect(notReplayable.status).toBe(409);
    expect(notReplayable.body.error.code).toBe('webhook_event_not_replayable');

    // Validation.
    const badQuery = await api.get('/api/webhook-events').query({ status: 'exploded', limit: 0 });
    expect(badQuery.status).toBe(400);
    expect(Object.keys(badQuery.body.error.fields).sort()).toEqual(['limit', 'status']);
    expect((await api.get('/api/webhook-events').query({ shop: 'other.myshopify.com' })).status).toBe(400);
    expect((await api.get('/api/webhook-events/abc')).status).toBe(400);

    // Replay after the cause is fixed: pending with attempts reset, then processed.
    fail = false;
    const replay = await api.post(`/api/webhook-events/${failed.id}/replay`).type('json');
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0, error: null });
    await q(`UPDATE webhook_events SET status = 'done' WHERE webhook_id = $1`, [pendingCustomer]);
    expect(await p.processBatch()).toBe(1);
    expect(await eventRow(failedId)).toMatchObject({ status: 'done', attempts: 1, error: null });
  });

  it('two processors racing over 500 events handle each exactly once', async () => {
    await q(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload)
       SELECT $1, 'orders/create', 'race-' || g, $2::jsonb FROM generate_series(1, 500) g`,
      [SHOP, orderBody],
    );
    const calls = new Map<string, number>();
    const byProcessor = { a: 0, b: 0 };
    const handlersFor = (name: 'a' | 'b'): WebhookHandlers => ({
      'orders/create': async (ctx) => {
        calls.set(ctx.webhookId, (calls.get(ctx.webhookId) ?? 0) + 1);
        byProcessor[name]++;
        await ctx.tx.execute(sql`INSERT INTO handler_effects (webhook_id) VALUES (${ctx.webhookId})`);
      },
    });
    const a = processor({ handlers: handlersFor('a'), batchSize: 10, name: 'inbox-a' });
    const b = processor({ handlers: handlersFor('b'), batchSize: 10, name: 'inbox-b' });
    a.start();
    b.start();
    await waitFor(
      'all 500 done',
      async () => {
        const [r] = await q<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE status = 'done'`);
        return Number(r!.n) === 500;
      },
      60_000,
    );
    await Promise.all([a.stop(), b.stop()]);
    expect(calls.size).toBe(500);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect(byProcessor.a + byProcessor.b).toBe(500);
    expect(byProcessor.a).toBeGreaterThan(0);
    expect(byProcessor.b).toBeGreaterThan(0);
    const [effects] = await q<{ n: string; distinct: string }>(
      `SELECT count(*) AS n, count(DISTINCT webhook_id) AS distinct FROM handler_effects`,
    );
    expect(effects).toEqual({ n: '500', distinct: '500' });
  });

  // The embedded database runs one transaction at a time, so lanes can only overlap on a server.
  (process.env.DATABASE_URL ? it : it.skip)(
    'runs its lanes side by side, each event once (server database)',
    async () => {
      await q(
        `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload)
       SELECT $1, 'orders/create', 'lane-' || g, $2::jsonb FROM generate_series(1, 12) g`,
        [SHOP, orderBody],
      );
      let inFlight = 0;
      let peak = 0;
      const calls = new Map<string, number>();
      const handlers: WebhookHandlers = {
        'orders/create': async (ctx) => {
          calls.set(ctx.webhookId, (calls.get(ctx.webhookId) ?? 0) + 1);
          inFlight++;
          peak = Math.max(peak, inFlight);
          // Hold the transaction until three lanes are in a handler at once (or give up after 2 s).
          await waitFor('three lanes in flight', async () => peak >= 3, 2_000).catch(() => undefined);
          inFlight--;
        },
      };
      const p = processor({ handlers, lanes: 3, batchSize: 1 });
      p.start();
      await waitFor('all 12 done', async () => {
        const [r] = await q<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE status = 'done'`);
        return Number(r!.n) === 12;
      });
      expect(peak).toBe(3);
      expect(calls.size).toBe(12);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
    },
  );

  it('retries the loser of a deadlock between two lanes soon, and both events end done', async () => {
    await q('CREATE TABLE IF NOT EXISTS lock_targets (id int PRIMARY KEY)');
    await q('INSERT INTO lock_targets VALUES (1), (2) ON CONFLICT DO NOTHING');
    const body = (n: number) => JSON.stringify({ ...JSON.parse(orderBody), id: n });
    await q(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload) VALUES ($1, 'orders/create', 'dl-1', $2::jsonb), ($1, 'orders/create', 'dl-2', $3::jsonb)`,
      [SHOP, body(1), body(2)],
    );
    let locked = 0;
    const handlers: WebhookHandlers = {
      // Event 1 locks row 1 then row 2; event 2 locks row 2 then row 1: on a server one of them deadlocks.
      'orders/create': async (ctx, order) => {
        const [first, second] = order.id === '1' ? [1, 2] : [2, 1];
        await ctx.tx.execute(sql`SELECT id FROM lock_targets WHERE id = ${first} FOR UPDATE`);
        locked++;
        await waitFor('both first locks', async () => locked >= 2, 1_500).catch(() => undefined);
        await ctx.tx.execute(sql`SELECT id FROM lock_targets WHERE id = ${second} FOR UPDATE`);
      },
    };
    const p = processor({ handlers, lanes: 2, batchSize: 1, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    p.start();
    // The normal backoff is a minute; a deadlock's is 100 ms or so, so both finish within seconds.
    await waitFor(
      'both done',
      async () => {
        const [r] = await q<{ n: string }>(
          `SELECT count(*) AS n FROM webhook_events WHERE webhook_id LIKE 'dl-%' AND status = 'done'`,
        );
        return Number(r!.n) === 2;
      },
      15_000,
    );
    if (process.env.DATABASE_URL) {
      // The embedded database runs one transaction at a time, so only a server can deadlock.
      const retried = await q<{ attempts: number }>(
        `SELECT attempts FROM webhook_events WHERE webhook_id LIKE 'dl-%' ORDER BY attempts`,
      );
      expect(retried.map((r) => r.attempts)).toEqual([1, 2]);
    }
  });

  it('tells a transaction conflict (deadlock, serialization failure) from other errors', () => {
    expect(isTransactionConflict(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(
      true,
    );
    expect(
      isTransactionConflict(
        new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '40001' }) }),
      ),
    ).toBe(true);
    expect(isTransactionConflict(Object.assign(new Error('unique'), { code: '23505' }))).toBe(false);
    expect(isTransactionConflict(new Error('boom'))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });

  it('reclaims an event left in processing by a dead worker, and parks one that used its last attempt', async () => {
    const seen: string[] = [];
    const handlers: WebhookHandlers = { 'orders/create': async (ctx) => void seen.push(ctx.webhookId) };
    const insert = (webhookId: string, attempts: number, claimedAgo: string) =>
      q(
        `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status, attempts, claimed_at)
         VALUES ($1, 'orders/create', $2, $3::jsonb, 'processing', $4, now() - $5::interval)`,
        [SHOP, webhookId, orderBody, attempts, claimedAgo],
      );
    await insert('stuck', 1, '10 minutes');
    await insert('stuck-last-attempt', 3, '10 minutes');
    await insert('in-flight', 1, '5 seconds');
    const p = processor({ handlers, maxAttempts: 3 });
    expect(await p.reclaim()).toBe(2);
    expect(await eventRow('stuck')).toMatchObject({ status: 'pending', claimed_at: null });
    expect(await eventRow('stuck-last-attempt')).toMatchObject({
      status: 'failed',
      error: 'Processing lease expired (the worker stopped or hung) on attempt 3',
    });
    expect(await p.processBatch()).toBe(1);
    expect(seen).toEqual(['stuck']);
    expect(await eventRow('stuck')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await eventRow('in-flight')).toMatchObject({ status: 'processing', attempts: 1 });
  });

  it('reclaims on start when running as a background worker, and stops gracefully', async () => {
    const seen: string[] = [];
    await q(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status, attempts, claimed_at)
       VALUES ($1, 'orders/create', 'stuck-at-boot', $2::jsonb, 'processing', 1, now() - interval '1 hour')`,
      [SHOP, orderBody],
    );
    const p = processor({ handlers: { 'orders/create': async (ctx) => void seen.push(ctx.webhookId) } });
    p.start();
    await waitFor('reclaimed event done', async () => (await eventRow('stuck-at-boot')).status === 'done');
    await p.stop();
    expect(seen).toEqual(['stuck-at-boot']);
  });

  it('a processor whose claim expired cannot complete the event', async () => {
    const seen: string[] = [];
    const handlers: WebhookHandlers = { 'orders/create': async (ctx) => void seen.push(ctx.webhookId) };
    const webhookId = await deliver('orders/create', orderBody);
    // Claimed by a worker that then hung past the lease; another worker reclaimed and re-claimed it.
    await q(
      `UPDATE webhook_events SET status = 'processing', attempts = 1, claimed_at = now() - interval '1 hour' WHERE webhook_id = $1`,
      [webhookId],
    );
    const p = processor({ handlers });
    expect(await p.reclaim()).toBe(1);
    await q(
      `UPDATE webhook_events SET status = 'processing', attempts = 2, claimed_at = now() WHERE webhook_id = $1`,
      [webhookId],
    );
    // The hung worker (attempt 1) wakes up: its claim no longer matches, so nothing runs or changes.
    const row = await eventRow(webhookId);
    const stale = { id: row.id as string, attempts: 1 };
    await app.database.db.transaction(async (tx) => {
      expect(await lockClaimedEvent(tx, stale)).toBeNull();
      expect(await markEventDone(tx, stale)).toBe(false);
    });
    expect(await eventRow(webhookId)).toMatchObject({ status: 'processing', attempts: 2 });
    expect(seen).toEqual([]);
  });

  it('wakes on NOTIFY without waiting for the poll interval (server database)', async () => {
    // PGlite (embedded, also when reached through DATABASE_URL in tests) does not deliver NOTIFY across connections.
    const [{ version }] = await q<{ version: string }>('SELECT version()');
    if (version.includes('PGlite')) return;
    const seen: string[] = [];
    const p = processor({
      handlers: { 'orders/create': async (ctx) => void seen.push(ctx.webhookId) },
      pollIntervalMs: 60_000,
      listen: true,
    });
    p.start();
    await sleep(300); // first (empty) batch done, LISTEN connected, now sleeping for a minute
    const webhookId = await deliver('orders/create', orderBody);
    const started = Date.now();
    await waitFor('processed after NOTIFY', async () => seen.includes(webhookId), 5000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('the app worker (role all) runs the registered inbox processor', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'all', env: testEnv(db, { LOCAL_SEED: 'false' }) });
    await app.database.pool.query(
      `INSERT INTO shops (domain, name, sender_id) VALUES ($1, 'Demo Store', 'DemoStore')`,
      [SHOP],
    );
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('processes a delivered webhook with the real handlers', async () => {
    const body = readFileSync(join(fixturesDir, 'shopify', 'customers__create.json'), 'utf8');
    const webhookId = randomUUID();
    const headers = signShopifyWebhook({
      secret: 'local-dev-secret',
      topic: 'customers/create',
      shopDomain: SHOP,
      body,
      apiVersion: '2025-10',
      webhookId,
    });
    const res = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    const row = await waitFor('event processed', async () => {
      const r = (
        await app.database.pool.query(`SELECT status, error FROM webhook_events WHERE webhook_id = $1`, [
          webhookId,
        ])
      ).rows[0];
      return r && r.status !== 'pending' && r.status !== 'processing' ? r : null;
    });
    expect(row).toEqual({ status: 'done', error: null });
  });
});
