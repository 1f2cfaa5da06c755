// Shopify-managed installation: when an admin request arrives with a valid session token but the app has
// no usable offline session for the shop (first install, reinstall, lost or unrefreshable token), the
// session token is exchanged for an expiring offline access token (with refresh token), and the shop is
// installed. Concurrent requests for the same shop to one app share one exchange (the map lives in the
// installer adminAuth creates per app).
import { HttpResponseError, RequestedTokenType } from '@shopify/shopify-api';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import { findShopByDomain } from '../shops/shop-repository.js';
import type { AdminGraphql } from './admin-graphql.js';
import { canRefresh, tokenIsFresh, type ShopifyDeps } from './offline-token.js';
import { loadOfflineSession } from './session-repository.js';
import { installShop } from './shop-install.js';

export type InstallOutcome = { kind: 'ok'; shopId: string } | { kind: 'exchange_rejected'; message: string };

export interface TokenExchangeDeps extends ShopifyDeps {
  /** The app's Admin GraphQL client (ShopifyAdmin.graphql), for the shop's details at install. */
  graphql: AdminGraphql;
  onInstalled?: (shopId: string) => Promise<void>;
}

/** The shop's id if it is installed with a usable offline session; null if a token exchange is needed. */
async function installedShopId(deps: ShopifyDeps, domain: string): Promise<string | null> {
  const shop = await findShopByDomain(deps.db, domain);
  if (!shop || shop.uninstalledAt) return null;
  const session = await loadOfflineSession(deps.db, shop.id, deps.config.tokenEncryptionKey);
  if (!session) return null;
  const nowMs = Date.now();
  return tokenIsFresh(session, nowMs, 0) || canRefresh(session, nowMs) ? shop.id : null;
}

async function exchangeAndInstall(
  deps: TokenExchangeDeps,
  domain: string,
  sessionToken: string,
): Promise<InstallOutcome> {
  let session;
  try {
    ({ session } = await deps.shopify.auth.tokenExchange({
      shop: domain,
      sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    }));
  } catch (err) {
    if (err instanceof HttpResponseError && err.response.code >= 400 && err.response.code < 500) {
      logger.warn({ shop: domain, status: err.response.code }, 'token exchange rejected');
      return {
        kind: 'exchange_rejected',
        message: 'Shopify rejected the session token exchange; reload the app',
      };
    }
    throw new AppError({
      code: 'token_exchange_unavailable',
      status: 503,
      retryable: true,
      message: `Token exchange with ${domain} failed`,
      cause: err,
    });
  }
  const { shopId, freshInstall } = await installShop(deps, session);
  if (freshInstall && deps.onInstalled) {
    try {
      await deps.onInstalled(shopId);
    } catch (err) {
      logger.error({ err, shopId }, 'post-install hook failed');
    }
  }
  return { kind: 'ok', shopId };
}

export interface Installer {
  /** Resolves the shop for an authenticated session token, installing it by token exchange when needed. */
  ensureInstalled(domain: string, sessionToken: string): Promise<InstallOutcome>;
}

export function createInstaller(deps: TokenExchangeDeps): Installer {
  const inFlight = new Map<string, Promise<InstallOutcome>>();
  return {
    async ensureInstalled(domain, sessionToken) {
      const shopId = await installedShopId(deps, domain);
      if (shopId) return { kind: 'ok', shopId };
      const pending = inFlight.get(domain);
      if (pending) return pending;
      const p = exchangeAndInstall(deps, domain, sessionToken).finally(() => inFlight.delete(domain));
      inFlight.set(domain, p);
      return p;
    },
  };
}
