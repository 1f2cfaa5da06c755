// The first steps every provider callback route shares: rebuild the request exactly as the provider
// addressed it (full URL, raw body), await verify(), and answer 401 (storing nothing) when it fails. The
// verified token is recorded by the route, in its processing transaction (replay-guard.ts); a failure of
// that transaction is an outage (503, so the provider retries), never a 401 or a 500.
import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ProviderSetup } from './provider-setup.js';
import type { ProviderRequest, ReplayToken, SmsProvider } from './providers/types.js';
import type { Guarded } from './replay-guard.js';

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
): Promise<{ request: ProviderRequest; provider: SmsProvider; replayToken: ReplayToken } | null> {
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
  return { request, provider, replayToken: verified.replayToken };
}

/** Answers 401 for a replayed token (already processed); true when it did. */
export function refusedAsReplay(
  res: Response,
  log: Logger,
  what: string,
  guarded: Guarded<unknown>,
): guarded is { kind: 'replayed'; jti: string } {
  if (guarded.kind !== 'replayed') return false;
  log.warn({ jti: guarded.jti }, `${what} replayed (token already processed): refused`);
  res.status(401).json({
    error: {
      code: 'invalid_signature',
      message: `Signature verification failed: replayed token (jti ${guarded.jti})`,
    },
  });
  return true;
}

/**
 * Processing (and the token's record with it) failed on the database or another dependency: 503, so the
 * provider retries, and the retry is not refused as a replay (the rollback took the record). A 4xx
 * AppError passes through as it is.
 */
export function callbackUnavailable(err: unknown, what: string): AppError {
  if (isAppError(err) && err.status < 500) return err;
  return new AppError({
    code: 'service_unavailable',
    status: 503,
    retryable: true,
    message: `Could not process the ${what} now; retry later`,
    cause: err,
  });
}
