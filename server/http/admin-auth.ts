// Authenticates admin API calls and resolves the shop. Handlers read the shop id with shopIdOf(res)
// and nothing else. Production: `Authorization: Bearer <session token>` from App Bridge, verified with
// decodeSessionToken; a shop without a usable offline session is installed on the spot by token exchange
// (server/shopify/token-exchange.ts). Local mode: the demo shop, for loopback requests only.
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { AppError, assertNever } from '../errors.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';
import type { ShopifyApi } from '../shopify/shopify-api.js';
import { createInstaller } from '../shopify/token-exchange.js';
import { findShopByDomain } from '../shops/shop-repository.js';
import { DEMO_SHOP_DOMAIN } from '../local/demo-shop.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/** Who made the request, for audit trails: `user:<Shopify user id>`, or "merchant" (local mode). */
export function actorOf(res: Response): string {
  const actor = res.locals.actor as unknown;
  return typeof actor === 'string' ? actor : 'merchant';
}

export function shopIdOf(res: Response): string {
  const id = res.locals.shopId as unknown;
  if (typeof id !== 'string')
    throw new AppError({ code: 'unauthenticated', status: 401, message: 'No authenticated shop' });
  return id;
}

function unauthorized(res: Response, code: string, message: string, retryInvalidSession: boolean): void {
  if (retryInvalidSession) res.setHeader('X-Shopify-Retry-Invalid-Session-Request', '1');
  res.status(401).json({ error: { code, message } });
}

export interface AdminAuthDeps {
  config: Config;
  db: Db;
  shopify: ShopifyApi;
  /** The app's Admin GraphQL client (ShopifyAdmin.graphql), for the shop's details at install. */
  graphql: AdminGraphql;
  /** Called after a first install or a reinstall (token exchange created the shop's offline session). */
  onInstalled?: (shopId: string) => Promise<void>;
}

export function adminAuth(deps: AdminAuthDeps): RequestHandler {
  const { config, db, shopify } = deps;
  if (config.mode === 'local') {
    return async (req, res, next) => {
      if (!isLoopback(req.socket.remoteAddress)) {
        return unauthorized(
          res,
          'local_mode_loopback_only',
          'In local mode the admin API answers requests from this machine only',
          false,
        );
      }
      const shop = await findShopByDomain(db, DEMO_SHOP_DOMAIN);
      if (!shop)
        return unauthorized(
          res,
          'shop_not_installed',
          'The demo shop is not seeded (LOCAL_SEED=false)',
          false,
        );
      res.locals.shopId = shop.id;
      next();
    };
  }
  const installer = createInstaller(deps);
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      return unauthorized(
        res,
        'missing_session_token',
        'Authorization: Bearer <session token> is required',
        true,
      );
    const sessionToken = match[1]!;
    let domain: string | null;
    try {
      const payload = await shopify.session.decodeSessionToken(sessionToken);
      domain = shopify.utils.sanitizeShop(new URL(payload.dest).hostname);
      // Who acts, for audit trails (campaign_audit): the staff member's Shopify user id.
      res.locals.actor = payload.sub ? `user:${payload.sub}` : 'merchant';
    } catch {
      return unauthorized(res, 'invalid_session_token', 'The session token is invalid or expired', true);
    }
    if (!domain)
      return unauthorized(res, 'invalid_session_token', 'The session token names an invalid shop', true);
    const outcome = await installer.ensureInstalled(domain, sessionToken);
    switch (outcome.kind) {
      case 'ok':
        res.locals.shopId = outcome.shopId;
        return next();
      case 'exchange_rejected':
        return unauthorized(res, 'token_exchange_failed', outcome.message, true);
      default:
        return assertNever(outcome, 'install outcome');
    }
  };
}
