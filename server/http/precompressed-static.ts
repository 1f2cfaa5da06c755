// Serves the admin UI's hashed assets with the .br / .gz files the build writes next to each one
// (admin-ui/vite.config.ts), chosen by Accept-Encoding, with Vary and a year of immutable caching.
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { acceptedEncoding, varyOnAcceptEncoding } from './content-encoding.js';

const SUFFIX = { br: '.br', gzip: '.gz' } as const;

export function precompressedStatic(dir: string): RequestHandler {
  const plain = express.static(dir, { immutable: true, maxAge: '1y', fallthrough: false, index: false });
  const root = normalize(dir + sep);
  // Which compressed variants exist, per asset; the hashed files never change while the process runs.
  const variants = new Map<string, boolean>();
  const exists = (file: string): boolean => {
    let found = variants.get(file);
    if (found === undefined) {
      found = existsSync(file);
      variants.set(file, found);
    }
    return found;
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(req, res, next);
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return plain(req, res, next);
    }
    const file = normalize(join(root, relative));
    // Compressed files themselves, and anything outside the directory, go to express.static (404 / 403).
    if (!file.startsWith(root) || file.endsWith('.br') || file.endsWith('.gz') || !exists(file)) {
      return plain(req, res, next);
    }
    const available = (['br', 'gzip'] as const).filter((encoding) => exists(file + SUFFIX[encoding]));
    if (available.length > 0) varyOnAcceptEncoding(res);
    const encoding = acceptedEncoding(req, available);
    if (encoding === undefined) return plain(req, res, next);

    // The type is the original file's (send() keeps a Content-Type already set).
    res.type(extname(file));
    res.setHeader('Content-Encoding', encoding);
    res.sendFile(file + SUFFIX[encoding], { immutable: true, maxAge: '1y' }, (error) => {
      if (error) next(error);
    });
  };
}
