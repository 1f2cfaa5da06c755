// The GraphQL Admin API client (the Admin API is GraphQL-only here: no REST). Typed queries, a per-shop
// cost bucket fed by `extensions.cost.throttleStatus`, and retries with exponential backoff + jitter on
// THROTTLED, 429, 5xx and network errors. Failures are AppError {code, status, retryable}.
import { AppError } from '../errors.js';
import { retryDelayMs, type BackoffPolicy } from '../jobs/backoff.js';
import { logger } from '../logger.js';
import { CostBucket, throttledWaitMs, type QueryCost } from './cost-bucket.js';

export interface ShopCredentials {
  domain: string;
  accessToken: string;
}

export interface AdminGraphqlDeps {
  apiVersion: string;
  /** Resolves the shop's domain and a valid (refreshed if needed) offline access token. */
  credentials: (shopId: string) => Promise<ShopCredentials>;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Attempts per query, including the first. Default 5. */
  maxAttempts?: number;
  /** First backoff delay for 5xx/network errors, ms. Default 500. */
  baseDelayMs?: number;
  /** Longest single wait, ms. Default 30 s. */
  maxDelayMs?: number;
}

export interface GraphqlErrorEntry {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
  path?: Array<string | number>;
}

interface GraphqlResponseBody<TData> {
  data?: TData | null;
  errors?: GraphqlErrorEntry[] | string;
  extensions?: { cost?: QueryCost };
}

export interface AdminGraphql {
  query<TData, TVars extends Record<string, unknown> = Record<string, never>>(
    shopId: string,
    document: string,
    variables?: TVars,
  ): Promise<TData>;
  /** Same, with explicit credentials (during install, before the shop row or session exists). */
  queryWithCredentials<TData, TVars extends Record<string, unknown> = Record<string, never>>(
    credentials: ShopCredentials,
    document: string,
    variables?: TVars,
    bucketKey?: string,
  ): Promise<TData>;
}

/** Cost assumed for a document never seen before (Shopify's own default max page cost is far above). */
const DEFAULT_COST_GUESS = 10;

type Attempt<TData> =
  | { kind: 'ok'; data: TData }
  | { kind: 'retry'; waitMs: number | null; error: AppError }
  | { kind: 'fail'; error: AppError };

function isThrottled(errors: GraphqlErrorEntry[]): boolean {
  return errors.some((e) => e.extensions?.code === 'THROTTLED' || /throttled/i.test(e.message));
}

export function createAdminGraphql(deps: AdminGraphqlDeps): AdminGraphql {
  const doFetch =
    deps.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const maxAttempts = deps.maxAttempts ?? 5;
  const baseDelayMs = deps.baseDelayMs ?? 500;
  const maxDelayMs = deps.maxDelayMs ?? 30_000;
  const buckets = new Map<string, CostBucket>();
  const knownCosts = new Map<string, number>();

  const bucketOf = (key: string) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = new CostBucket()));
    return b;
  };
  const backoff: BackoffPolicy = { baseMs: baseDelayMs, maxMs: maxDelayMs };

  async function attemptOnce<TData>(
    creds: ShopCredentials,
    body: string,
    bucket: CostBucket,
    document: string,
  ): Promise<Attempt<TData>> {
    const url = `https://${creds.domain}/admin/api/${deps.apiVersion}/graphql.json`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-Shopify-Access-Token': creds.accessToken,
        },
        body,
      });
    } catch (err) {
      return {
        kind: 'retry',
        waitMs: null,
        error: new AppError({
          code: 'shopify_unreachable',
          status: 502,
          retryable: true,
          message: `Shopify Admin API unreachable: ${(err as Error).message}`,
          cause: err,
        }),
      };
    }
    const text = await res.text().catch(() => '');
    let parsed: GraphqlResponseBody<TData> | null = null;
    try {
      parsed = text ? (JSON.parse(text) as GraphqlResponseBody<TData>) : null;
    } catch {
      parsed = null;
    }
    const cost = parsed?.extensions?.cost;
    if (cost?.throttleStatus) {
      bucket.observe(cost.throttleStatus, now());
      knownCosts.set(document, cost.requestedQueryCost);
    }
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get('retry-after'));
      const waitMs = cost
        ? throttledWaitMs(cost)
        : Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000
          : null;
      return {
        kind: 'retry',
        waitMs,
        error: new AppError({
          code: 'shopify_throttled',
          status: 503,
          retryable: true,
          message: 'Shopify Admin API throttled the request (429)',
        }),
      };
    }
    if (res.status >= 500) {
      return {
        kind: 'retry',
        waitMs: null,
        error: new AppError({
          code: 'shopify_server_error',
          status: 502,
          retryable: true,
          message: `Shopify Admin API answered ${res.status}`,
        }),
      };
    }
    if (res.status === 401 || res.status === 403) {
      return {
        kind: 'fail',
        error: new AppError({
          code: 'shopify_unauthorized',
          status: 502,
          retryable: false,
          message: `Shopify Admin API refused the access token for ${creds.domain} (${res.status})`,
        }),
      };
    }
    if (res.status === 402 || res.status === 423 || res.status === 404) {
      return {
        kind: 'fail',
        error: new AppError({
          code: 'shopify_shop_unavailable',
          status: 502,
          retryable: false,
          message: `Shop ${creds.domain} is unavailable (${res.status})`,
        }),
      };
    }
    if (!res.ok || !parsed) {
      return {
        kind: 'fail',
        error: new AppError({
          code: 'shopify_bad_response',
          status: 502,
          retryable: false,
          message: `Shopify Admin API answered ${res.status} with an unreadable body`,
        }),
      };
    }
    const errors = typeof parsed.errors === 'string' ? [{ message: parsed.errors }] : (parsed.errors ?? []);
    if (errors.length > 0 && isThrottled(errors)) {
      return {
        kind: 'retry',
        waitMs: cost ? throttledWaitMs(cost) : null,
        error: new AppError({
          code: 'shopify_throttled',
          status: 503,
          retryable: true,
          message: 'Shopify Admin API throttled the query (THROTTLED)',
        }),
      };
    }
    if (errors.length > 0) {
      const internal = errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
      const message = `Shopify GraphQL error: ${errors.map((e) => e.message).join('; ')}`;
      if (internal)
        return {
          kind: 'retry',
          waitMs: null,
          error: new AppError({ code: 'shopify_server_error', status: 502, retryable: true, message }),
        };
      return {
        kind: 'fail',
        error: new AppError({ code: 'shopify_graphql_error', status: 502, retryable: false, message }),
      };
    }
    if (parsed.data === undefined || parsed.data === null) {
      return {
        kind: 'fail',
        error: new AppError({
          code: 'shopify_bad_response',
          status: 502,
          retryable: false,
          message: 'Shopify GraphQL response has no data',
        }),
      };
    }
    return { kind: 'ok', data: parsed.data };
  }

  async function run<TData>(
    creds: ShopCredentials,
    bucketKey: string,
    document: string,
    variables: unknown,
  ): Promise<TData> {
    const bucket = bucketOf(bucketKey);
    const body = JSON.stringify({ query: document, variables: variables ?? {} });
    let last: AppError | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const cost = knownCosts.get(document) ?? DEFAULT_COST_GUESS;
      const wait = Math.min(maxDelayMs, bucket.waitMsFor(cost, now()));
      if (wait > 0) await sleep(wait);
      bucket.reserve(cost, now());
      const result = await attemptOnce<TData>(creds, body, bucket, document);
      if (result.kind === 'ok') return result.data;
      if (result.kind === 'fail') throw result.error;
      last = result.error;
      if (attempt === maxAttempts) break;
      const delay = Math.min(
        maxDelayMs,
        result.waitMs !== null ? result.waitMs + random() * 250 : retryDelayMs(attempt, backoff, random),
      );
      logger.warn(
        { shop: creds.domain, code: result.error.code, attempt, delayMs: Math.round(delay) },
        'retrying Shopify GraphQL query',
      );
      await sleep(delay);
    }
    throw new AppError({
      code: last?.code ?? 'shopify_unavailable',
      status: last?.status ?? 502,
      retryable: true,
      message: `${last?.message ?? 'Shopify Admin API failed'} (gave up after ${maxAttempts} attempts)`,
      cause: last,
    });
  }

  return {
    async query<TData, TVars extends Record<string, unknown> = Record<string, never>>(
      shopId: string,
      document: string,
      variables?: TVars,
    ) {
      const creds = await deps.credentials(shopId);
      return run<TData>(creds, shopId, document, variables);
    },
    async queryWithCredentials<TData, TVars extends Record<string, unknown> = Record<string, never>>(
      credentials: ShopCredentials,
      document: string,
      variables?: TVars,
      bucketKey?: string,
    ) {
      return run<TData>(credentials, bucketKey ?? credentials.domain, document, variables);
    },
  };
}
