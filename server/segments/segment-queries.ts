// Running compiled segment queries: counts and a sample, each inside a read-only transaction under a
// statement timeout (SQLSTATE 57014 → a 503 AppError, never a hung request), and the check that every
// product or variant id a definition names belongs to the shop.
import type pg from 'pg';
import type { SegmentCounts, SegmentMember, SegmentNode } from '../contracts/segments.js';
import { walkSegment } from '../contracts/segments.js';
import { inTransaction } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { compileCountQuery, compileSampleQuery } from './compile.js';

const QUERY_CANCELED = '57014';
/** Hash tables of member ids (hashed sub-plans, the reachable join) stay in memory up to this. */
const SEGMENT_WORK_MEM = '64MB';

export interface SegmentQueryOptions {
  timeoutMs: number;
  now: Date;
}

/** Runs `fn` in a read-only transaction whose statements are cancelled after `timeoutMs`. */
export async function withSegmentTimeout<T>(
  pool: pg.Pool,
  timeoutMs: number,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  try {
    // One round trip; the values are ours (an integer from the config, constants), not input. No JIT: a
    // count over a large shop crosses its cost threshold, and compiling costs more than it saves (~300 ms).
    return await inTransaction(
      pool,
      fn,
      `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}; SET LOCAL work_mem = '${SEGMENT_WORK_MEM}'; SET LOCAL jit = off`,
    );
  } catch (err) {
    if ((err as { code?: string }).code === QUERY_CANCELED) {
      throw new AppError({
        code: 'segment_timeout',
        status: 503,
        retryable: true,
        message: `Counting this segment took longer than ${timeoutMs / 1000} s and was stopped; try again, or simplify the definition`,
        cause: err,
      });
    }
    throw err;
  }
}

export async function countSegment(
  pool: pg.Pool,
  shopId: string,
  definition: SegmentNode,
  opts: SegmentQueryOptions,
): Promise<SegmentCounts> {
  const q = compileCountQuery(definition, { shopId, now: opts.now });
  return withSegmentTimeout(pool, opts.timeoutMs, async (client) => {
    const { rows } = await client.query<{ customers: number; reachable: number }>(q.text, q.values);
    return { customers: rows[0]?.customers ?? 0, reachable: rows[0]?.reachable ?? 0 };
  });
}

/** +14155550142 → +1••••••••42: enough to recognise, not enough to text. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  if (phone.length <= 4) return '•'.repeat(phone.length);
  return `${phone.slice(0, 2)}${'•'.repeat(phone.length - 4)}${phone.slice(-2)}`;
}

interface SampleRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  orders_count: number;
  total_spent: string;
  last_order_at: Date | null;
}

export async function countAndSample(
  pool: pg.Pool,
  shopId: string,
  definition: SegmentNode,
  opts: SegmentQueryOptions,
): Promise<SegmentCounts & { sample: SegmentMember[] }> {
  const count = compileCountQuery(definition, { shopId, now: opts.now });
  const sample = compileSampleQuery(definition, { shopId, now: opts.now });
  return withSegmentTimeout(pool, opts.timeoutMs, async (client) => {
    const counted = (await client.query<{ customers: number; reachable: number }>(count.text, count.values))
      .rows[0];
    const rows = (await client.query<SampleRow>(sample.text, sample.values)).rows;
    return {
      customers: counted?.customers ?? 0,
      reachable: counted?.reachable ?? 0,
      sample: rows.map((r) => ({
        customerId: r.id,
        name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
        phone: maskPhone(r.phone),
        orders: r.orders_count,
        totalSpent: r.total_spent,
        lastOrderAt: r.last_order_at ? r.last_order_at.toISOString() : null,
      })),
    };
  });
}

/**
 * Product and variant ids the definition names that the shop has never sold (no line item of the shop's
 * orders carries them: another shop's id, or a typo), keyed by their path in the definition.
 */
export async function unknownProductIds(
  pool: pg.Pool,
  shopId: string,
  definition: SegmentNode,
): Promise<Record<string, string>> {
  const wanted: Array<{ path: string; target: 'product' | 'variant'; id: string }> = [];
  walkSegment(definition, (node, path) => {
    if (node.kind !== 'products' || (node.target !== 'product' && node.target !== 'variant')) return;
    const target = node.target;
    node.values.forEach((id, i) => wanted.push({ path: [...path, 'values', i].join('.'), target, id }));
  });
  if (wanted.length === 0) return {};
  const ids = (t: 'product' | 'variant') => [
    ...new Set(wanted.filter((w) => w.target === t).map((w) => w.id)),
  ];
  const { rows } = await pool.query<{ target: 'product' | 'variant'; id: string }>(
    `SELECT 'product' AS target, li.product_id::text AS id FROM unnest($2::bigint[]) AS x(id)
       CROSS JOIN LATERAL (SELECT product_id FROM order_line_items WHERE shop_id = $1 AND product_id = x.id LIMIT 1) li
     UNION ALL
     SELECT 'variant', li.variant_id::text FROM unnest($3::bigint[]) AS x(id)
       CROSS JOIN LATERAL (SELECT variant_id FROM order_line_items WHERE shop_id = $1 AND variant_id = x.id LIMIT 1) li`,
    [shopId, ids('product'), ids('variant')],
  );
  const known = new Set(rows.map((r) => `${r.target}:${r.id}`));
  const unknown: Record<string, string> = {};
  for (const w of wanted) {
    if (!known.has(`${w.target}:${w.id}`))
      unknown[w.path] =
        `${w.target} ${w.id} is not a ${w.target} of this shop (none of its orders contains it)`;
  }
  return unknown;
}
