// The shop's offline access token for background work and Admin API calls. Expiring offline tokens are
// refreshed (refresh_token grant) when less than five minutes remain; concurrent callers of one app share
// one refresh. main.ts creates one ShopifyAdmin per running app and puts it in the app context.
import type { Session } from '@shopify/shopify-api';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import { getShop } from '../shops/shop-repository.js';
import { createAdminGraphql, type AdminGraphql, type ShopCredentials } from './admin-graphql.js';
import { loadOfflineSession, storeSession } from './session-repository.js';
import type { ShopifyApi } from './shopify-api.js';

export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface ShopifyDeps {
  config: Config;
  db: Db;
  shopify: ShopifyApi;
  clock?: Clock;
}

const needsAuth = (domain: string, why: string) =>
  new AppError({
    code: 'shopify_session_missing',
    status: 401,
    retryable: false,
    message: `No usable offline session for ${domain}: ${why}`,
  });

/** True when the session's access token is usable for at least `marginMs` more (or never expires). */
export function tokenIsFresh(session: Session, nowMs: number, marginMs = REFRESH_MARGIN_MS): boolean {
  if (!session.accessToken) return false;
  return !session.expires || session.expires.getTime() - marginMs > nowMs;
}

/** True when the refresh token can still mint a new access token. */
export function canRefresh(session: Session, nowMs: number): boolean {
  return (
    Boolean(session.refreshToken) &&
    (!session.refreshTokenExpires || session.refreshTokenExpires.getTime() > nowMs)
  );
}

/** Refreshes in flight, by shop id (one map per app). */
type Refreshing = Map<string, Promise<Session>>;

async function refresh(
  deps: ShopifyDeps,
  refreshing: Refreshing,
  shopId: string,
  session: Session,
): Promise<Session> {
  const pending = refreshing.get(shopId);
  if (pending) return pending;
  const p = (async () => {
    const { session: fresh } = await deps.shopify.auth.refreshToken({
      shop: session.shop,
      refreshToken: session.refreshToken!,
    });
    await storeSession(deps.db, shopId, fresh, deps.config.tokenEncryptionKey);
    logger.info({ shopId, expires: fresh.expires?.toISOString() }, 'refreshed offline access token');
    return fresh;
  })().finally(() => refreshing.delete(shopId));
  refreshing.set(shopId, p);
  return p;
}

/** A valid offline access token for the shop, refreshed first when it expires within five minutes. */
async function offlineAccessToken(
  deps: ShopifyDeps,
  refreshing: Refreshing,
  shopId: string,
): Promise<string> {
  const session = await loadOfflineSession(deps.db, shopId, deps.config.tokenEncryptionKey);
  if (!session?.accessToken) throw needsAuth(shopId, 'the app has no offline session for this shop');
  const nowMs = (deps.clock ?? systemClock).now().getTime();
  if (tokenIsFresh(session, nowMs)) return session.accessToken;
  if (!canRefresh(session, nowMs)) {
    if (tokenIsFresh(session, nowMs, 0)) return session.accessToken;
    throw needsAuth(session.shop, 'the access token expired and cannot be refreshed');
  }
  try {
    const fresh = await refresh(deps, refreshing, shopId, session);
    if (!fresh.accessToken) throw needsAuth(session.shop, 'the refresh returned no access token');
    return fresh.accessToken;
  } catch (err) {
    // Still valid for a little while: use it and refresh next time.
    if (tokenIsFresh(session, nowMs, 0)) {
      logger.warn({ err, shopId }, 'offline token refresh failed; using the current token until it expires');
      return session.accessToken;
    }
    throw err;
  }
}

/** One running app's Admin API access. */
export interface ShopifyAdmin {
  /** The app's Admin GraphQL client (one cost bucket per shop). */
  readonly graphql: AdminGraphql;
  /** A valid offline access token for the shop, refreshed first when it expires within five minutes. */
  offlineAccessToken(shopId: string): Promise<string>;
}

export function createShopifyAdmin(deps: ShopifyDeps): ShopifyAdmin {
  const refreshing: Refreshing = new Map();
  const credentials = async (shopId: string): Promise<ShopCredentials> => {
    const shop = await getShop(deps.db, shopId);
    if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });
    return { domain: shop.domain, accessToken: await offlineAccessToken(deps, refreshing, shopId) };
  };
  return {
    graphql: createAdminGraphql({ apiVersion: deps.config.shopify.apiVersion, credentials }),
    offlineAccessToken: (shopId) => offlineAccessToken(deps, refreshing, shopId),
  };
}
