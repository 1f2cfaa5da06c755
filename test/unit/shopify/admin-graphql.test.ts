// The GraphQL Admin API wrapper: cost-aware waiting from extensions.cost.throttleStatus (fake clock),
// retries on THROTTLED / 429 / 5xx / network errors with bounded attempts, typed errors otherwise.
// Shopify is faked with nock.
import nock from 'nock';
import { createAdminGraphql, type AdminGraphql } from '../../../server/shopify/admin-graphql.js';
import { CostBucket, throttledWaitMs } from '../../../server/shopify/cost-bucket.js';
import { AppError } from '../../../server/errors.js';
import '../../support/silence-logs.js';
import { restoreNock } from '../../support/nock-lifecycle.js';

const SHOP = 'graphql-test.myshopify.com';
const PATH = '/admin/api/2025-10/graphql.json';
const TOKEN = 'shpat_test_token';

const cost = (requested: number, current: number, restore = 50, max = 1000) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: requested,
    throttleStatus: { maximumAvailable: max, currentlyAvailable: current, restoreRate: restore },
  },
});

interface Harness {
  client: AdminGraphql;
  sleeps: number[];
  events: string[];
  advance(ms: number): void;
}

function harness(opts: { maxAttempts?: number } = {}): Harness {
  let t = 1_000_000;
  const sleeps: number[] = [];
  const events: string[] = [];
  const client = createAdminGraphql({
    apiVersion: '2025-10',
    credentials: async () => ({ domain: SHOP, accessToken: TOKEN }),
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      events.push(`sleep ${ms}`);
      t += ms;
    },
    random: () => 0,
    maxAttempts: opts.maxAttempts ?? 4,
    baseDelayMs: 100,
  });
  return { client, sleeps, events, advance: (ms) => (t += ms) };
}

const Q = 'query { shop { name } }';

afterEach(() => {
  nock.cleanAll();
});
beforeAll(() => nock.disableNetConnect());

describe('CostBucket', () => {
  it('computes the wait for a query from the last throttle status and the restore rate', () => {
    const b = new CostBucket();
    expect(b.waitMsFor(500, 0)).toBe(0); // nothing known yet
    b.observe({ maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 50 }, 0);
    expect(b.available(0)).toBe(100);
    expect(b.waitMsFor(300, 0)).toBe(4000); // (300 - 100) / 50 s
    expect(b.waitMsFor(300, 2000)).toBe(2000); // 200 available after 2 s
    expect(b.waitMsFor(300, 4000)).toBe(0);
    expect(b.available(60_000)).toBe(1000); // capped at the bucket size
    expect(b.waitMsFor(5000, 0)).toBe(18_000); // costlier than the bucket: wait until full
  });

  it('reserves cost for concurrent callers', () => {
    const b = new CostBucket();
    b.observe({ maximumAvailable: 1000, currentlyAvailable: 150, restoreRate: 50 }, 0);
    expect(b.waitMsFor(100, 0)).toBe(0);
    b.reserve(100, 0);
    expect(b.available(0)).toBe(50);
    expect(b.waitMsFor(100, 0)).toBe(1000);
  });

  it('computes the wait after a THROTTLED answer', () => {
    expect(throttledWaitMs(cost(502, 2, 100).cost)).toBe(5000);
    expect(throttledWaitMs(cost(10, 50, 100).cost)).toBe(0);
  });
});

describe('createAdminGraphql', () => {
  it('sends the query with the access token to the versioned endpoint and returns data', async () => {
    const h = harness();
    let seen: unknown = null;
    nock(`https://${SHOP}`)
      .matchHeader('x-shopify-access-token', TOKEN)
      .post(PATH)
      .reply(200, async (req: Request) => {
        seen = await req.json();
        return { data: { shop: { name: 'Acme' } }, extensions: cost(1, 999) };
      });
    const data = await h.client.query<{ shop: { name: string } }, { a: number }>('shop-1', Q, { a: 1 });
    expect(data).toEqual({ shop: { name: 'Acme' } });
    expect(seen).toEqual({ query: Q, variables: { a: 1 } });
    expect(h.sleeps).toEqual([]);
  });

  it('retries a THROTTLED response after the time the bucket needs, then succeeds', async () => {
    const h = harness();
    const scope = nock(`https://${SHOP}`)
      .post(PATH)
      .reply(200, {
        errors: [
          {
            message: 'Throttled',
            extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
          },
        ],
        extensions: { cost: { ...cost(502, 2, 100).cost, actualQueryCost: null } },
      })
      .post(PATH)
      .reply(200, { data: { shop: { name: 'Acme' } }, extensions: cost(502, 498, 100) });
    const data = await h.client.query<{ shop: { name: string } }>('shop-1', Q);
    expect(data.shop.name).toBe('Acme');
    expect(scope.isDone()).toBe(true);
    // (502 - 2) / 100 points per second = 5 s, plus zero jitter (random() = 0).
    expect(h.sleeps).toEqual([5000]);
  });

  it('waits before a query whose known cost exceeds the estimated bucket', async () => {
    const h = harness();
    nock(`https://${SHOP}`)
      .post(PATH)
      .reply(200, () => {
        h.events.push('request 1');
        return { data: { shop: { name: 'A' } }, extensions: cost(100, 20, 50) };
      })
      .post(PATH)
      .reply(200, () => {
        h.events.push('request 2');
        return { data: { shop: { name: 'B' } }, extensions: cost(100, 920, 50) };
      });
    await h.client.query('shop-1', Q);
    await h.client.query('shop-1', Q);
    // After the first answer 20 points are left; the query costs 100; 50 points/s restore: 1.6 s.
    expect(h.events).toEqual(['request 1', 'sleep 1600', 'request 2']);
  });

  it('keeps one bucket per shop', async () => {
    const h = harness();
    nock(`https://${SHOP}`)
      .post(PATH)
      .times(2)
      .reply(200, { data: { ok: true }, extensions: cost(100, 0, 50) });
    await h.client.query('shop-1', Q);
    await h.client.query('shop-2', Q); // another shop's bucket is unknown: no wait
    expect(h.sleeps).toEqual([]);
  });

  it('retries 5xx and network errors with exponential backoff and succeeds', async () => {
    const h = harness();
    nock(`https://${SHOP}`)
      .post(PATH)
      .reply(503, 'unavailable')
      .post(PATH)
      .replyWithError('socket hang up')
      .post(PATH)
      .reply(200, { data: { ok: true } });
    await expect(h.client.query('shop-1', Q)).resolves.toEqual({ ok: true });
    // base 100 ms doubling, equal jitter (server/jobs/backoff.ts) at its low end with random() = 0.
    expect(h.sleeps).toEqual([50, 100]);
  });

  it('gives up after the bounded number of attempts with a retryable AppError', async () => {
    const h = harness({ maxAttempts: 3 });
    const scope = nock(`https://${SHOP}`).post(PATH).times(3).reply(502, 'bad gateway');
    const err = await h.client.query('shop-1', Q).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'shopify_server_error', retryable: true });
    expect(scope.isDone()).toBe(true);
    expect(h.sleeps).toHaveLength(2);
  });

  it('does not retry GraphQL errors that are not throttling, nor 401', async () => {
    const h = harness();
    nock(`https://${SHOP}`)
      .post(PATH)
      .reply(200, { errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'" }] });
    await expect(h.client.query('shop-1', Q)).rejects.toMatchObject({
      code: 'shopify_graphql_error',
      retryable: false,
    });
    nock(`https://${SHOP}`).post(PATH).reply(401, { errors: '[API] Invalid API key or access token' });
    await expect(h.client.query('shop-1', Q)).rejects.toMatchObject({
      code: 'shopify_unauthorized',
      retryable: false,
    });
    expect(h.sleeps).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('retries HTTP 429 using the reported throttle status', async () => {
    const h = harness();
    nock(`https://${SHOP}`)
      .post(PATH)
      .reply(429, { errors: [{ message: 'Throttled' }], extensions: cost(300, 100, 100) })
      .post(PATH)
      .reply(200, { data: { ok: 1 } });
    await expect(h.client.query('shop-1', Q)).resolves.toEqual({ ok: 1 });
    expect(h.sleeps[0]).toBe(2000);
  });
});

afterAll(restoreNock);
