// Row accounting for `npm run fuzz`: a snapshot of every table of the app's schema (row count, and the newest
// row version's transaction id, so an UPDATE shows as well as an INSERT or DELETE), in one round trip; and
// the server's next transaction id, a cheap test of whether anything was written at all.
import type pg from 'pg';

export type RowSnapshot = Map<string, { rows: number; newest: string | null }>;

/**
 * The next transaction id the server will assign. Only a transaction that writes is given one, so while it
 * stays the same nothing was written (nor tried and rolled back) and no snapshot needs comparing.
 */
export async function nextXid(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ x: string }>(
    'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x',
  );
  return rows[0]!.x;
}

export async function listTables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
       FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

export async function snapshotRows(pool: pg.Pool, tables: readonly string[]): Promise<RowSnapshot> {
  const sql = tables
    .map(
      (t, i) => `SELECT ${i} AS i, count(*)::int AS rows, max(xmin::text::bigint)::text AS newest FROM ${t}`,
    )
    .join(' UNION ALL ');
  const { rows } = await pool.query<{ i: number; rows: number; newest: string | null }>(sql);
  return new Map(rows.map((r) => [tables[r.i]!, { rows: r.rows, newest: r.newest }]));
}

/** The tables whose rows changed between two snapshots, with how. */
export function changedTables(
  before: RowSnapshot,
  after: RowSnapshot,
): Array<{ table: string; how: string }> {
  const out: Array<{ table: string; how: string }> = [];
  for (const [table, a] of after) {
    const b = before.get(table);
    if (!b) continue;
    if (a.rows !== b.rows) out.push({ table, how: `rows ${b.rows}→${a.rows}` });
    else if (a.newest !== b.newest) out.push({ table, how: 'updated' });
  }
  return out;
}
