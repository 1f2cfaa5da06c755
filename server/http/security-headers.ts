// Headers on every response (the HTML ones are what matters): the admin UI may be framed only by the
// Shopify admin of the shop it is loaded for, content types are not sniffed, and full URLs (which carry
// Shopify's id_token and host parameters) never leak to other sites in the Referer.
import type { RequestHandler } from 'express';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The CSP frame-ancestors value for a request's `shop` query parameter; 'none' when it names no valid shop. */
export function frameAncestors(shop: unknown): string {
  if (typeof shop !== 'string') return "frame-ancestors 'none'";
  const domain = shop.trim().toLowerCase();
  if (!SHOP_DOMAIN.test(domain)) return "frame-ancestors 'none'";
  return `frame-ancestors https://${domain} https://admin.shopify.com`;
}

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', frameAncestors(req.query.shop));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', REFERRER_POLICY);
    next();
  };
}
