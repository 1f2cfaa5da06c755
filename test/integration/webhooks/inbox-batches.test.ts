// The inbox handles a claimed batch of orders/* events together (one transaction per shop and round,
// set-based mirror writes and automations) with the outcome of handling them one by one: the same
// mirror rows, aggregates and messages; ordering by updated_at per order kept when one order appears
// twice in a batch; an event that fails alone is retried alone while the rest of its batch is done.
// Real database, real handlers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, type RunningApp } from '../../../server/main.js';
import { fixturesDir } from '../../../server/paths.js';
import { webhookBatchHandlers, webhookHandlers } from '../../../server/webhooks/handlers/index.js';
import {
  createWebhookInboxProcessor,
  type WebhookInboxOptions,
} from '../../../server/webhooks/inbox-processor.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

const fixture = JSON.parse(
  readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8'),
) as Record<string, unknown> & {
  customer: Record<string, unknown>;
  line_items: Array<Record<string, unknown>>;
};

const phoneOf = (i: number) => `+1415555${String(1000 + i)}`;

/** Order i of customer i (unique order, line item and customer ids), updated at `updatedAt`. */
function order(
  i: number,
  opts: { updatedAt?: string; total?: string; quantity?: number; customer?: number } = {},
): Record<string, unknown> {
  const c = opts.customer ?? i;
  return {
    ...fixture,
    id: 6_000_000_000_000 + i,
    name: `#B${i}`,
    phone: phoneOf(c),
    checkout_token: `batch-${i}`,
    updated_at: opts.updatedAt ?? fixture.updated_at,
    ...(opts.total ? { total_price: opts.total } : {}),
    line_items: fixture.line_items.map((li, k) => ({
      ...li,
      id: 6_100_000_000_000 + i * 10 + k,
      ...(opts.quantity !== undefined ? { quantity: opts.quantity } : {}),
    })),
    customer: {
      ...fixture.customer,
      id: 6_200_000_000_000 + c,
      phone: phoneOf(c),
      email: `c${c}@example.com`,
      default_address: null,
    },
  };
}

describe('webhook inbox: orders/* events handled in batches (real database)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let webhookSeq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({
      port: 0,
      role: 'web',
      env: testEnv(db, { LOCAL_SEED: 'false', NEW_SHOP_DAILY_CEILING: '0' }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const q = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await app.database.pool.query<T>(text, values)).rows;

  /** A shop with the order confirmation on and every third customer (0, 3, 6, ...) subscribed. */
  async function shop(domain: string, customers: number): Promise<string> {
    const [row] = await q<{ id: string }>(
      `INSERT INTO shops (domain, name, sender_id, country_code, currency) VALUES ($1, 'Batch Store', 'BatchStore', 'US', 'USD') RETURNING id::text AS id`,
      [domain],
    );
    const shopId = row!.id;
    for (let i = 0; i < customers; i += 3) {
      await q(
        `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
         VALUES ($1, $2, 'US', $3, 'subscribed', 'subscribed', 'import', now())`,
        [shopId, phoneOf(i), 6_200_000_000_000 + i],
      );
    }
    await q(`INSERT INTO automation_flows (shop_id, flow, enabled) VALUES ($1, 'order_confirmation', true)`, [
      shopId,
    ]);
    return shopId;
  }

  async function enqueue(
    domain: string,
    topic: string,
    payload: Record<string, unknown>,
    triggeredAt = new Date(),
  ): Promise<string> {
    const webhookId = `batch-test-${++webhookSeq}`;
    await q(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, triggered_at, payload) VALUES ($1, $2, $3, $4, $5::jsonb)`,
      [domain, topic, webhookId, triggeredAt, JSON.stringify(payload)],
    );
    return webhookId;
  }

  function processor(options: Partial<WebhookInboxOptions>) {
    return createWebhookInboxProcessor(app.context, {
      handlers: webhookHandlers,
      pollIntervalMs: 50,
      listen: false,
      ...options,
    });
  }

  async function mirror(shopId: string) {
    return {
      orders: await q(
        `SELECT id::text, customer_id::text, name, phone, total_price::text, shopify_updated_at, source_triggered_at IS NOT NULL AS triggered
           FROM orders WHERE shop_id = $1 ORDER BY id`,
        [shopId],
      ),
      lineItems: await q(
        `SELECT id::text, order_id::text, quantity, price::text FROM order_line_items WHERE shop_id = $1 ORDER BY id`,
        [shopId],
      ),
      customers: await q(
        `SELECT id::text, phone, orders_count, total_spent::text, first_order_at, last_order_id::text FROM customers WHERE shop_id = $1 ORDER BY id`,
        [shopId],
      ),
      products: await q(
        `SELECT customer_id::text, product_id::text FROM purchased_products WHERE shop_id = $1 ORDER BY 1, 2`,
        [shopId],
      ),
      // Bodies differ only by their short link codes.
      messages: await q(
        `SELECT idempotency_key, phone, status, regexp_replace(body, '/r/[0-9A-Za-z]+', '/r/CODE') AS body,
                (SELECT count(*)::int FROM short_links l WHERE l.message_id = m.id) AS links
           FROM messages m WHERE shop_id = $1 ORDER BY idempotency_key`,
        [shopId],
      ),
    };
  }

  it('writes the same mirror, aggregates and confirmations as handling the events one by one', async () => {
    const batched = await shop('batched.myshopify.com', 9);
    const single = await shop('single.myshopify.com', 9);
    const t = Date.now() - 60_000;
    const enqueueAll = async (domain: string) => {
      for (let i = 0; i < 9; i++) await enqueue(domain, 'orders/create', order(i), new Date(t + i));
      // A second order of customer 0 in the same claim: it goes into a later round (one delivery per customer per round).
      await enqueue(domain, 'orders/create', order(9, { customer: 0 }), new Date(t + 9));
    };
    await enqueueAll('batched.myshopify.com');
    expect(await processor({ batchHandlers: webhookBatchHandlers, batchSize: 50 }).processBatch()).toBe(10);
    await enqueueAll('single.myshopify.com');
    expect(await processor({ batchSize: 50 }).processBatch()).toBe(10);
    expect(await q(`SELECT status, count(*)::int AS n FROM webhook_events GROUP BY status`)).toEqual([
      { status: 'done', n: 20 },
    ]);

    const a = await mirror(batched);
    expect(a.orders).toHaveLength(10);
    expect(a.lineItems).toHaveLength(20);
    expect(a.customers).toHaveLength(9);
    expect(a.customers.find((c) => c.id === '6200000000000')).toMatchObject({
      orders_count: 2,
      last_order_id: '6000000000009',
    });
    // Customers 0, 3 and 6 are subscribed: 4 confirmations (customer 0 ordered twice), each with its tracked link.
    expect(a.messages.map((m) => m.idempotency_key)).toEqual([
      'order_confirmation:6000000000000',
      'order_confirmation:6000000000003',
      'order_confirmation:6000000000006',
      'order_confirmation:6000000000009',
    ]);
    expect(a.messages.every((m) => m.links === 1)).toBe(true);
    expect(a).toEqual(await mirror(single));
    // Batched: the nine orders of the first round were written by one transaction, the tenth by the next.
    const writers = async (shopId: string) =>
      (
        await q<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM orders WHERE shop_id = $1`, [
          shopId,
        ])
      )[0]!.n;
    expect(await writers(batched)).toBe(2);
    expect(await writers(single)).toBe(10);
  });

  it('keeps ordering by updated_at when one order appears several times in a batch', async () => {
    const shopId = await shop('ordering.myshopify.com', 3);
    const t = Date.now() - 60_000;
    await enqueue(
      'ordering.myshopify.com',
      'orders/create',
      order(0, { updatedAt: '2025-11-10T10:00:00Z', total: '10.00' }),
      new Date(t),
    );
    await enqueue(
      'ordering.myshopify.com',
      'orders/updated',
      order(0, { updatedAt: '2025-11-10T12:00:00Z', total: '30.00' }),
      new Date(t + 2),
    );
    // Late and older: must not overwrite the newer version.
    await enqueue(
      'ordering.myshopify.com',
      'orders/updated',
      order(0, { updatedAt: '2025-11-10T11:00:00Z', total: '20.00' }),
      new Date(t + 1),
    );
    await enqueue('ordering.myshopify.com', 'orders/create', order(1), new Date(t));

    expect(await processor({ batchHandlers: webhookBatchHandlers, batchSize: 50 }).processBatch()).toBe(4);
    const m = await mirror(shopId);
    expect(m.orders.find((o) => o.id === '6000000000000')).toMatchObject({
      total_price: '30.00',
      shopify_updated_at: new Date('2025-11-10T12:00:00Z'),
    });
    expect(m.customers.find((c) => c.id === '6200000000000')).toMatchObject({
      orders_count: 1,
      total_spent: '30.00',
    });
    expect(m.messages.map((x) => x.idempotency_key)).toEqual(['order_confirmation:6000000000000']);
    expect(
      await q(
        `SELECT status FROM webhook_events WHERE shop_domain = 'ordering.myshopify.com' AND status <> 'done'`,
      ),
    ).toEqual([]);
  });

  it('retries an event that fails alone, alone: the rest of its batch is done', async () => {
    const shopId = await shop('failing.myshopify.com', 3);
    const ok1 = await enqueue('failing.myshopify.com', 'orders/create', order(0));
    // A quantity beyond the column's integer range: the payload validates, the INSERT fails.
    const bad = await enqueue(
      'failing.myshopify.com',
      'orders/create',
      order(1, { quantity: 3_000_000_000 }),
    );
    const ok2 = await enqueue('failing.myshopify.com', 'orders/create', order(2));

    expect(
      await processor({ batchHandlers: webhookBatchHandlers, batchSize: 50, maxAttempts: 3 }).processBatch(),
    ).toBe(3);
    const rows = await q<{ webhook_id: string; status: string; attempts: number; error: string | null }>(
      `SELECT webhook_id, status, attempts, error FROM webhook_events WHERE shop_domain = 'failing.myshopify.com' ORDER BY id`,
    );
    expect(rows.map((r) => [r.webhook_id, r.status, r.attempts])).toEqual([
      [ok1, 'done', 1],
      [bad, 'pending', 1],
      [ok2, 'done', 1],
    ]);
    expect(rows[1]!.error).toMatch(/INSERT INTO order_line_items/);
    const m = await mirror(shopId);
    expect(m.orders.map((o) => o.id)).toEqual(['6000000000000', '6000000000002']);
    expect(m.messages.map((x) => x.idempotency_key)).toEqual(['order_confirmation:6000000000000']);
  });

  it('marks a batch for a shop without a shop row done, writing nothing', async () => {
    const a = await enqueue('nobody.myshopify.com', 'orders/create', order(20));
    const b = await enqueue('nobody.myshopify.com', 'orders/create', order(21));
    expect(await processor({ batchHandlers: webhookBatchHandlers, batchSize: 50 }).processBatch()).toBe(2);
    expect(
      await q(`SELECT webhook_id, status FROM webhook_events WHERE webhook_id = ANY($1) ORDER BY id`, [
        [a, b],
      ]),
    ).toEqual([
      { webhook_id: a, status: 'done' },
      { webhook_id: b, status: 'done' },
    ]);
    expect(await q(`SELECT id FROM orders WHERE id IN (6000000000020, 6000000000021)`)).toEqual([]);
  });
});
