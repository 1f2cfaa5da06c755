// Classic OAuth for non-embedded installs: GET /auth?shop=… redirects to Shopify's grant screen (offline
// access), GET /auth/callback verifies the HMAC and state cookie, stores the offline session, installs the
// shop and redirects into the embedded app in the Shopify admin.
import { HttpResponseError, ShopifyError } from '@shopify/shopify-api';
import { Router, type Request } from 'express';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import { installShop } from './shop-install.js';
import type { TokenExchangeDeps } from './token-exchange.js';

export const AUTH_PATH = '/auth';
export const AUTH_CALLBACK_PATH = '/auth/callback';

function shopParam(deps: TokenExchangeDeps, req: Request): string {
  const raw = typeof req.query.shop === 'string' ? req.query.shop : '';
  const shop = raw ? deps.shopify.utils.sanitizeShop(raw) : null;
  if (!shop) {
    throw new AppError({
      code: 'invalid_shop',
      status: 400,
      message: 'The shop parameter must be a shop domain such as example.myshopify.com',
      fields: { shop: 'Invalid shop domain' },
    });
  }
  return shop;
}

/** Where to send the merchant after OAuth: the app inside the Shopify admin. */
async function embeddedAppUrl(deps: TokenExchangeDeps, req: Request, shop: string): Promise<string> {
  if (typeof req.query.host === 'string' && req.query.host) {
    return deps.shopify.auth.getEmbeddedAppUrl({ rawRequest: req });
  }
  const store = shop.replace(/\.myshopify\.com$/, '');
  const host = Buffer.from(`admin.shopify.com/store/${store}`).toString('base64').replace(/=+$/, '');
  return deps.shopify.auth.buildEmbeddedAppUrl(host);
}

export function oauthRoutes(deps: TokenExchangeDeps): Router {
  const router = Router();
  router.get(AUTH_PATH, async (req, res) => {
    const shop = shopParam(deps, req);
    await deps.shopify.auth.begin({
      shop,
      callbackPath: AUTH_CALLBACK_PATH,
      isOnline: false,
      rawRequest: req,
      rawResponse: res,
    });
  });
  router.get(AUTH_CALLBACK_PATH, async (req, res) => {
    const shop = shopParam(deps, req);
    let session;
    try {
      ({ session } = await deps.shopify.auth.callback({ rawRequest: req, rawResponse: res, expiring: true }));
    } catch (err) {
      if (err instanceof HttpResponseError) {
        throw new AppError({
          code: 'oauth_token_request_failed',
          status: 502,
          retryable: true,
          message: `Shopify did not issue an access token for ${shop}`,
          cause: err,
        });
      }
      if (err instanceof ShopifyError) {
        logger.warn({ shop, err: err.message }, 'OAuth callback rejected');
        throw new AppError({
          code: 'oauth_callback_invalid',
          status: 400,
          message: 'The OAuth callback is invalid or expired; start the installation again',
          cause: err,
        });
      }
      throw err;
    }
    const { shopId, freshInstall } = await installShop(deps, session);
    if (freshInstall && deps.onInstalled) {
      await deps
        .onInstalled(shopId)
        .catch((err: unknown) => logger.error({ err, shopId }, 'post-install hook failed'));
    }
    res.redirect(await embeddedAppUrl(deps, req, shop));
  });
  return router;
}
