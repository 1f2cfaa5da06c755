// JSON API responses above the threshold are compressed by Accept-Encoding (brotli first), with Vary;
// small ones and clients that accept no encoding get identity.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { compressJson, JSON_COMPRESS_MIN_BYTES } from '../../../server/http/compress-json.js';
import { rawRequest } from './raw-request.js';

const big = {
  rows: Array.from({ length: 200 }, (_, i) => ({ id: i, phone: `+1415555${String(i).padStart(4, '0')}` })),
};
const small = { ok: true };

function app() {
  const a = express();
  a.use(compressJson());
  a.get('/big', (_req, res) => void res.json(big));
  a.get('/small', (_req, res) => void res.json(small));
  a.get('/created', (_req, res) => void res.status(201).json(big));
  a.get('/text', (_req, res) => void res.type('text').send('x'.repeat(5000)));
  return a;
}

describe('compressJson', () => {
  it('the large body really is above the threshold and the small one below', () => {
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(JSON_COMPRESS_MIN_BYTES);
    expect(Buffer.byteLength(JSON.stringify(small))).toBeLessThan(JSON_COMPRESS_MIN_BYTES);
  });

  it('brotli when accepted, even listed after gzip as browsers do', async () => {
    const res = await rawRequest(app(), '/big', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(JSON.stringify(big)));
    expect(JSON.parse(brotliDecompressSync(res.body).toString('utf8'))).toEqual(big);
  });

  it('gzip when brotli is not accepted (or refused with q=0), keeping the status', async () => {
    for (const header of ['gzip', 'br;q=0, gzip']) {
      const res = await rawRequest(app(), '/created', { 'accept-encoding': header });
      expect(res.status).toBe(201);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(JSON.parse(gunzipSync(res.body).toString('utf8'))).toEqual(big);
    }
  });

  it('identity for a client without Accept-Encoding, or accepting only identity', async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'gzip;q=0, br;q=0' },
    ];
    for (const headers of cases) {
      const res = await rawRequest(app(), '/big', headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(JSON.parse(res.body.toString('utf8'))).toEqual(big);
    }
  });

  it('small responses go uncompressed, still with Vary', async () => {
    const res = await rawRequest(app(), '/small', { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual(small);
  });

  it('leaves non-JSON responses (CSV exports, text) alone', async () => {
    const res = await rawRequest(app(), '/text', { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toBe('x'.repeat(5000));
  });
});
