// Production-mode install and authentication against a faked Shopify (nock): session token → token
// exchange → encrypted offline session + installed shop; 401s with the App Bridge retry header; classic
// OAuth; and tenant isolation: with shop A's session token no admin API route reads or changes shop B's data.
import nock from 'nock';
import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { createHttpApp } from '../../../server/http/app.js';
import { decryptToken } from '../../../server/shopify/token-crypto.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import {
  API_KEY,
  APP_URL,
  TOKEN_KEY,
  fakeShop,
  productionEnv,
  sessionToken,
  signQuery,
  type FakeShop,
} from './support/shopify-fakes.js';
import '../../support/silence-logs.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { listApiRoutes } from '../../support/api-routes.js';

const SHOP_A = 'alpha-store.myshopify.com';
const SHOP_B = 'bravo-store.myshopify.com';
const TOKEN_A = 'shpat_alpha_plaintext_token_1234567890';
const TOKEN_B = 'shpat_bravo_plaintext_token_0987654321';
const B_MARKERS = [SHOP_B, 'Bravo Marker Store', 'Zebediah', 'bravo-secret-marker'];
const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

let db: TestDatabase;
let app: RunningApp;
let fakeA: FakeShop;

const bearer = (shop: string, extra: Partial<Parameters<typeof sessionToken>[0]> = {}) =>
  `Bearer ${sessionToken({ shop, ...extra })}`;
const q = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await app.database.pool.query<T>(text, params)).rows;

async function shopIdOf(domain: string): Promise<string> {
  const rows = await q<{ id: string }>('SELECT id FROM shops WHERE domain = $1', [domain]);
  if (!rows[0]) throw new Error(`no shop ${domain}`);
  return rows[0].id;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  fakeA = fakeShop({
    domain: SHOP_A,
    name: 'Alpha Store',
    currency: 'EUR',
    timezone: 'Europe/Paris',
    country: 'FR',
    accessToken: TOKEN_A,
  });
  fakeShop({
    domain: SHOP_B,
    name: 'Bravo Marker Store',
    currency: 'CAD',
    timezone: 'America/Toronto',
    country: 'CA',
    accessToken: TOKEN_B,
  });
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, productionEnv()) });
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('session token exchange install', () => {
  it('installs the shop on its first authenticated request and stores the session encrypted', async () => {
    const res = await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_A));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      shopDomain: SHOP_A,
      shopName: 'Alpha Store',
      senderId: 'Alpha Store',
      timezone: 'Europe/Paris',
      currency: 'EUR',
      countryCode: 'FR',
      // Assigned by the operator (npm run shop:number / SHOP_SMS_NUMBERS), none yet for a new install.
      smsNumber: null,
    });
    expect(fakeA.tokenRequests).toHaveLength(1);
    expect(fakeA.tokenRequests[0]).toMatchObject({
      client_id: API_KEY,
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
      expiring: '1',
    });

    const sessions = await q('SELECT * FROM sessions');
    expect(sessions).toHaveLength(1);
    const row = sessions[0]!;
    expect(row.id).toBe(`offline_${SHOP_A}`);
    expect(row.is_online).toBe(false);
    expect(row.shop_id).toBe(await shopIdOf(SHOP_A));
    expect(JSON.stringify(row)).not.toContain(TOKEN_A);
    expect(JSON.stringify(row)).not.toContain(`${TOKEN_A}_refresh`);
    expect(String(row.access_token_enc)).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    const key = Buffer.from(TOKEN_KEY, 'base64');
    expect(decryptToken(String(row.access_token_enc), key)).toBe(TOKEN_A);
    expect(decryptToken(String(row.refresh_token_enc), key)).toBe(`${TOKEN_A}_refresh`);
    expect(new Date(String(row.expires_at)).getTime()).toBeGreaterThan(Date.now() + 3000_000);

    const shops = await q<{ uninstalled_at: Date | null }>(
      'SELECT uninstalled_at FROM shops WHERE domain = $1',
      [SHOP_A],
    );
    expect(shops[0]!.uninstalled_at).toBeNull();
  });

  it('reuses the stored session on later requests (no second exchange)', async () => {
    const res = await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_A));
    expect(res.status).toBe(200);
    expect(fakeA.tokenRequests).toHaveLength(1);
  });

  it('starts the backfill after install', async () => {
    const deadline = Date.now() + 15_000;
    while (fakeA.bulkQueries.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(fakeA.bulkQueries[0]).toContain('customers');
    const runs = await q<{ resource: string; status: string }>(
      'SELECT resource, status FROM sync_runs WHERE shop_id = $1 ORDER BY resource',
      [await shopIdOf(SHOP_A)],
    );
    expect(runs.map((r) => r.resource)).toEqual(['customers', 'orders']);
  });

  it('reinstalls (new exchange) a shop marked uninstalled', async () => {
    await q('UPDATE shops SET uninstalled_at = now() WHERE domain = $1', [SHOP_A]);
    const res = await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_A));
    expect(res.status).toBe(200);
    expect(fakeA.tokenRequests).toHaveLength(2);
    const shops = await q<{ uninstalled_at: Date | null }>(
      'SELECT uninstalled_at FROM shops WHERE domain = $1',
      [SHOP_A],
    );
    expect(shops[0]!.uninstalled_at).toBeNull();
  });
});

describe('expiring offline tokens', () => {
  it('refreshes the token when less than five minutes remain, and not before', async () => {
    const shopId = await shopIdOf(SHOP_A);
    const { shopifyAdmin } = app.context;
    const before = fakeA.tokenRequests.length;
    expect(await shopifyAdmin.offlineAccessToken(shopId)).toBe(TOKEN_A);
    expect(fakeA.tokenRequests).toHaveLength(before);

    await q(`UPDATE sessions SET expires_at = now() + interval '2 minutes' WHERE shop_id = $1`, [shopId]);
    const [a, b] = await Promise.all([
      shopifyAdmin.offlineAccessToken(shopId),
      shopifyAdmin.offlineAccessToken(shopId),
    ]);
    expect([a, b]).toEqual([TOKEN_A, TOKEN_A]);
    // One refresh for both callers, with the refresh token grant.
    expect(fakeA.tokenRequests.slice(before)).toEqual([
      expect.objectContaining({
        grant_type: 'refresh_token',
        refresh_token: `${TOKEN_A}_refresh`,
        client_id: API_KEY,
      }),
    ]);
    const row = (
      await q<{ expires_at: Date; access_token_enc: string }>(
        'SELECT expires_at, access_token_enc FROM sessions WHERE shop_id = $1',
        [shopId],
      )
    )[0]!;
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(row.access_token_enc).not.toContain(TOKEN_A);
  });
});

describe('rejected requests', () => {
  const expect401 = (res: request.Response, code: string) => {
    expect(res.status).toBe(401);
    expect(res.headers['x-shopify-retry-invalid-session-request']).toBe('1');
    expect(res.body.error.code).toBe(code);
  };

  it('401 with the retry header for a missing, forged, expired, not-yet-valid or foreign-app token', async () => {
    expect401(await request(app.url!).get('/api/settings'), 'missing_session_token');
    expect401(
      await request(app.url!).get('/api/settings').set('Authorization', 'Bearer not.a.jwt'),
      'invalid_session_token',
    );
    expect401(
      await request(app.url!)
        .get('/api/settings')
        .set('Authorization', bearer(SHOP_A, { secret: 'wrong-secret' })),
      'invalid_session_token',
    );
    expect401(
      await request(app.url!)
        .get('/api/settings')
        .set('Authorization', bearer(SHOP_A, { expIn: -120, nbfIn: -300 })),
      'invalid_session_token',
    );
    expect401(
      await request(app.url!)
        .get('/api/settings')
        .set('Authorization', bearer(SHOP_A, { nbfIn: 300, expIn: 600 })),
      'invalid_session_token',
    );
    expect401(
      await request(app.url!)
        .get('/api/settings')
        .set('Authorization', bearer(SHOP_A, { aud: 'another-app' })),
      'invalid_session_token',
    );
  });

  it('401 (and nothing stored) when Shopify rejects the token exchange', async () => {
    const shop = 'charlie-store.myshopify.com';
    nock(`https://${shop}`)
      .post('/admin/oauth/access_token')
      .reply(400, { error: 'invalid_subject_token', error_description: 'bad token' });
    const res = await request(app.url!).get('/api/settings').set('Authorization', bearer(shop));
    expect401(res, 'token_exchange_failed');
    expect(await q('SELECT id FROM shops WHERE domain = $1', [shop])).toHaveLength(0);
  });
});

/** Every /api route of the running app, from the Express router stack. */
function apiRoutes(): Array<{ method: string; path: string }> {
  return listApiRoutes(createHttpApp(app.context, () => true)).map((r) => ({
    method: r.method.toLowerCase(),
    path: r.path,
  }));
}

/** A fingerprint of everything stored for shop B (all tables with shop_id, its shop row, its inbox rows). */
async function shopBFingerprint(shopBId: string): Promise<Record<string, string>> {
  const tables = await q<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'shop_id' AND table_schema = 'public' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const rows = await q<{ f: string | null; n: string }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS f, count(*)::text AS n FROM "${table_name}" t WHERE shop_id = $1`,
      [shopBId],
    );
    out[table_name] = `${rows[0]!.n}:${rows[0]!.f ?? ''}`;
  }
  const shop = await q<{ t: string }>(`SELECT t::text AS t FROM shops t WHERE id = $1`, [shopBId]);
  out.shops = shop[0]!.t;
  const inbox = await q<{ f: string | null }>(
    `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS f FROM webhook_events t WHERE shop_domain = $1`,
    [SHOP_B],
  );
  out.webhook_events_by_domain = inbox[0]!.f ?? '';
  return out;
}

describe('tenant isolation', () => {
  let shopAId: string;
  let shopBId: string;
  let bIds: string[];

  beforeAll(async () => {
    // Install B through its own token, then give it data of every kind the admin API exposes.
    expect((await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_A))).status).toBe(
      200,
    );
    const installB = await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_B));
    expect(installB.body.shopName).toBe('Bravo Marker Store');
    shopAId = await shopIdOf(SHOP_A);
    shopBId = await shopIdOf(SHOP_B);
    await q(
      `INSERT INTO customers (shop_id, id, first_name, last_name, email) VALUES ($1, 7001, 'Zebediah', 'Bravo', 'z@bravo-secret-marker.example')`,
      [shopBId],
    );
    const inbox = await q<{ id: string }>(
      `INSERT INTO webhook_events (shop_domain, topic, webhook_id, payload, status, attempts, error)
       VALUES ($1, 'customers/update', 'bravo-webhook-1', '{"note":"bravo-secret-marker"}', 'failed', 5, 'boom') RETURNING id::text AS id`,
      [SHOP_B],
    );
    // Let B's own backfill start, then stop it (failed runs are left alone by the sync jobs) so nothing
    // but A's requests could change B's rows during the sweep.
    const deadline = Date.now() + 15_000;
    while (
      (await q(`SELECT 1 FROM sync_runs WHERE shop_id = $1 AND status = 'running'`, [shopBId])).length ===
        0 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await q(`UPDATE sync_runs SET status = 'failed', error = 'bravo-secret-marker' WHERE shop_id = $1`, [
      shopBId,
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    const run = await q<{ id: string }>(`SELECT id FROM sync_runs WHERE shop_id = $1 LIMIT 1`, [shopBId]);
    bIds = [inbox[0]!.id, shopBId, '7001', ...(run[0] ? [run[0].id] : []), 'bravo-webhook-1'];
  });

  it('settings: A reads and changes only A', async () => {
    const get = await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_A));
    expect(get.body.shopDomain).toBe(SHOP_A);
    const put = await request(app.url!)
      .put('/api/settings')
      .set('Authorization', bearer(SHOP_A))
      .send({ shopName: 'Alpha Renamed' });
    expect(put.status).toBe(200);
    expect(put.body.shopDomain).toBe(SHOP_A);
    const names = await q<{ domain: string; name: string }>('SELECT domain, name FROM shops ORDER BY domain');
    expect(names).toEqual([
      { domain: SHOP_A, name: 'Alpha Renamed' },
      { domain: SHOP_B, name: 'Bravo Marker Store' },
    ]);
  });

  it('sync: A sees only its own runs', async () => {
    const res = await request(app.url!).get('/api/sync').set('Authorization', bearer(SHOP_A));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('bravo-secret-marker');
    const aRuns = await q<{ n: string }>('SELECT count(*)::text AS n FROM sync_runs WHERE shop_id = $1', [
      shopAId,
    ]);
    expect(res.body.resources).toHaveLength(2);
    expect(Number(aRuns[0]!.n)).toBeGreaterThanOrEqual(2);
  });

  it('no /api route called with A’s token reveals or changes B’s data', async () => {
    const routes = apiRoutes();
    // The routes this test was written against must be among those discovered.
    for (const known of ['get /api/settings', 'put /api/settings', 'get /api/sync', 'post /api/sync']) {
      expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(known);
    }
    const before = await shopBFingerprint(shopBId);
    const calls: string[] = [];
    for (const route of routes) {
      const params = route.path.match(/:[A-Za-z_]+/g) ?? [];
      const paths =
        params.length === 0
          ? [route.path]
          : bIds.map((id) => route.path.replace(/:[A-Za-z_]+/g, encodeURIComponent(id)));
      for (const path of paths) {
        const bodies =
          route.method === 'get' || route.method === 'delete'
            ? [undefined]
            : [{}, { shopId: shopBId, shopDomain: SHOP_B, shopName: 'Hijacked by A' }];
        for (const body of bodies) {
          const method = route.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
          const req = request(app.url!)[method](path).set('Authorization', bearer(SHOP_A));
          const res = body === undefined ? await req : await req.send(body);
          calls.push(`${route.method} ${path} -> ${res.status}`);
          // An id the request itself carried may be echoed back (e.g. "Subscriber <id> not found"); anything else of B's may not.
          const sent = path + JSON.stringify(body ?? '');
          for (const marker of [...B_MARKERS, shopBId].filter((m) => !sent.includes(m))) {
            if (res.text.includes(marker))
              throw new Error(
                `${route.method} ${path} answered ${res.status} with shop B data (${marker}): ${res.text.slice(0, 200)}`,
              );
          }
          // Billing routes call Shopify's Billing API, which this sweep does not fake: a 502 (Shopify
          // unreachable) says nothing about shop B. Any other 5xx is a bug.
          if (!(res.status === 502 && path.startsWith('/api/billing'))) expect(res.status).toBeLessThan(500);
        }
      }
    }
    if (process.env.SHOW_CALLS) process.stderr.write(calls.join('\n') + '\n');
    expect(calls.length).toBeGreaterThanOrEqual(routes.length);
    expect(await shopBFingerprint(shopBId)).toEqual(before);
  });
});

describe('classic OAuth', () => {
  const SHOP_D = 'delta-store.myshopify.com';
  const TOKEN_D = 'shpat_delta_plaintext_token';

  it('400 for a missing or invalid shop', async () => {
    expect((await request(app.url!).get('/auth')).status).toBe(400);
    const bad = await request(app.url!)
      .get('/auth')
      .query({ shop: 'evil.example.com' })
      .set('User-Agent', BROWSER_UA);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_shop');
  });

  it('begin redirects to the grant screen; callback stores the session, installs the shop, redirects into the admin', async () => {
    const fakeD = fakeShop({ domain: SHOP_D, name: 'Delta Store', accessToken: TOKEN_D });
    const begin = await request(app.url!).get('/auth').query({ shop: SHOP_D }).set('User-Agent', BROWSER_UA);
    expect(begin.status).toBe(302);
    const location = new URL(begin.headers.location!);
    expect(location.origin + location.pathname).toBe(`https://${SHOP_D}/admin/oauth/authorize`);
    expect(location.searchParams.get('client_id')).toBe(API_KEY);
    expect(location.searchParams.get('redirect_uri')).toBe(`${APP_URL}/auth/callback`);
    expect(location.searchParams.get('grant_options[]')).toBe('');
    const state = location.searchParams.get('state')!;
    const setCookies = ([] as string[]).concat(begin.headers['set-cookie'] ?? []);
    const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toContain('shopify_app_state=');

    const host = Buffer.from('admin.shopify.com/store/delta-store').toString('base64').replace(/=+$/, '');
    const params = {
      code: 'auth-code-123',
      host,
      shop: SHOP_D,
      state,
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    const forged = await request(app.url!)
      .get('/auth/callback')
      .query({ ...params, hmac: signQuery(params, 'wrong-secret') })
      .set('Cookie', cookie)
      .set('User-Agent', BROWSER_UA);
    expect(forged.status).toBe(400);
    expect(fakeD.tokenRequests).toHaveLength(0);

    const cb = await request(app.url!)
      .get('/auth/callback')
      .query({ ...params, hmac: signQuery(params) })
      .set('Cookie', cookie)
      .set('User-Agent', BROWSER_UA);
    expect(cb.status).toBe(302);
    expect(cb.headers.location).toBe(`https://admin.shopify.com/store/delta-store/apps/${API_KEY}`);
    expect(fakeD.tokenRequests).toEqual([
      expect.objectContaining({ code: 'auth-code-123', client_id: API_KEY, expiring: '1' }),
    ]);
    const shopDId = await shopIdOf(SHOP_D);
    const sessions = await q<{ id: string; access_token_enc: string }>(
      'SELECT id, access_token_enc FROM sessions WHERE shop_id = $1',
      [shopDId],
    );
    expect(sessions.map((s) => s.id)).toEqual([`offline_${SHOP_D}`]);
    expect(sessions[0]!.access_token_enc).not.toContain(TOKEN_D);
    expect(decryptToken(sessions[0]!.access_token_enc, Buffer.from(TOKEN_KEY, 'base64'))).toBe(TOKEN_D);

    // The embedded app then authenticates with session tokens without another exchange.
    const res = await request(app.url!).get('/api/settings').set('Authorization', bearer(SHOP_D));
    expect(res.body.shopName).toBe('Delta Store');
    expect(fakeD.tokenRequests).toHaveLength(1);
  });
});

afterAll(restoreNock);
