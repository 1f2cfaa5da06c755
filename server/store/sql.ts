// Small builders for parameterised SQL used by the store mirror (and the privacy handlers): every value travels as
// a bind parameter (arrays and row sets as one JSON or array-literal parameter, so statements stay
// set-based whatever the number of rows).
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';

const DIGITS = /^\d+$/;

/** A bigint[] parameter from Shopify ids (digit strings). Throws on anything else: ids come from validated payloads. */
export function bigintArray(ids: readonly string[]): SQL {
  for (const id of ids) {
    if (!DIGITS.test(id)) throw new TypeError(`not a numeric id: ${JSON.stringify(id)}`);
  }
  return sql`${`{${ids.join(',')}}`}::bigint[]`;
}

/** A jsonb parameter. */
export function jsonb(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/** A text[] parameter (any characters: passed as JSON, unpacked in SQL). */
export function textArray(values: readonly string[]): SQL {
  return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::text[]`;
}

/** A timestamptz parameter from an ISO 8601 string, a Date or nothing. */
export function timestamptz(value: string | Date | null | undefined): SQL {
  const iso = value instanceof Date ? value.toISOString() : (value ?? null);
  return sql`${iso}::timestamptz`;
}

const ALIAS = /^[a-z_]+$/;

/**
 * The version rule of the mirror upserts (orders, customers, checkouts), as the WHERE of an
 * INSERT ... ON CONFLICT DO UPDATE whose target table is aliased `alias`. Shopify: "use triggered_at
 * and updated_at so older data never overwrites newer". A write applies when
 *   - its shopify_updated_at is newer than the stored one, or
 *   - it is equal and its source_triggered_at (the delivery's X-Shopify-Triggered-At) is not older than
 *     the stored one: two deliveries of the same version with different content end with the one
 *     Shopify triggered last, whatever the arrival order. Equal triggered_at (a redelivery) applies.
 * An unknown triggered_at (NULL: bulk backfill, demo seed, a delivery without the header) takes no part
 * in the tie-break: on equal updated_at a NULL on either side applies, as before triggered_at was
 * stored (so a stored NULL loses to any delivery of the same version, and the backfill still refreshes
 * what webhooks leave out, such as tags and product types). A NULL never erases a known triggered_at of
 * the same version (see sourceTriggeredAtAfterWrite), so a late retry of an older event still loses.
 * An older updated_at never applies, whatever its triggered_at.
 */
export function notOlderThanStored(alias: string): SQL {
  if (!ALIAS.test(alias)) throw new TypeError(`not a table alias: ${JSON.stringify(alias)}`);
  return sql.raw(
    `(excluded.shopify_updated_at > ${alias}.shopify_updated_at OR (excluded.shopify_updated_at = ${alias}.shopify_updated_at ` +
      `AND (excluded.source_triggered_at >= ${alias}.source_triggered_at) IS NOT FALSE))`,
  );
}

/**
 * source_triggered_at after a write that passed notOlderThanStored: the incoming one for a newer
 * version (even NULL: the stored one belonged to an older version); for the same version, the newest
 * known (an incoming NULL keeps the stored one).
 */
export function sourceTriggeredAtAfterWrite(alias: string): SQL {
  if (!ALIAS.test(alias)) throw new TypeError(`not a table alias: ${JSON.stringify(alias)}`);
  return sql.raw(
    `CASE WHEN excluded.shopify_updated_at > ${alias}.shopify_updated_at THEN excluded.source_triggered_at ` +
      `ELSE COALESCE(excluded.source_triggered_at, ${alias}.source_triggered_at) END`,
  );
}

/** Runs a statement and returns its rows typed as T (the caller states the columns its SQL selects). */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute<T>(query);
  return result.rows as T[];
}

/** Runs a statement and returns the number of rows it affected. */
export async function execute(db: DbOrTx, query: SQL): Promise<number> {
  const result = await db.execute(query);
  return result.rowCount ?? 0;
}

/** Rows sorted by their numeric (digit string) id, ascending. */
export function byNumericId<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Distinct non-null values, in first-seen order. */
export function distinct<T>(values: ReadonlyArray<T | null | undefined>): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid[] parameter. Throws on a malformed id. */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) {
    if (!UUID.test(id)) throw new TypeError(`not a uuid: ${JSON.stringify(id)}`);
  }
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
