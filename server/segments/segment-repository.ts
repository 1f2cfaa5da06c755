// Saved segments, always scoped by shop: a segment of another shop is not found.
import type pg from 'pg';
import type {
  Segment,
  SegmentCounts,
  SegmentInput,
  SegmentNode,
  SegmentTemplateKey,
} from '../contracts/segments.js';

interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  template_key: SegmentTemplateKey | null;
  definition: SegmentNode;
  last_customers: number | null;
  last_reachable: number | null;
  last_computed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id::text AS id, name, description, template_key, definition, last_customers, last_reachable, last_computed_at, created_at, updated_at`;

function toSegment(r: SegmentRow): Segment {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    templateKey: r.template_key,
    definition: r.definition,
    lastCounts:
      r.last_computed_at && r.last_customers !== null && r.last_reachable !== null
        ? {
            customers: r.last_customers,
            reachable: r.last_reachable,
            computedAt: r.last_computed_at.toISOString(),
          }
        : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listSegments(pool: pg.Pool, shopId: string): Promise<Segment[]> {
  const { rows } = await pool.query<SegmentRow>(
    `SELECT ${COLUMNS} FROM segments WHERE shop_id = $1 ORDER BY created_at, id`,
    [shopId],
  );
  return rows.map(toSegment);
}

export async function getSegment(pool: pg.Pool, shopId: string, id: string): Promise<Segment | null> {
  const { rows } = await pool.query<SegmentRow>(
    `SELECT ${COLUMNS} FROM segments WHERE shop_id = $1 AND id = $2`,
    [shopId, id],
  );
  return rows[0] ? toSegment(rows[0]) : null;
}

export async function insertSegment(
  pool: pg.Pool,
  shopId: string,
  input: SegmentInput,
  counts: SegmentCounts | null,
  at: Date,
): Promise<Segment> {
  const { rows } = await pool.query<SegmentRow>(
    `INSERT INTO segments (shop_id, name, description, template_key, definition, last_customers, last_reachable, last_computed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
    [
      shopId,
      input.name,
      input.description ?? null,
      input.templateKey ?? null,
      JSON.stringify(input.definition),
      counts?.customers ?? null,
      counts?.reachable ?? null,
      counts ? at : null,
      at,
    ],
  );
  return toSegment(rows[0]!);
}

export async function updateSegment(
  pool: pg.Pool,
  shopId: string,
  id: string,
  input: SegmentInput,
  counts: SegmentCounts | null,
  at: Date,
): Promise<Segment | null> {
  const { rows } = await pool.query<SegmentRow>(
    `UPDATE segments SET name = $3, description = $4, template_key = $5, definition = $6, last_customers = $7, last_reachable = $8,
            last_computed_at = $9, updated_at = $10
      WHERE shop_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [
      shopId,
      id,
      input.name,
      input.description ?? null,
      input.templateKey ?? null,
      JSON.stringify(input.definition),
      counts?.customers ?? null,
      counts?.reachable ?? null,
      counts ? at : null,
      at,
    ],
  );
  return rows[0] ? toSegment(rows[0]) : null;
}

export async function recordSegmentCounts(
  pool: pg.Pool,
  shopId: string,
  id: string,
  counts: SegmentCounts,
  at: Date,
): Promise<void> {
  await pool.query(
    `UPDATE segments SET last_customers = $3, last_reachable = $4, last_computed_at = $5 WHERE shop_id = $1 AND id = $2`,
    [shopId, id, counts.customers, counts.reachable, at],
  );
}

export async function deleteSegment(pool: pg.Pool, shopId: string, id: string): Promise<boolean> {
  const { rowCount } = await pool.query(`DELETE FROM segments WHERE shop_id = $1 AND id = $2`, [shopId, id]);
  return (rowCount ?? 0) > 0;
}
