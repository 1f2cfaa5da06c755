// The merchant's view of customers/data_request exports (data_requests rows of kind 'data_request'),
// every query scoped by the shop. Exports are read back as text and decoded losslessly, so 64-bit ids
// keep every digit.
import { sql, type SQL } from 'drizzle-orm';
import type { DataRequestList, DataRequestListQuery, DataRequestSummary } from '../contracts/index.js';
import type { DbOrTx } from '../db/transaction.js';
import { decodeWebhookJson } from '../webhooks/schemas/index.js';
import { toDate, type DbTimestamp } from '../webhooks/inbox-repository.js';

interface Row extends Record<string, unknown> {
  id: string;
  customer_id: string | null;
  shopify_request_id: string | null;
  orders_requested: string[] | null;
  redacted: boolean;
  requested_at: DbTimestamp;
  completed_at: DbTimestamp | null;
}

const COLUMNS = sql.raw(
  `d.id::text AS id, d.customer_id::text AS customer_id, d.request -> 'data_request' ->> 'id' AS shopify_request_id,
   ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.request -> 'orders_requested') = 'array'
     THEN d.request -> 'orders_requested' ELSE '[]'::jsonb END)) AS orders_requested,
   (d.export IS NULL OR d.export ? 'redacted') AS redacted, d.requested_at, d.completed_at`,
);

function toSummary(r: Row): DataRequestSummary {
  return {
    id: r.id,
    customerId: r.customer_id,
    shopifyRequestId: r.shopify_request_id,
    ordersRequested: r.orders_requested ?? [],
    status: r.redacted ? 'redacted' : 'ready',
    requestedAt: toDate(r.requested_at).toISOString(),
    completedAt: toDate(r.completed_at)?.toISOString() ?? null,
  };
}

const ofShop = (shopId: string): SQL => sql`d.shop_id = ${shopId} AND d.kind = 'data_request'`;

/** The shop's data requests, newest first, `limit` per page. */
export async function listDataRequests(
  db: DbOrTx,
  shopId: string,
  query: DataRequestListQuery,
): Promise<DataRequestList> {
  const after = query.cursor ? sql` AND d.id < ${query.cursor}::bigint` : sql``;
  const res = await db.execute<Row>(sql`
    SELECT ${COLUMNS} FROM data_requests d
    WHERE ${ofShop(shopId)}${after}
    ORDER BY d.id DESC
    LIMIT ${query.limit + 1}`);
  const page = res.rows.slice(0, query.limit);
  return {
    items: page.map(toSummary),
    nextCursor: res.rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export type DataRequestLookup =
  | { outcome: 'found'; summary: DataRequestSummary; data: Record<string, unknown> }
  | { outcome: 'redacted'; summary: DataRequestSummary }
  | { outcome: 'not_found' };

/** One of the shop's data requests with its export. */
export async function getDataRequest(db: DbOrTx, shopId: string, id: string): Promise<DataRequestLookup> {
  const res = await db.execute<Row & { export_text: string | null }>(sql`
    SELECT ${COLUMNS}, d.export::text AS export_text FROM data_requests d
    WHERE ${ofShop(shopId)} AND d.id = ${id}::bigint`);
  const row = res.rows[0];
  if (!row) return { outcome: 'not_found' };
  const summary = toSummary(row);
  if (summary.status === 'redacted' || row.export_text === null) return { outcome: 'redacted', summary };
  const decoded = decodeWebhookJson(row.export_text);
  if (!decoded.ok) throw new Error(`data request ${id}: stored export is not JSON: ${decoded.error}`);
  return { outcome: 'found', summary, data: decoded.value as Record<string, unknown> };
}
