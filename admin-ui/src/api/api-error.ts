// The typed error every failed API call rejects with; mirrors the server's ApiErrorBody.
import type { ApiErrorBody } from '../../../server/contracts/index.js';

export class ApiError extends Error {
  /** HTTP status; 0 when the request never got a response. */
  readonly status: number;
  readonly code: string;
  /** Validation messages by field name (dot-joined path); empty when the error is not about fields. */
  readonly fields: Record<string, string>;

  constructor(opts: { status: number; code: string; message: string; fields?: Record<string, string> }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.fields = opts.fields ?? {};
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  const { code, message, fields } = value.error;
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    (fields === undefined || isStringRecord(fields))
  );
}

/** Builds the ApiError for a non-2xx response from its (possibly non-JSON) body. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError({
      status,
      code: body.error.code,
      message: body.error.message,
      fields: body.error.fields,
    });
  }
  return new ApiError({
    status,
    code: `http_${status}`,
    message: `The request failed (HTTP ${status}). Please try again.`,
  });
}
