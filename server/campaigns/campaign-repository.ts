// Campaign rows and their audit list, always scoped by shop: another shop's campaign is not found.
import type pg from 'pg';
import type {
  Campaign,
  CampaignAb,
  CampaignAbResult,
  CampaignAudience,
  CampaignAuditEntry,
  CampaignMessage,
  CampaignOptions,
  CampaignSchedule,
  CampaignStatus,
} from '../contracts/campaigns.js';

type Db = pg.Pool | pg.PoolClient;

/** A campaign as stored, with the fan-out's state. */
export interface CampaignRecord extends Campaign {
  shopId: string;
  abWinner: string | null;
  abDecidedAt: Date | null;
  sharedDiscountCode: string | null;
  discountId: string | null;
  fanoutPhase: string;
  fanoutCursor: string | null;
  audienceCount: number | null;
}

interface Row {
  id: string;
  shop_id: string;
  name: string;
  slug: string;
  status: CampaignStatus;
  status_reason: string | null;
  audience: CampaignAudience;
  message: CampaignMessage;
  schedule: CampaignSchedule;
  options: CampaignOptions;
  ab: CampaignAb | null;
  ab_winner: string | null;
  ab_decided_at: Date | null;
  ab_result: CampaignAbResult | null;
  shared_discount_code: string | null;
  discount_id: string | null;
  start_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  fanout_phase: string;
  fanout_cursor: string | null;
  audience_count: number | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id::text AS id, shop_id::text AS shop_id, name, slug, status, status_reason, audience, message, schedule, options, ab,
  ab_winner, ab_decided_at, ab_result, shared_discount_code, discount_id, start_at, started_at, completed_at, cancelled_at,
  fanout_phase, fanout_cursor::text AS fanout_cursor, audience_count, created_at, updated_at`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toRecord(r: Row): CampaignRecord {
  return {
    id: r.id,
    shopId: r.shop_id,
    name: r.name,
    slug: r.slug,
    status: r.status,
    statusReason: r.status_reason,
    audience: r.audience,
    message: r.message,
    schedule: r.schedule,
    options: r.options,
    ab: r.ab,
    abResult: r.ab_result,
    startAt: iso(r.start_at),
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    cancelledAt: iso(r.cancelled_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    abWinner: r.ab_winner,
    abDecidedAt: r.ab_decided_at,
    sharedDiscountCode: r.shared_discount_code,
    discountId: r.discount_id,
    fanoutPhase: r.fanout_phase,
    fanoutCursor: r.fanout_cursor,
    audienceCount: r.audience_count,
  };
}

/** The API shape (without the fan-out's internals). */
export function toCampaign(r: CampaignRecord): Campaign {
  const {
    shopId: _s,
    abWinner: _w,
    abDecidedAt: _d,
    sharedDiscountCode: _c,
    discountId: _i,
    fanoutPhase: _p,
    fanoutCursor: _k,
    audienceCount: _a,
    ...campaign
  } = r;
  return campaign;
}

export interface NewCampaign {
  name: string;
  slug: string;
  audience: CampaignAudience;
  message: CampaignMessage;
  schedule: CampaignSchedule;
  options: CampaignOptions;
  ab: CampaignAb | null;
}

export async function insertCampaign(
  db: Db,
  shopId: string,
  c: NewCampaign,
  at: Date,
): Promise<CampaignRecord> {
  const { rows } = await db.query<Row>(
    `INSERT INTO campaigns (shop_id, name, slug, audience, message, schedule, options, ab, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
    [
      shopId,
      c.name,
      c.slug,
      JSON.stringify(c.audience),
      JSON.stringify(c.message),
      JSON.stringify(c.schedule),
      JSON.stringify(c.options),
      c.ab === null ? null : JSON.stringify(c.ab),
      at,
    ],
  );
  return toRecord(rows[0]!);
}

/** The campaign, locked FOR UPDATE when `lock` (inside a transaction). */
export async function getCampaign(
  db: Db,
  shopId: string,
  id: string,
  lock = false,
): Promise<CampaignRecord | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM campaigns WHERE shop_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [shopId, id],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function listCampaigns(
  db: Db,
  shopId: string,
  opts: { status?: CampaignStatus; limit: number },
): Promise<CampaignRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM campaigns WHERE shop_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
    [shopId, opts.status ?? null, opts.limit],
  );
  return rows.map(toRecord);
}

/**
 * Writable columns (snake_case) → values, jsonb values serialised by updateCampaign: the row's own columns but
 * its keys and timestamps (updated_at is set by every update), and paused_at (written, never read back).
 */
export type CampaignPatch = Partial<
  Omit<Row, 'id' | 'shop_id' | 'created_at' | 'updated_at'> & { paused_at: Date | null }
>;

const JSON_COLUMNS = new Set(['audience', 'message', 'schedule', 'options', 'ab', 'ab_result']);

export async function updateCampaign(
  db: Db,
  shopId: string,
  id: string,
  patch: CampaignPatch,
  at: Date,
): Promise<CampaignRecord | null> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const values: unknown[] = [shopId, id, at];
  const sets = entries.map(([k, v]) => {
    values.push(JSON_COLUMNS.has(k) && v !== null ? JSON.stringify(v) : v);
    return `"${k}" = $${values.length}`;
  });
  const { rows } = await db.query<Row>(
    `UPDATE campaigns SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE shop_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    values,
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function deleteCampaign(db: Db, shopId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM campaigns WHERE shop_id = $1 AND id = $2', [shopId, id]);
  return (rowCount ?? 0) > 0;
}

export async function recordAudit(
  db: Db,
  shopId: string,
  campaignId: string,
  actor: string,
  action: string,
  changes: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db.query(
    'INSERT INTO campaign_audit (shop_id, campaign_id, actor, action, changes, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [shopId, campaignId, actor, action, JSON.stringify(changes), at],
  );
}

export async function listAudit(db: Db, shopId: string, campaignId: string): Promise<CampaignAuditEntry[]> {
  const { rows } = await db.query<{
    actor: string;
    action: string;
    changes: Record<string, unknown>;
    at: Date;
  }>(
    'SELECT actor, action, changes, at FROM campaign_audit WHERE shop_id = $1 AND campaign_id = $2 ORDER BY at, id',
    [shopId, campaignId],
  );
  return rows.map((r) => ({ actor: r.actor, action: r.action, changes: r.changes, at: r.at.toISOString() }));
}
