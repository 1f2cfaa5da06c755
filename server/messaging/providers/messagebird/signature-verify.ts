// Verification of MessageBird's signed webhooks (header MessageBird-Signature-JWT).
//
// The token is an HS256/384/512 JWT signed with the account's signing key, issuer "MessageBird",
// with nbf/exp, a unique jti, url_hash = sha256 hex of the full request URL and, when the request
// has a body, payload_hash = sha256 hex of the raw body. The SDK's `verify` checks all of that
// (it is tested against MessageBird's reference vectors); its Express middleware does not await
// the check and so fails open, which is why we call `verify` ourselves and treat any rejection as
// not ok. On top of the SDK we require `exp` (so a replay record can expire). Verification touches no
// storage: it returns the token's jti, which the route records in the same transaction as the
// processing (replay-guard.ts), so only authentic tokens are recorded and a failed attempt leaves no
// trace that would refuse the provider's retry.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { verify as sdkVerify } from 'messagebird/lib/webhook-signature-jwt.js';
import { AppError } from '../../../errors.js';
import type { ProviderRequest, VerifyResult } from '../types.js';
import { headerValue } from './webhook-params.js';

export const SIGNATURE_HEADER = 'MessageBird-Signature-JWT';
const CLOCK_TOLERANCE_SECONDS = 5;

export interface SignatureVerifierDeps {
  signingKey: string;
  now?: () => Date;
}

function decodeClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function createSignatureVerifier(
  deps: SignatureVerifierDeps,
): (req: ProviderRequest) => Promise<VerifyResult> {
  if (deps.signingKey.length === 0)
    throw new AppError({ code: 'config_invalid', message: 'MessageBird signing key is empty' });
  const key: KeyObject = createSecretKey(Buffer.from(deps.signingKey, 'utf8'));
  const now = deps.now ?? (() => new Date());

  return async function verify(req: ProviderRequest): Promise<VerifyResult> {
    const raw = req.headers[SIGNATURE_HEADER.toLowerCase()] ?? headerValue(req.headers, SIGNATURE_HEADER);
    if (raw === undefined || raw === '') return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
    if (Array.isArray(raw))
      return { ok: false, reason: `expected one ${SIGNATURE_HEADER} header, got ${raw.length}` };
    const token = raw.trim();
    try {
      await sdkVerify(req.url, req.rawBody, token, key, {
        validateUrl: true,
        validatePayload: true,
        jwtVerifyOptions: {
          issuer: 'MessageBird',
          algorithms: ['HS256', 'HS384', 'HS512'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: now(),
        },
        jwtVerifyJti: (jti) => typeof jti === 'string' && jti.length > 0,
      });
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : 'invalid signature' };
    }
    // Signature verified above, so these claims are authentic.
    const claims = decodeClaims(token);
    const jti = claims?.jti;
    const exp = claims?.exp;
    if (typeof jti !== 'string') return { ok: false, reason: 'invalid signature: missing jti claim' };
    if (typeof exp !== 'number' || !Number.isFinite(exp))
      return { ok: false, reason: 'invalid signature: missing exp claim' };
    return { ok: true, replayToken: { jti, expiresAt: new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000) } };
  };
}
