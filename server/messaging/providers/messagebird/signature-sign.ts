// Produces MessageBird-style webhook signatures (HS256 JWT with url_hash/payload_hash). Used by the
// simulator and tests so that local traffic goes through the exact verification path MessageBird
// traffic does. Written with node:crypto only; verification uses the SDK, so each checks the other.
import { createHash, createHmac, randomUUID } from 'node:crypto';

export interface SignRequestInput {
  /** Full absolute URL the request is sent to, including the query. */
  url: string;
  /** Raw body bytes; empty or absent for bodiless requests (no payload_hash claim then). */
  body?: Buffer | string;
  signingKey: string;
  now?: Date;
  ttlSeconds?: number;
  jti?: string;
}

const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function signMessageBirdRequest(input: SignRequestInput): string {
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const claims: Record<string, string | number> = {
    iss: 'MessageBird',
    nbf: nowSeconds,
    exp: nowSeconds + (input.ttlSeconds ?? 60),
    jti: input.jti ?? randomUUID(),
    url_hash: sha256Hex(input.url),
  };
  const body = input.body ?? '';
  if (body.length > 0) claims.payload_hash = sha256Hex(body);
  const signingInput = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  const signature = createHmac('sha256', Buffer.from(input.signingKey, 'utf8'))
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}
