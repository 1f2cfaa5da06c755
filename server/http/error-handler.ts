// Central error handler: every error leaves as JSON {error: {code, message}}; bad bodies are 4xx, never 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isAppError } from '../errors.js';
import { logger } from '../logger.js';
import { NulCharacterError } from './json-body.js';
import type { ApiErrorBody } from '../contracts/index.js';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ApiErrorBody = {
    error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` },
  };
  res.status(404).json(body);
};

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  const send = (status: number, body: ApiErrorBody) => res.status(status).json(body);
  if (isAppError(err)) {
    if (err.status >= 500) logger.error({ err, path: req.path }, 'request failed');
    return send(err.status, {
      error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) },
    });
  }
  const bp = err as BodyParserError;
  if (err instanceof NulCharacterError)
    return send(400, { error: { code: 'invalid_json', message: err.message } });
  switch (bp?.type) {
    case 'entity.parse.failed':
      return send(400, { error: { code: 'invalid_json', message: 'The request body is not valid JSON' } });
    case 'entity.too.large':
      return send(413, {
        error: {
          code: 'payload_too_large',
          message: `The request body is larger than the ${bp.limit ?? ''} byte limit`.replace('  ', ' '),
        },
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return send(415, { error: { code: 'unsupported_encoding', message: bp.message } });
    case 'request.aborted':
      return send(400, {
        error: { code: 'request_aborted', message: 'The request was aborted by the client' },
      });
    default:
      break;
  }
  if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500) {
    return send(bp.status, { error: { code: 'bad_request', message: bp.message } });
  }
  logger.error({ err, path: req.path, method: req.method }, 'unhandled error');
  return send(500, { error: { code: 'internal', message: 'Internal server error' } });
};
