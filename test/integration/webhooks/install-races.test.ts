// Install races: an app/uninstalled triggered before the shop's latest install is ignored, however late it
// is processed; a shop/redact for a shop installed again since is not applied, and an admin replay of it
// is refused with 409.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { upsertInstalledShop } from '../../../server/shopify/shop-install.js';
import { fixture, startHarness, type Harness } from './handlers-support.js';

describe('install races (real database)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const info = { name: 'Test Shop', currency: 'USD', countryCode: 'US', timezone: 'America/New_York' };
  const addSession = (shop: { id: string; domain: string }) =>
    h.rows(`INSERT INTO sessions (id, shop_id, shop_domain) VALUES ($1, $2, $3)`, [
      `offline_${shop.domain}`,
      shop.id,
      shop.domain,
    ]);
  const sessions = async (shopId: string) =>
    (await h.one<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE shop_id = $1`, [shopId])).n;

  it('an uninstall still in the inbox when the shop installs again (token exchange) is ignored', async () => {
    const shop = await h.createShop(); // installed 2024-01-01, never uninstalled as far as we know
    // Uninstalled at 01:45, reinstalled (new token exchange) at 02:00, before the inbox processed the uninstall.
    await upsertInstalledShop(h.app.database.db, shop.domain, info, new Date('2025-11-15T02:00:00Z'));
    await addSession(shop);
    await h.deliver('app/uninstalled', fixture('app/uninstalled'), {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: new Date('2025-11-15T01:45:00Z'),
    });
    // The installation's start is kept (it dates the shop); the exchange is recorded as its latest proof.
    expect(
      await h.one(`SELECT uninstalled_at, installed_at, last_install_at FROM shops WHERE id = $1`, [shop.id]),
    ).toEqual({
      uninstalled_at: null,
      installed_at: new Date('2024-01-01T00:00:00Z'),
      last_install_at: new Date('2025-11-15T02:00:00Z'),
    });
    expect(await sessions(shop.id)).toBe(1);
    // An uninstall triggered after that install applies.
    await h.deliver('app/uninstalled', fixture('app/uninstalled'), {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: new Date('2025-11-15T03:00:00Z'),
    });
    expect(await h.one(`SELECT uninstalled_at FROM shops WHERE id = $1`, [shop.id])).toEqual({
      uninstalled_at: new Date('2025-11-15T03:00:00Z'),
    });
    expect(await sessions(shop.id)).toBe(0);
  });

  it('without X-Shopify-Triggered-At, the time the inbox received the uninstall is compared with the install', async () => {
    const shop = await h.createShop();
    const webhookId = randomUUID();
    await h.rows(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status, received_at) VALUES ($1, 'app/uninstalled', $2, '{}', 'processing', '2025-11-15T01:45:00Z')`,
      [shop.domain, webhookId],
    );
    await h.rows(`UPDATE shops SET installed_at = '2025-11-15T02:00:00Z' WHERE id = $1`, [shop.id]);
    await addSession(shop);
    await h.deliver('app/uninstalled', fixture('app/uninstalled'), {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: null,
      webhookId,
    });
    expect(await h.one(`SELECT uninstalled_at FROM shops WHERE id = $1`, [shop.id])).toEqual({
      uninstalled_at: null,
    });
    expect(await sessions(shop.id)).toBe(1);
  });

  it('a shop/redact triggered before the latest install or token exchange deletes nothing', async () => {
    const shop = await h.createShop();
    await upsertInstalledShop(h.app.database.db, shop.domain, info, new Date('2025-11-20T00:00:00Z'));
    await h.deliver('customers/create', fixture('customers/create'), {
      shopId: shop.id,
      shopDomain: shop.domain,
    });
    const redact = { ...fixture('shop/redact'), shop_domain: shop.domain };
    await h.deliver('shop/redact', redact, {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: new Date('2025-11-17T00:00:00Z'),
    });
    expect(await h.one(`SELECT count(*)::int AS n FROM shops WHERE id = $1`, [shop.id])).toEqual({ n: 1 });
    expect(await h.one(`SELECT count(*)::int AS n FROM customers WHERE shop_id = $1`, [shop.id])).toEqual({
      n: 1,
    });
    // One triggered after the install (uninstalled again, 48 hours later) deletes the shop.
    await h.deliver('shop/redact', redact, {
      shopId: shop.id,
      shopDomain: shop.domain,
      triggeredAt: new Date('2025-11-25T00:00:00Z'),
    });
    expect(await h.one(`SELECT count(*)::int AS n FROM shops WHERE id = $1`, [shop.id])).toEqual({ n: 0 });
  });

  it('replaying a shop/redact of an earlier installation is a 409 and changes nothing', async () => {
    // The local-mode admin API acts as the demo shop.
    const shop = await h.createShop('demo.myshopify.com');
    await h.rows(`UPDATE shops SET installed_at = '2025-11-20T00:00:00Z' WHERE id = $1`, [shop.id]);
    const event = async (topic: string, triggeredAt: string | null, receivedAt: string) =>
      (
        await h.one<{ id: string }>(
          `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status, triggered_at, received_at) VALUES ($1, $2, $3, '{}', 'done', $4, $5) RETURNING id::text AS id`,
          [shop.domain, topic, randomUUID(), triggeredAt, receivedAt],
        )
      ).id;
    const old = await event('shop/redact', '2025-11-17T00:00:00Z', '2025-11-17T00:00:01Z');
    const oldWithoutHeader = await event('shop/redact', null, '2025-11-17T00:00:01Z');
    const oldOrder = await event('orders/create', '2025-11-17T00:00:00Z', '2025-11-17T00:00:01Z');
    const api = request(h.app.url!);

    for (const id of [old, oldWithoutHeader]) {
      const res = await api.post(`/api/webhook-events/${id}/replay`).type('json');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('webhook_event_superseded');
      expect(res.body.error.message).toContain('(shop/redact) was triggered before the shop');
      expect(await h.one(`SELECT status FROM webhook_events WHERE id = $1`, [id])).toEqual({
        status: 'done',
      });
    }
    // Other topics replay as before.
    expect((await api.post(`/api/webhook-events/${oldOrder}/replay`).type('json')).status).toBe(200);
    // A shop/redact of the current installation may be replayed.
    const current = await event('shop/redact', '2025-11-22T00:00:00Z', '2025-11-22T00:00:01Z');
    const replayed = await api.post(`/api/webhook-events/${current}/replay`).type('json');
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ id: current, status: 'pending' });
  });
});
