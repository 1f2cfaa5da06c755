// GET /r/:code — public, no authentication. Resolves a tracked link, records the click (link-preview
// bots such as iMessage, WhatsApp, Slack, Facebook, Twitter, Telegram, Discord and crawlers are flagged
// with `is_bot`, and so are requests without a user agent and HEAD probes), then redirects (302) to the
// target with UTM parameters. An unknown or malformed code gets a small HTML 404 page. Clicks are rate
// limited per IP and code (click-limiter.ts): over the limit they still redirect but are not recorded.
import { Router, type Response } from 'express';
import { isbot } from 'isbot';
import type { Clock } from '../../clock.js';
import type { DbOrTx } from '../../db/transaction.js';
import type { ClickLimiter } from './click-limiter.js';
import { resolveAndRecordClick, resolveLink } from './link-repository.js';
import { LINK_NOT_FOUND_HTML } from './not-found-page.js';
import { SHORT_CODE_PATTERN } from './short-codes.js';
import { appendUtm } from './utm.js';

/** Longest user agent stored with a click. */
export const MAX_USER_AGENT_LENGTH = 512;

function notFound(res: Response): void {
  res.status(404).type('html').setHeader('Cache-Control', 'no-store');
  res.send(LINK_NOT_FOUND_HTML);
}

export function isPreviewBot(userAgent: string | null, method: string): boolean {
  return method === 'HEAD' || !userAgent || isbot(userAgent);
}

export function linkRedirectRoutes(deps: { db: DbOrTx; clock: Clock; clickLimiter: ClickLimiter }): Router {
  const router = Router();
  router.get('/r/:code', async (req, res) => {
    const code = req.params.code;
    if (!SHORT_CODE_PATTERN.test(code)) return notFound(res);
    const rawAgent = req.get('user-agent')?.trim() || null;
    const userAgent = rawAgent ? rawAgent.slice(0, MAX_USER_AGENT_LENGTH) : null;
    const at = deps.clock.now();
    // Over the limit for this IP and code: still redirected, not counted.
    const counted = deps.clickLimiter.take(
      req.ip ?? req.socket.remoteAddress ?? 'unknown',
      code,
      at.getTime(),
    );
    const link = counted
      ? await resolveAndRecordClick(deps.db, code, {
          userAgent,
          isBot: isPreviewBot(rawAgent, req.method),
          at,
        })
      : await resolveLink(deps.db, code);
    if (!link) return notFound(res);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.redirect(302, appendUtm(link.url, link.utm));
  });
  // /r, /r/ and /r/a/b: the same friendly page rather than the API's JSON 404.
  router.get(/^\/r(?:\/.*)?$/, (_req, res) => notFound(res));
  return router;
}
