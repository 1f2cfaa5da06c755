// Compresses JSON API responses larger than a small threshold (brotli or gzip, by Accept-Encoding).
// Small bodies are sent as they are: compressing ~1 kB gains little and costs CPU on both ends.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { acceptedEncoding, varyOnAcceptEncoding, type ContentEncoding } from './content-encoding.js';

/** Bodies below this many bytes go uncompressed. */
export const JSON_COMPRESS_MIN_BYTES = 1024;

function compress(body: Buffer, encoding: ContentEncoding): Buffer {
  switch (encoding) {
    case 'br':
      // Quality 4: close to gzip -9 in size at a fraction of brotli's default (11) CPU cost, fit for per-request use.
      return brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      });
    case 'gzip':
      return gzipSync(body, { level: 6 });
  }
}

export function compressJson(minBytes = JSON_COMPRESS_MIN_BYTES): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const json = res.json.bind(res);
    res.json = (value?: unknown) => {
      varyOnAcceptEncoding(res);
      const encoding = acceptedEncoding(req);
      if (encoding === undefined || res.getHeader('Content-Encoding') !== undefined) return json(value);
      // Serialised as res.json does (the app's "json replacer" and "json spaces" settings).
      const text = JSON.stringify(value, req.app.get('json replacer'), req.app.get('json spaces'));
      const raw = Buffer.from(text ?? 'null', 'utf8');
      if (raw.length < minBytes) return json(value);
      const body = compress(raw, encoding);
      res.setHeader('Content-Encoding', encoding);
      if (!res.getHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
      return res.send(body);
    };
    next();
  };
}
