// Content negotiation for compressed responses: which encoding a request accepts (brotli preferred, then gzip).
import type { Request, Response } from 'express';

export type ContentEncoding = 'br' | 'gzip';

/**
 * The first of `offered` the client accepts (`q=0` refuses one); undefined means identity
 * (no Accept-Encoding header, or none of them accepted).
 */
export function acceptedEncoding(
  req: Request,
  offered: readonly ContentEncoding[] = ['br', 'gzip'],
): ContentEncoding | undefined {
  if (req.headers['accept-encoding'] === undefined || offered.length === 0) return undefined;
  // Our order, not the header's: browsers send `gzip, deflate, br`, and brotli is the smaller one.
  return offered.find((encoding) => req.acceptsEncodings(encoding) === encoding);
}

/** Caches must key the response on Accept-Encoding (appends to any Vary already set). */
export function varyOnAcceptEncoding(res: Response): void {
  const current = res.getHeader('Vary');
  const existing = typeof current === 'string' ? current : Array.isArray(current) ? current.join(', ') : '';
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(existing)) return;
  res.setHeader('Vary', existing === '' ? 'Accept-Encoding' : `${existing}, Accept-Encoding`);
}
