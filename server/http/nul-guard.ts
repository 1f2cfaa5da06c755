// PostgreSQL text cannot hold U+0000: an /api query string carrying one (%00) is answered 400 naming the
// parameter before any route reads it, instead of failing in a query as a 500 (found by `npm run fuzz`).
import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const found = k.includes('\u0000') ? path : nulPath(v, path === '' ? k : `${path}.${k}`);
      if (found !== null) return found;
    }
  return null;
}

export function rejectNulInQuery(): RequestHandler {
  return (req, _res, next) => {
    const where = nulPath(req.query, '');
    if (where === null) return next();
    next(
      new AppError({
        code: 'validation_failed',
        status: 400,
        message: `Invalid query: ${where || 'a parameter name'} contains a NUL character (%00)`,
        fields: { [where || 'query']: 'contains a NUL character (%00)' },
      }),
    );
  };
}
