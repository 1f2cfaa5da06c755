// BENCH_PROFILE=1 for bench:dispatch: where the time goes (per SQL statement kind, every client of the process)
// and what grows with the campaign (blocks of each table and index read or hit, and rows read, per message: a
// cost per message that grows from --messages 100000 to 300000 shows up here whatever the machine's load).
import pg from 'pg';

/** BENCH_PROFILE=1: time spent per SQL statement kind (every client of the process), printed to stderr. */
export function profileQueries(): () => void {
  if (!process.env.BENCH_PROFILE) return () => undefined;
  const totals = new Map<string, { ms: number; n: number }>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    const key = String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 60);
    const out = original.apply(this, args);
    if (out instanceof Promise) {
      void out
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          const e = totals.get(key) ?? { ms: 0, n: 0 };
          e.ms += performance.now() - t;
          e.n++;
          totals.set(key, e);
        });
    }
    return out;
  };
  return () => {
    proto.query = original;
    for (const [k, v] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
      console.error(`${v.ms.toFixed(0).padStart(8)} ms ${String(v.n).padStart(6)}x  ${k}`);
  };
}

interface Counts {
  blocks: Map<string, number>;
  rows: Map<string, number>;
}

async function readCounts(url: string): Promise<Counts> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const blocks = await c.query<{ k: string; n: string }>(
      `SELECT 'table ' || relname AS k, (COALESCE(heap_blks_hit, 0) + COALESCE(heap_blks_read, 0))::text AS n
         FROM pg_statio_user_tables
       UNION ALL
       SELECT 'index ' || indexrelname, (COALESCE(idx_blks_hit, 0) + COALESCE(idx_blks_read, 0))::text
         FROM pg_statio_user_indexes`,
    );
    const rows = await c.query<{ k: string; n: string }>(
      `SELECT relname AS k, (COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0))::text AS n FROM pg_stat_user_tables`,
    );
    return {
      blocks: new Map(blocks.rows.map((r) => [r.k, Number(r.n)])),
      rows: new Map(rows.rows.map((r) => [r.k, Number(r.n)])),
    };
  } finally {
    await c.end();
  }
}

/**
 * Call before the campaign; call the returned function once every connection that worked on it is closed (the
 * statistics of a backend are flushed when it exits): prints the top blocks and rows read per message.
 */
export async function profileBlocks(url: string, messages: number): Promise<() => Promise<void>> {
  if (!process.env.BENCH_PROFILE) return async () => undefined;
  const before = await readCounts(url);
  return async () => {
    const after = await readCounts(url);
    const per = (a: Map<string, number>, b: Map<string, number>) =>
      [...a]
        .map(([k, n]) => [k, (n - (b.get(k) ?? 0)) / messages] as const)
        .filter(([, n]) => n > 0)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 20);
    console.error('blocks read or hit per message:');
    for (const [k, n] of per(after.blocks, before.blocks))
      console.error(`${n.toFixed(2).padStart(10)}  ${k}`);
    console.error('rows read (sequential + index fetches) per message:');
    for (const [k, n] of per(after.rows, before.rows)) console.error(`${n.toFixed(2).padStart(10)}  ${k}`);
  };
}
