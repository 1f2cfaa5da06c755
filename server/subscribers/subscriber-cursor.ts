// Cursors of the subscribers API's pages (list and a subscriber's messages): newest first by creation time,
// ties by id. A cursor this API did not make is a 400, never a database error.
import { and, eq, lt, or, type Column, type SQL } from 'drizzle-orm';
import { AppError } from '../errors.js';

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** A subscriber id (and a cursor's id) as PostgreSQL can take it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a cursor made by encodeCursor; anything else (including one PostgreSQL could not take) is a 400. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  const year = createdAt.getUTCFullYear();
  if (rest.length > 0 || !id || !UUID.test(id) || Number.isNaN(year) || year < 1970 || year > 9999) {
    throw new AppError({
      code: 'validation_failed',
      status: 400,
      message: 'Invalid request: cursor: not a cursor returned by this API',
      fields: { cursor: 'not a cursor returned by this API' },
    });
  }
  return { createdAt, id };
}

/** Rows of the page after `cursor` (newest first): created earlier, or at the same instant with a smaller id. */
export function afterCursor(cursor: string, createdAt: Column, id: Column): SQL {
  const c = decodeCursor(cursor);
  return or(lt(createdAt, c.createdAt), and(eq(createdAt, c.createdAt), lt(id, c.id)))!;
}

/** A page from the `limit + 1` rows read: the first `limit` as views, and a cursor to the rest if there is more. */
export function pageOf<R extends { createdAt: Date; id: string }, V>(
  rows: R[],
  limit: number,
  view: (row: R) => V,
): { items: V[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
