// The fan-out's audience as a stream of pages. The audience query runs ONCE per fan-out run (from the
// committed cursor on): a server-side cursor WITH HOLD on the fan-out's own connection materialises its
// result in the database (in work_mem, then a temporary file), and each page is a FETCH of the next rows.
// Reading page k never recomputes the segments, so the cost of a fan-out is linear in its audience (paging
// the query itself with LIMIT after a keyset cursor evaluated every included and excluded segment over the
// whole shop for every page: quadratic). The next page is fetched while the caller processes the current one,
// so at most two pages are in memory. The cursor lives as long as the connection: a crashed worker's is gone
// with it, and the resumed run opens a new one after the last committed page.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

export interface PageStream<R> {
  /** The next page (fewer than pageSize rows: the last one; none: done). */
  next(): Promise<R[]>;
  close(): Promise<void>;
}

export async function openPageStream<R extends pg.QueryResultRow>(
  client: pg.PoolClient,
  query: { text: string; values: unknown[] },
  pageSize: number,
): Promise<PageStream<R>> {
  const name = `fan_out_${randomBytes(6).toString('hex')}`;
  await client.query(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${query.text}`, query.values);
  let open = true;
  let exhausted = false;
  const fetch = (): Promise<R[]> => {
    const page = client.query<R>(`FETCH FORWARD ${pageSize} FROM ${name}`).then((r) => r.rows);
    // A prefetch nobody awaits (the caller stopped) must not become an unhandled rejection.
    page.catch(() => undefined);
    return page;
  };
  let ahead: Promise<R[]> | null = fetch();
  return {
    async next() {
      if (exhausted || ahead === null) return [];
      const rows = await ahead;
      if (rows.length < pageSize) {
        exhausted = true;
        ahead = null;
      } else {
        ahead = fetch();
      }
      return rows;
    },
    async close() {
      if (!open) return;
      open = false;
      await ahead?.catch(() => undefined);
      ahead = null;
      await client.query(`CLOSE ${name}`);
    },
  };
}
