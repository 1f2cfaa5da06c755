// Hashed assets are served from the .br / .gz files written at build time, by Accept-Encoding, with Vary and
// immutable caching; identity when the client accepts neither or no variant exists; nothing outside the directory.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { precompressedStatic } from '../../../server/http/precompressed-static.js';
import { rawRequest } from './raw-request.js';

const js = `export const x = "${'a'.repeat(4000)}";\n`;
const css = `.a{color:red}${'.b{margin:0}'.repeat(300)}`;
let dir: string;
let app: express.Express;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'textlane-assets-'));
  await writeFile(path.join(dir, 'index-abc123.js'), js);
  await writeFile(path.join(dir, 'index-abc123.js.br'), brotliCompressSync(js));
  await writeFile(path.join(dir, 'index-abc123.js.gz'), gzipSync(js));
  await writeFile(path.join(dir, 'only-gzip.css'), css);
  await writeFile(path.join(dir, 'only-gzip.css.gz'), gzipSync(css));
  await writeFile(path.join(dir, 'plain.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  app = express();
  app.use('/assets', precompressedStatic(dir));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const immutable = (cacheControl: string | undefined) => {
  expect(cacheControl).toMatch(/max-age=31536000/);
  expect(cacheControl).toMatch(/immutable/);
};

describe('precompressedStatic', () => {
  it('serves the .br file with the original type when brotli is accepted', async () => {
    const res = await rawRequest(app, '/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    immutable(res.headers['cache-control']);
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(js);
  });

  it('serves the .gz file when only gzip is accepted', async () => {
    const res = await rawRequest(app, '/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    immutable(res.headers['cache-control']);
    expect(gunzipSync(res.body).toString('utf8')).toBe(js);
  });

  it('falls back to the variant that exists (gzip) when brotli is preferred but missing', async () => {
    const res = await rawRequest(app, '/assets/only-gzip.css', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/text\/css/);
    expect(gunzipSync(res.body).toString('utf8')).toBe(css);
  });

  it('identity for a client without Accept-Encoding, still varying and immutable', async () => {
    const res = await rawRequest(app, '/assets/index-abc123.js');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    immutable(res.headers['cache-control']);
    expect(res.body.toString('utf8')).toBe(js);
  });

  it('a file with no compressed variant is served as is, without Vary', async () => {
    const res = await rawRequest(app, '/assets/plain.png', { 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toBeUndefined();
    expect(res.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('a missing asset is 404, and a path escaping the directory is not served', async () => {
    expect((await rawRequest(app, '/assets/nope-123.js', { 'accept-encoding': 'br' })).status).toBe(404);
    const escape = await rawRequest(app, '/assets/..%2f..%2fetc%2fpasswd', { 'accept-encoding': 'br' });
    expect([403, 404]).toContain(escape.status);
    expect(escape.body.toString('utf8')).not.toMatch(/root:/);
  });
});
