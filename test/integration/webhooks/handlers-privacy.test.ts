// Privacy and lifecycle handlers on a real database: customers/data_request, customers/redact,
// shop/redact and app/uninstalled, checked column by column and table by table.
import { randomUUID } from 'node:crypto';
import { fixture, ids, startHarness, type Harness, type Json } from './handlers-support.js';

describe('privacy and lifecycle webhook handlers (real database)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Jane's full footprint in a shop: mirror rows, subscriber, consent ledger, messages, links, clicks, an inbox row. */
  async function seedJane(shop: {
    id: string;
    domain: string;
  }): Promise<{ subscriberId: string; sentId: string; queuedId: string }> {
    const opts = { shopId: shop.id, shopDomain: shop.domain };
    await h.deliver('customers/create', fixture('customers/create'), opts);
    await h.deliver('orders/create', fixture('orders/create'), opts);
    await h.deliver('orders/cancelled', fixture('orders/cancelled'), opts);
    await h.deliver('checkouts/update', fixture('checkouts/update'), opts);
    await h.deliver('fulfillments/create', fixture('fulfillments/create'), opts);
    const sub = await h.one<{ id: string }>(
      // The checkout's SMS opt-in may already have created the subscriber (consent ledger).
      `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, source) VALUES ($1, $2, 'US', $3, 'subscribed', 'checkout')
       ON CONFLICT (shop_id, phone) DO UPDATE SET customer_id = excluded.customer_id RETURNING id`,
      [shop.id, ids.phone, ids.customer],
    );
    await h.rows(
      `INSERT INTO consent_events (shop_id, subscriber_id, channel, action, source, disclosure_text, ip_address, user_agent, checkout_token, evidence, occurred_at)
       VALUES ($1, $2, 'marketing', 'subscribed', 'checkout', 'Reply STOP to opt out', '203.0.113.9', 'Mozilla/5.0 (iPhone)', $3,
               jsonb_build_object('phone', $4::text, 'ip', '203.0.113.9', 'widget', 'checkout-v2'), '2025-11-10T18:04:35Z'),
              ($1, $2, 'transactional', 'subscribed', 'checkout', 'Reply STOP to opt out', '203.0.113.9', 'Mozilla/5.0 (iPhone)', $3, '{}', '2025-11-10T18:04:35Z')`,
      [shop.id, sub.id, ids.checkoutToken, ids.phone],
    );
    // The queued one is scheduled for later (a campaign waiting for the end of quiet hours).
    const insertMessage = (status: string, body: string) =>
      h.one<{ id: string }>(
        `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, body, encoding, segments, idempotency_key, status, not_before)
         VALUES ($1, $2, $3, 'marketing', 'campaign', $4, 'GSM-7', 1, $5, $6, now() + interval '1 day') RETURNING id`,
        [shop.id, sub.id, ids.phone, body, randomUUID(), status],
      );
    const sent = await insertMessage('delivered', 'Hi Jane, your cart is waiting: https://x.test/r/abc');
    const queued = await insertMessage('queued', 'Jane, 10% off today');
    await h.rows(
      `INSERT INTO message_events (shop_id, message_id, status, detail) VALUES ($1, $2, 'delivered', jsonb_build_object('recipient', $3::text, 'carrier', 'att'))`,
      [shop.id, sent.id, ids.phone],
    );
    const code = `c${randomUUID().slice(0, 8)}`;
    await h.rows(
      `INSERT INTO short_links (code, shop_id, message_id, subscriber_id, url) VALUES ($1, $2, $3, $4, $5)`,
      [code, shop.id, sent.id, sub.id, fixture('checkouts/update').abandoned_checkout_url],
    );
    await h.rows(
      `INSERT INTO link_clicks (shop_id, code, message_id, subscriber_id, user_agent) VALUES ($1, $2, $3, $4, 'Mozilla/5.0 (iPhone)')`,
      [shop.id, code, sent.id, sub.id],
    );
    await h.rows(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status) VALUES ($1, 'orders/create', $2, $3::jsonb, 'done')`,
      [shop.domain, randomUUID(), JSON.stringify(fixture('orders/create'))],
    );
    return { subscriberId: sub.id, sentId: sent.id, queuedId: queued.id };
  }

  /** Another customer of the same shop, who must be left alone. */
  async function seedOther(shop: { id: string; domain: string }): Promise<void> {
    await h.deliver(
      'customers/create',
      {
        ...fixture('customers/create'),
        id: 42,
        email: 'sam@example.com',
        phone: '+14155550199',
        first_name: 'Sam',
        last_name: 'Roe',
        default_address: null,
        addresses: [],
      },
      { shopId: shop.id },
    );
    await h.rows(
      `INSERT INTO subscribers (shop_id, phone, customer_id, source) VALUES ($1, '+14155550199', 42, 'keyword')`,
      [shop.id],
    );
    await h.rows(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status) VALUES ($1, 'customers/create', $2, '{"id": 42, "email": "sam@example.com"}', 'done')`,
      [shop.domain, randomUUID()],
    );
  }

  /** Tables with a shop_id column, found in the catalog so a table added later is covered too. */
  const shopTables = async (): Promise<string[]> =>
    (
      await h.rows<{ table_name: string }>(
        `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
         WHERE c.table_schema = 'public' AND c.column_name = 'shop_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).map((r) => r.table_name);

  it('customers/data_request records an export of everything stored about the customer, once per request', async () => {
    const shop = await h.createShop();
    await seedJane(shop);
    await seedOther(shop);
    await h.deliver('customers/data_request', fixture('customers/data_request'), {
      shopId: shop.id,
      shopDomain: shop.domain,
    });
    await h.deliver('customers/data_request', fixture('customers/data_request'), {
      shopId: shop.id,
      shopDomain: shop.domain,
    });
    const rows = await h.rows<{ customer_id: string; kind: string; completed_at: Date | null; export: Json }>(
      `SELECT customer_id, kind, completed_at, export FROM data_requests WHERE shop_id = $1`,
      [shop.id],
    );
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ customer_id: ids.customer, kind: 'data_request' });
    expect(row!.completed_at).toBeInstanceOf(Date);
    const data = row!.export as Record<string, Json[] & Json>;
    expect(data.customer).toMatchObject({
      email: ids.email,
      phone: ids.phone,
      first_name: 'Jane',
      orders_count: 1,
    });
    expect(data.orders!.map((o) => o.name)).toEqual(['#1001', '#1002']);
    expect((data.orders![0]!.line_items as Json[]).map((l) => l.title)).toEqual([
      'Organic Cotton Tee',
      'Canvas Tote Bag',
    ]);
    expect(data.checkouts!.map((c) => c.token)).toEqual([ids.checkoutToken]);
    expect(data.fulfillments!.map((f) => f.tracking_company)).toEqual(['UPS']);
    expect(data.purchased_products).toHaveLength(2);
    expect(data.subscribers!.map((s) => s.phone)).toEqual([ids.phone]);
    expect(data.consent_events!.filter((e) => e.ip_address === '203.0.113.9').map((e) => e.channel)).toEqual([
      'marketing',
      'transactional',
    ]);
    expect(data.messages!.map((m) => m.body)).toEqual(
      expect.arrayContaining(['Hi Jane, your cart is waiting: https://x.test/r/abc', 'Jane, 10% off today']),
    );
    expect(data.link_clicks).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain('sam@example.com');
  });

  it('customers/redact erases the personal data in every table and keeps the counts', async () => {
    const shop = await h.createShop();
    const jane = await seedJane(shop);
    await seedOther(shop);
    await h.deliver('customers/data_request', fixture('customers/data_request'), {
      shopId: shop.id,
      shopDomain: shop.domain,
    });
    const countsBefore = await h.one<Json>(countsSql, [shop.id]);

    await h.deliver('customers/redact', fixture('customers/redact'), {
      shopId: shop.id,
      shopDomain: shop.domain,
    });

    expect(
      await h.one(
        `SELECT first_name, last_name, email, phone, zip, redacted_at IS NOT NULL AS redacted, orders_count, total_spent FROM customers WHERE shop_id = $1 AND id = $2`,
        [shop.id, ids.customer],
      ),
    ).toEqual({
      first_name: null,
      last_name: null,
      email: null,
      phone: null,
      zip: null,
      redacted: true,
      orders_count: 1,
      total_spent: '76.43',
    });
    expect(await h.rows(`SELECT email, phone FROM orders WHERE shop_id = $1 ORDER BY id`, [shop.id])).toEqual(
      [
        { email: null, phone: null },
        { email: null, phone: null },
      ],
    );
    expect(
      await h.one(
        `SELECT email, phone, sms_marketing_phone, abandoned_checkout_url, zip FROM checkouts WHERE shop_id = $1`,
        [shop.id],
      ),
    ).toEqual({
      email: null,
      phone: null,
      sms_marketing_phone: null,
      abandoned_checkout_url: null,
      zip: null,
    });
    expect(await h.one(`SELECT phone FROM subscribers WHERE id = $1`, [jane.subscriberId])).toEqual({
      phone: `redacted:${jane.subscriberId}`,
    });
    expect(
      await h.rows(
        `SELECT channel, ip_address, user_agent, evidence FROM consent_events WHERE subscriber_id = $1 AND disclosure_text = 'Reply STOP to opt out' ORDER BY channel`,
        [jane.subscriberId],
      ),
    ).toEqual([
      { channel: 'marketing', ip_address: null, user_agent: null, evidence: { widget: 'checkout-v2' } },
      { channel: 'transactional', ip_address: null, user_agent: null, evidence: {} },
    ]);
    expect(
      await h.one(
        `SELECT count(*)::int AS n FROM consent_events WHERE subscriber_id = $1 AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)`,
        [jane.subscriberId],
      ),
    ).toEqual({ n: 0 });
    const messages = await h.rows<{ id: string; body: string; phone: string; status: string }>(
      `SELECT id, body, phone, status FROM messages WHERE shop_id = $1`,
      [shop.id],
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        { id: jane.sentId, body: '[redacted]', phone: `redacted:${jane.subscriberId}`, status: 'delivered' },
        {
          id: jane.queuedId,
          body: '[redacted]',
          phone: `redacted:${jane.subscriberId}`,
          status: 'cancelled',
        },
      ]),
    );
    expect(messages.filter((m) => m.body !== '[redacted]' || m.status === 'queued')).toEqual([]);
    expect(
      await h.one(`SELECT detail FROM message_events WHERE message_id = $1 AND status = 'delivered'`, [
        jane.sentId,
      ]),
    ).toEqual({ detail: { carrier: 'att' } });
    expect(await h.one(`SELECT user_agent FROM link_clicks WHERE shop_id = $1`, [shop.id])).toEqual({
      user_agent: null,
    });
    expect(await h.one(`SELECT url FROM short_links WHERE shop_id = $1`, [shop.id])).toEqual({
      url: `https://${shop.domain}/`,
    });
    expect(
      await h.one(
        `SELECT export, request -> 'customer' AS customer FROM data_requests WHERE shop_id = $1 AND kind = 'data_request'`,
        [shop.id],
      ),
    ).toEqual({
      export: { redacted: true },
      customer: { id: ids.customer },
    });

    // Nothing personal left anywhere for this shop (every shop table, every column, as text).
    for (const table of await shopTables()) {
      const leaks = await h.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" t WHERE shop_id = $1 AND (to_jsonb(t)::text ~* $2)`,
        [shop.id, 'jane|4155550142|203\\.0\\.113\\.9|iPhone|94104|recover\\?key'],
      );
      expect({ table, leaks: leaks.n }).toEqual({ table, leaks: 0 });
    }
    const inboxLeaks = await h.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_events WHERE shop_domain = $1 AND payload::text ~* 'jane|4155550142'`,
      [shop.domain],
    );
    expect(inboxLeaks.n).toBe(0);

    // Counts are kept; the other customer is untouched.
    expect(await h.one(countsSql, [shop.id])).toEqual({
      ...countsBefore,
      data_requests: (countsBefore.data_requests as number) + 1,
    });
    expect(
      await h.one(`SELECT email, phone FROM customers WHERE shop_id = $1 AND id = 42`, [shop.id]),
    ).toEqual({ email: 'sam@example.com', phone: '+14155550199' });
    expect(
      await h.one(
        `SELECT count(*)::int AS n FROM subscribers WHERE shop_id = $1 AND phone = '+14155550199'`,
        [shop.id],
      ),
    ).toEqual({ n: 1 });
    expect(
      await h.one(
        `SELECT count(*)::int AS n FROM webhook_events WHERE shop_domain = $1 AND payload::text LIKE '%sam@example.com%'`,
        [shop.domain],
      ),
    ).toEqual({ n: 1 });

    // A late delivery for the redacted customer stores no contact details again.
    await h.deliver('orders/updated', fixture('orders/updated'), {
      shopId: shop.id,
      shopDomain: shop.domain,
    });
    await h.deliver(
      'customers/update',
      { ...fixture('customers/update'), updated_at: '2030-01-01T00:00:00Z' },
      { shopId: shop.id },
    );
    expect(
      await h.one(`SELECT email FROM orders WHERE shop_id = $1 AND id = $2`, [shop.id, ids.order1001]),
    ).toEqual({ email: null });
    expect(
      await h.one(`SELECT email, first_name FROM customers WHERE shop_id = $1 AND id = $2`, [
        shop.id,
        ids.customer,
      ]),
    ).toEqual({ email: null, first_name: null });
  });

  const countsSql = `SELECT
    (SELECT count(*)::int FROM customers WHERE shop_id = $1) AS customers,
    (SELECT count(*)::int FROM orders WHERE shop_id = $1) AS orders,
    (SELECT count(*)::int FROM subscribers WHERE shop_id = $1) AS subscribers,
    (SELECT count(*)::int FROM consent_events WHERE shop_id = $1) AS consent_events,
    (SELECT count(*)::int FROM messages WHERE shop_id = $1) AS messages,
    (SELECT count(*)::int FROM link_clicks WHERE shop_id = $1) AS link_clicks,
    (SELECT count(*)::int FROM data_requests WHERE shop_id = $1) AS data_requests`;

  it('shop/redact deletes every row of the shop in every table, its jobs and its other inbox rows', async () => {
    const shop = await h.createShop();
    const other = await h.createShop();
    await seedJane(shop);
    await seedOther(shop);
    await seedJane(other);
    const otherCounts = await h.one<Json>(countsSql, [other.id]);
    await h.rows(`INSERT INTO sessions (id, shop_id, shop_domain) VALUES ($1, $2, $3)`, [
      `offline_${shop.domain}`,
      shop.id,
      shop.domain,
    ]);
    await h.rows(`INSERT INTO sync_runs (shop_id, resource) VALUES ($1, 'orders')`, [shop.id]);
    await h.app.agenda
      .create('mirror.verify-aggregates', { shopId: shop.id })
      .schedule(new Date(Date.now() + 86_400_000))
      .save();
    await h.app.agenda
      .create('mirror.verify-aggregates', { shopId: other.id })
      .schedule(new Date(Date.now() + 86_400_000))
      .save();
    const current = randomUUID();
    await h.rows(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status) VALUES ($1, 'shop/redact', $2, '{}', 'processing')`,
      [shop.domain, current],
    );

    await h.deliver(
      'shop/redact',
      { ...fixture('shop/redact'), shop_domain: shop.domain },
      { shopId: shop.id, shopDomain: shop.domain, webhookId: current },
    );

    for (const table of await shopTables()) {
      const left = await h.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE shop_id = $1`,
        [shop.id],
      );
      expect({ table, left: left.n }).toEqual({ table, left: 0 });
    }
    expect(await h.one(`SELECT count(*)::int AS n FROM shops WHERE id = $1`, [shop.id])).toEqual({ n: 0 });
    expect(
      await h.rows(`SELECT webhook_id FROM webhook_events WHERE shop_domain = $1`, [shop.domain]),
    ).toEqual([{ webhook_id: current }]);
    expect(
      await h.one(`SELECT count(*)::int AS n FROM agenda_jobs WHERE data ->> 'shopId' = $1`, [shop.id]),
    ).toEqual({ n: 0 });
    // The other shop keeps everything.
    expect(
      await h.one(`SELECT count(*)::int AS n FROM agenda_jobs WHERE data ->> 'shopId' = $1`, [other.id]),
    ).toEqual({ n: 1 });
    expect(await h.one(countsSql, [other.id])).toEqual(otherCounts);
    expect(otherCounts).toMatchObject({ customers: 1, orders: 2, subscribers: 1, link_clicks: 1 });
    // A second delivery (the shop row is gone: shopId null) is a harmless no-op.
    await h.deliver(
      'shop/redact',
      { ...fixture('shop/redact'), shop_domain: shop.domain },
      { shopId: null, shopDomain: shop.domain, webhookId: current },
    );
  });

  it('app/uninstalled stops everything for the shop but keeps its data; an uninstall older than a reinstall is ignored', async () => {
    const shop = await h.createShop();
    const other = await h.createShop();
    const jane = await seedJane(shop);
    await h.rows(`INSERT INTO sessions (id, shop_id, shop_domain) VALUES ($1, $2, $3), ($4, $2, $3)`, [
      `offline_${shop.domain}`,
      shop.id,
      shop.domain,
      `online_${shop.domain}_1`,
    ]);
    await h.rows(`INSERT INTO sessions (id, shop_id, shop_domain) VALUES ($1, $2, $3)`, [
      `offline_${other.domain}`,
      other.id,
      other.domain,
    ]);
    await h.app.agenda
      .create('mirror.verify-aggregates', { shopId: shop.id })
      .schedule(new Date(Date.now() + 86_400_000))
      .save();
    await h.app.agenda
      .create('mirror.verify-aggregates', { shopId: other.id })
      .schedule(new Date(Date.now() + 86_400_000))
      .save();
    const at = new Date('2025-11-15T01:45:02Z');

    await h.deliver('app/uninstalled', fixture('app/uninstalled'), {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: at,
    });

    expect(await h.one(`SELECT uninstalled_at FROM shops WHERE id = $1`, [shop.id])).toEqual({
      uninstalled_at: at,
    });
    expect(await h.one(`SELECT count(*)::int AS n FROM sessions WHERE shop_id = $1`, [shop.id])).toEqual({
      n: 0,
    });
    expect(await h.one(`SELECT count(*)::int AS n FROM sessions WHERE shop_id = $1`, [other.id])).toEqual({
      n: 1,
    });
    const statuses = await h.rows<{ id: string; status: string }>(
      `SELECT id, status FROM messages WHERE shop_id = $1`,
      [shop.id],
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        { id: jane.queuedId, status: 'cancelled' },
        { id: jane.sentId, status: 'delivered' },
      ]),
    );
    expect(statuses.filter((m) => m.status === 'queued')).toEqual([]);
    expect(
      await h.rows(`SELECT status, detail FROM message_events WHERE shop_id = $1 AND message_id = $2`, [
        shop.id,
        jane.queuedId,
      ]),
    ).toEqual([{ status: 'cancelled', detail: { reason: 'app_uninstalled' } }]);
    expect(
      await h.one(`SELECT count(*)::int AS n FROM agenda_jobs WHERE data ->> 'shopId' = $1`, [shop.id]),
    ).toEqual({ n: 0 });
    expect(
      await h.one(`SELECT count(*)::int AS n FROM agenda_jobs WHERE data ->> 'shopId' = $1`, [other.id]),
    ).toEqual({ n: 1 });
    expect(await h.one(`SELECT count(*)::int AS n FROM orders WHERE shop_id = $1`, [shop.id])).toEqual({
      n: 2,
    });

    // Reinstalled later; a late retry of the old uninstall must not mark it uninstalled again.
    await h.rows(
      `UPDATE shops SET uninstalled_at = NULL, installed_at = '2025-11-16T00:00:00Z' WHERE id = $1`,
      [shop.id],
    );
    await h.rows(`INSERT INTO sessions (id, shop_id, shop_domain) VALUES ($1, $2, $3)`, [
      `offline_${shop.domain}`,
      shop.id,
      shop.domain,
    ]);
    await h.deliver('app/uninstalled', fixture('app/uninstalled'), {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: at,
    });
    expect(await h.one(`SELECT uninstalled_at FROM shops WHERE id = $1`, [shop.id])).toEqual({
      uninstalled_at: null,
    });
    expect(await h.one(`SELECT count(*)::int AS n FROM sessions WHERE shop_id = $1`, [shop.id])).toEqual({
      n: 1,
    });
  });
});
