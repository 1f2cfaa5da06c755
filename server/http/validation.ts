// Turns zod failures into our 400 JSON error with a message naming each bad field.
import type { z } from 'zod';
import { AppError } from '../errors.js';

export function validationError(error: z.ZodError, what = 'request'): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (!(key in fields))
      fields[key] =
        issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message;
  }
  const summary = Object.entries(fields)
    .map(([k, m]) => (k === '_' ? m : `${k}: ${m}`))
    .join('; ');
  return new AppError({
    code: 'validation_failed',
    status: 400,
    message: `Invalid ${what}: ${summary}`,
    fields,
  });
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what?: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error, what);
  return r.data;
}
