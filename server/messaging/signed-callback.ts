// The first steps every provider callback route shares: rebuild the request exactly as the provider
// addressed it (full URL, raw body), await verify(), and answer 401 (storing nothing) when it fails.
import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import type { Logger } from '../logger.js';
import type { ProviderSetup } from './provider-setup.js';
import type { ProviderRequest, SmsProvider } from './providers/types.js';

/** The full URL as the sender addressed it: APP_URL's origin in production, the request's own in local mode. */
export function receivedUrl(ctx: AppContext, req: Request): string {
  if (ctx.config.mode === 'production' && ctx.config.appUrl)
    return new URL(req.originalUrl, ctx.config.appUrl).toString();
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
}

/** The verified request and its provider, or null once a 401 has been sent. */
export async function verifiedCallback(
  ctx: AppContext,
  setup: ProviderSetup,
  req: Request,
  res: Response,
  log: Logger,
  what: string,
): Promise<{ request: ProviderRequest; provider: SmsProvider } | null> {
  const request: ProviderRequest = {
    method: req.method,
    url: receivedUrl(ctx, req),
    headers: req.headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
  const provider = await setup.statusProvider();
  const verified = await provider.verify(request);
  if (!verified.ok) {
    log.warn({ reason: verified.reason }, `${what} with a bad signature refused`);
    res.status(401).json({ error: { code: 'invalid_signature', message: 'Signature verification failed' } });
    return null;
  }
  return { request, provider };
}
