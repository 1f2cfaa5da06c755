// The /api JSON body parser. PostgreSQL text and jsonb cannot hold U+0000, so a NUL character anywhere in
// the body (a value or a key) is refused while parsing, with a 400 naming the field, instead of reaching a
// query and failing there as a 500 (found by `npm run fuzz`).
import express, { type RequestHandler } from 'express';

/** Thrown by the parser; body-parser passes this very object on (with status 400) to the error handler. */
export class NulCharacterError extends Error {
  constructor(key: string) {
    super(
      key === ''
        ? 'The request body contains a NUL character (\\u0000), which cannot be stored'
        : `The request body contains a NUL character (\\u0000) in "${key.replaceAll('\u0000', '\\u0000')}", which cannot be stored`,
    );
  }
}

export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    strict: false,
    reviver: (key: string, value: unknown) => {
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000')))
        throw new NulCharacterError(key);
      return value;
    },
  });
}
