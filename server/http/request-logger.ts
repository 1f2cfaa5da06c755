// One structured log line per request, at debug for health checks.
import type { RequestHandler } from 'express';
import { logger } from '../logger.js';

export function requestLogger(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const quiet = req.path === '/healthz' || req.path === '/readyz' || req.path.startsWith('/assets/');
      const line = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else if (quiet) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
