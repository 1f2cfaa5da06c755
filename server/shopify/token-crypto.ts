// Access and refresh tokens at rest: AES-256-GCM with the configured 32-byte key. Stored as
// `v1:<iv b64>:<tag b64>:<ciphertext b64>`; the tag authenticates the ciphertext, so any tampering
// (or the wrong key) makes decryption fail instead of returning garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

function checkKey(key: Buffer): void {
  if (key.length !== 32) {
    throw new AppError({
      code: 'invalid_encryption_key',
      message: `Token encryption key must be 32 bytes (got ${key.length})`,
    });
  }
}

export function encryptToken(plaintext: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

const undecryptable = (why: string, cause?: unknown) =>
  new AppError({
    code: 'token_decryption_failed',
    message: `Stored token cannot be decrypted: ${why}`,
    cause,
  });

export function decryptToken(stored: string, key: Buffer): string {
  checkKey(key);
  const parts = stored.split(':');
  if (parts.length !== 4) throw undecryptable('not in v1:<iv>:<tag>:<ciphertext> format');
  const [version, ivB64, tagB64, dataB64] = parts as [string, string, string, string];
  if (version !== VERSION) throw undecryptable(`unknown format version ${JSON.stringify(version)}`);
  const iv = Buffer.from(ivB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw undecryptable('bad iv or tag length');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataB64, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch (err) {
    throw undecryptable('authentication failed (tampered data or wrong key)', err);
  }
}
