// Serves the built admin UI (dist/admin-ui) at /, with client-side routes falling back to index.html.
// In production, index.html gets App Bridge: the shopify-api-key meta tag and app-bridge.js from Shopify's CDN.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import type { Config } from '../config.js';
import { adminUiDist } from '../paths.js';
import { precompressedStatic } from './precompressed-static.js';

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function adminUiRoutes(config: Config): Router {
  const router = Router();
  const indexPath = join(adminUiDist, 'index.html');
  // Hashed files: cached for a year, served from the .br / .gz written at build time when the client accepts them.
  router.use('/assets', precompressedStatic(join(adminUiDist, 'assets')));
  let html: string | null = null;
  const page = (): string | null => {
    if (html === null && existsSync(indexPath)) {
      const appBridge =
        config.mode === 'production'
          ? `<meta name="shopify-api-key" content="${escapeAttr(config.shopify.apiKey ?? '')}" />\n    <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>`
          : '';
      html = readFileSync(indexPath, 'utf8').replace('<!--app-bridge-->', appBridge);
    }
    return html;
  };
  router.get(/^\/(?!api\/|webhooks\/|r\/|healthz|readyz).*/, (req, res, next) => {
    if (req.path !== '/' && /\.[a-z0-9]+$/i.test(req.path)) return next();
    const body = page();
    if (body === null) {
      res.status(503).type('text/plain').send('The admin UI is not built yet: run `npm run build`.');
      return;
    }
    res.type('html').setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return router;
}
