// Short link codes: random base62 from the OS CSPRNG, 8 characters (62^8 ≈ 2.2 × 10^14 codes), so
// codes cannot be guessed or enumerated. Rejection sampling keeps every character uniform.
import { randomBytes } from 'node:crypto';

export const SHORT_CODE_LENGTH = 8;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 248 = 4 × 62: bytes at or above it are discarded so that `byte % 62` is unbiased.
const UNBIASED_LIMIT = 248;

/** Codes we accept on /r/:code (older or longer codes stay valid; anything else is a 404 without a query). */
export const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{7,16}$/;

// Random bytes are drawn from the CSPRNG in blocks (as nanoid does): one system call per ~500 codes.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

export function generateShortCode(length = SHORT_CODE_LENGTH): string {
  let code = '';
  while (code.length < length) {
    const byte = randomByte();
    if (byte < UNBIASED_LIMIT) code += ALPHABET[byte % 62];
  }
  return code;
}

/** `https://sms.example.com/r/<code>`; the base may carry a path prefix, a trailing slash is ignored. */
export function shortUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/r/${code}`;
}

/** Characters of any short URL on this base: what a tracked link costs in a message. */
export function shortUrlLength(baseUrl: string): number {
  return shortUrl(baseUrl, 'x'.repeat(SHORT_CODE_LENGTH)).length;
}
