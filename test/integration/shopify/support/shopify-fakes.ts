// Test doubles for Shopify: real HS256 session tokens signed with the app secret (as App Bridge sends
// them), and a fake shop (token exchange, OAuth code grant, refresh, GraphQL Admin API) served by nock.
import { createHmac, randomUUID } from 'node:crypto';
import nock from 'nock';

export const API_KEY = 'test-api-key';
export const API_SECRET = 'test-api-secret';
export const APP_URL = 'https://app.example.com';
export const TOKEN_KEY = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
export const API_VERSION = '2025-10';

/** Environment for a production-mode app under test. */
export function productionEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    APP_URL,
    TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
    SMS_PROVIDER: 'simulator',
    MESSAGEBIRD_SIGNING_KEY: 'simulator-signing-key-for-tests',
    LOCAL_SEED: 'false',
    SYNC_POLL_INTERVAL_MS: '200',
    ...extra,
  };
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export interface TokenClaims {
  shop: string;
  aud?: string;
  secret?: string;
  /** Seconds relative to now. */
  expIn?: number;
  nbfIn?: number;
  sub?: string;
}

/** A session token as App Bridge issues it (HS256 over the app secret). */
export function sessionToken(c: TokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${c.shop}/admin`,
      dest: `https://${c.shop}`,
      aud: c.aud ?? API_KEY,
      sub: c.sub ?? '42',
      exp: now + (c.expIn ?? 60),
      nbf: now + (c.nbfIn ?? -5),
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const sig = createHmac('sha256', c.secret ?? API_SECRET)
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${sig}`;
}

export interface FakeShopOptions {
  domain: string;
  name: string;
  currency?: string;
  timezone?: string;
  country?: string;
  accessToken: string;
  refreshToken?: string;
  /** Status of bulk operations the fake reports (default RUNNING: the backfill never finishes). */
  bulkStatus?: (id: string) => { status: string; url?: string | null; objectCount?: string };
}

export interface FakeShop {
  tokenRequests: Array<Record<string, string>>;
  graphqlQueries: Array<{ query: string; variables: Record<string, unknown> }>;
  bulkQueries: string[];
}

/** Serves the shop's /admin/oauth/access_token and GraphQL endpoint until nock.cleanAll(). */
export function fakeShop(o: FakeShopOptions): FakeShop {
  const fake: FakeShop = { tokenRequests: [], graphqlQueries: [], bulkQueries: [] };
  let bulkN = 0;
  nock(`https://${o.domain}`)
    .persist()
    .post('/admin/oauth/access_token')
    .reply(async (req: Request) => {
      const body = (await req.json()) as Record<string, string>;
      fake.tokenRequests.push(body);
      if (body.client_id !== API_KEY || body.client_secret !== API_SECRET)
        return [401, { error: 'invalid_client' }];
      return [
        200,
        {
          access_token: o.accessToken,
          scope: 'read_customers,write_customers,read_orders',
          expires_in: 3600,
          refresh_token: o.refreshToken ?? `${o.accessToken}_refresh`,
          refresh_token_expires_in: 7_776_000,
        },
      ];
    });
  nock(`https://${o.domain}`)
    .persist()
    .post(`/admin/api/${API_VERSION}/graphql.json`)
    .reply(async (req: Request) => {
      if (req.headers.get('x-shopify-access-token') !== o.accessToken)
        return [401, { errors: '[API] Invalid API key or access token' }];
      const { query, variables } = (await req.json()) as {
        query: string;
        variables: Record<string, unknown>;
      };
      fake.graphqlQueries.push({ query, variables });
      const cost = {
        requestedQueryCost: 1,
        actualQueryCost: 1,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
      };
      if (query.includes('query ShopInfo')) {
        return [
          200,
          {
            data: {
              shop: {
                name: o.name,
                currencyCode: o.currency ?? 'USD',
                ianaTimezone: o.timezone ?? 'America/New_York',
                billingAddress: { countryCodeV2: o.country ?? 'US' },
              },
            },
            extensions: { cost },
          },
        ];
      }
      if (query.includes('bulkOperationRunQuery')) {
        fake.bulkQueries.push(String(variables.query));
        bulkN++;
        return [
          200,
          {
            data: {
              bulkOperationRunQuery: {
                bulkOperation: { id: `gid://shopify/BulkOperation/${bulkN}`, status: 'CREATED' },
                userErrors: [],
              },
            },
            extensions: { cost },
          },
        ];
      }
      if (query.includes('query BulkOperationStatus')) {
        const s = o.bulkStatus?.(String(variables.id)) ?? { status: 'RUNNING' };
        return [
          200,
          {
            data: {
              node: {
                id: variables.id,
                status: s.status,
                errorCode: null,
                objectCount: s.objectCount ?? '0',
                rootObjectCount: s.objectCount ?? '0',
                url: s.url ?? null,
                partialDataUrl: null,
                completedAt: s.status === 'COMPLETED' ? new Date().toISOString() : null,
              },
            },
            extensions: { cost },
          },
        ];
      }
      return [200, { errors: [{ message: `fake shop does not know this query: ${query.slice(0, 60)}` }] }];
    });
  return fake;
}

/** Shopify's admin HMAC over a query (sorted keys, URL-encoded, without hmac). */
export function signQuery(params: Record<string, string>, secret = API_SECRET): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort((a, b) => a.localeCompare(b))) q.append(k, params[k]!);
  return createHmac('sha256', secret).update(q.toString()).digest('hex');
}
