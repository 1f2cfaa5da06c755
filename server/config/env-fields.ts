// Building blocks of the environment schema (server/config.ts): an empty variable counts as unset, integers
// with a default and bounds, and the formats that need a check of their own.
import { z } from 'zod';

export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
export const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

export const postgresUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname.length > 0;
      } catch {
        return false;
      }
    }, 'must be a postgres:// or postgresql:// URL such as postgres://user@127.0.0.1:5432/app')
    .optional(),
);

export const base64Key32 = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes encoded as base64 (openssl rand -base64 32)',
    )
    .optional(),
);
