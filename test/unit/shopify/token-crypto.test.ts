// Tokens at rest: AES-256-GCM round trip, fresh IV per encryption, and authenticated (any change to
// the stored value, or the wrong key, is an error rather than garbage).
import { randomBytes } from 'node:crypto';
import { decryptToken, encryptToken } from '../../../server/shopify/token-crypto.js';
import { isAppError } from '../../../server/errors.js';

const key = randomBytes(32);
const token = 'shpat_0123456789abcdef0123456789abcdef';

function expectDecryptFailure(stored: string, k: Buffer = key): void {
  try {
    decryptToken(stored, k);
  } catch (err) {
    expect(isAppError(err)).toBe(true);
    expect((err as { code: string }).code).toBe('token_decryption_failed');
    return;
  }
  throw new Error('decryption unexpectedly succeeded');
}

describe('token crypto', () => {
  it('round-trips and uses the v1:<iv>:<tag>:<ciphertext> format without the plaintext', () => {
    const stored = encryptToken(token, key);
    const parts = stored.split(':');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    expect(Buffer.from(parts[1]!, 'base64')).toHaveLength(12);
    expect(Buffer.from(parts[2]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[3]!, 'base64')).toHaveLength(Buffer.byteLength(token));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(Buffer.from(token).toString('base64'));
    expect(decryptToken(stored, key)).toBe(token);
  });

  it('uses a fresh IV each time', () => {
    const a = encryptToken(token, key);
    const b = encryptToken(token, key);
    expect(a).not.toBe(b);
    expect(decryptToken(a, key)).toBe(decryptToken(b, key));
  });

  it('round-trips unicode and empty strings', () => {
    expect(decryptToken(encryptToken('', key), key)).toBe('');
    expect(decryptToken(encryptToken('ключ🔑', key), key)).toBe('ключ🔑');
  });

  it('rejects a tampered ciphertext, tag or iv', () => {
    const [v, iv, tag, data] = encryptToken(token, key).split(':') as [string, string, string, string];
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0] = buf[0]! ^ 0x01;
      return buf.toString('base64');
    };
    expectDecryptFailure([v, iv, tag, flip(data)].join(':'));
    expectDecryptFailure([v, iv, flip(tag), data].join(':'));
    expectDecryptFailure([v, flip(iv), tag, data].join(':'));
  });

  it('rejects the wrong key, an unknown version and malformed values', () => {
    const stored = encryptToken(token, key);
    expectDecryptFailure(stored, randomBytes(32));
    expectDecryptFailure(stored.replace(/^v1:/, 'v2:'));
    expectDecryptFailure('not-encrypted');
    expectDecryptFailure('v1:AAAA:BBBB:CCCC');
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => encryptToken(token, randomBytes(16))).toThrow(/32 bytes/);
  });
});
