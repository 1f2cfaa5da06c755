// The fulfillments mirror (tracking for shipping messages). Written from fulfillments/create|update,
// from the fulfillments embedded in order payloads, and from carrier events. shopify_updated_at is the
// version of the newest information applied: a newer payload replaces everything; an older one only
// fills what is still unknown (so a late fulfillments/create after an out_for_delivery event still
// brings the tracking numbers, without turning the shipment status back).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import { execute, jsonb, timestamptz } from './sql.js';

/** One fulfillment as the mirror stores it (snake_case: sent to SQL as a JSON record set). */
export interface FulfillmentRecord {
  id: string;
  order_id: string;
  status: string | null;
  shipment_status: string | null;
  tracking_company: string | null;
  tracking_numbers: string[];
  tracking_urls: string[];
  item_count: number;
  shopify_created_at: string | null;
  shopify_updated_at: string;
}

const NEWER = 'f.shopify_updated_at IS NULL OR excluded.shopify_updated_at >= f.shopify_updated_at';

/** newer ? incoming : (stored, or incoming when nothing is stored) */
const merge = (col: string, emptyWhen = `f.${col} IS NULL`) =>
  sql.raw(`${col} = CASE WHEN ${NEWER} OR ${emptyWhen} THEN excluded.${col} ELSE f.${col} END`);

export async function upsertFulfillments(
  tx: DbOrTx,
  shopId: string,
  fulfillments: readonly FulfillmentRecord[],
): Promise<void> {
  const byId = new Map<string, FulfillmentRecord>();
  for (const record of fulfillments) {
    const seen = byId.get(record.id);
    if (!seen || Date.parse(record.shopify_updated_at) >= Date.parse(seen.shopify_updated_at))
      byId.set(record.id, record);
  }
  if (byId.size === 0) return;
  await execute(
    tx,
    sql`
      INSERT INTO fulfillments AS f (shop_id, id, order_id, status, shipment_status, tracking_company, tracking_numbers,
        tracking_urls, item_count, shopify_created_at, shopify_updated_at)
      SELECT ${shopId}::uuid, r.id, r.order_id, r.status, r.shipment_status, r.tracking_company,
        ARRAY(SELECT jsonb_array_elements_text(r.tracking_numbers))::text[],
        ARRAY(SELECT jsonb_array_elements_text(r.tracking_urls))::text[],
        r.item_count, r.shopify_created_at, r.shopify_updated_at
      FROM jsonb_to_recordset(${jsonb([...byId.values()])}) AS r(id bigint, order_id bigint, status text,
        shipment_status text, tracking_company text, tracking_numbers jsonb, tracking_urls jsonb, item_count bigint,
        shopify_created_at timestamptz, shopify_updated_at timestamptz)
      ON CONFLICT (shop_id, id) DO UPDATE SET
        order_id = excluded.order_id,
        ${merge('status')},
        ${merge('shipment_status', 'false')},
        ${merge('tracking_company')},
        ${merge('tracking_numbers', "f.tracking_numbers = '{}'")},
        ${merge('tracking_urls', "f.tracking_urls = '{}'")},
        ${merge('item_count')},
        shopify_created_at = COALESCE(f.shopify_created_at, excluded.shopify_created_at),
        shopify_updated_at = GREATEST(f.shopify_updated_at, excluded.shopify_updated_at),
        updated_at = now()`,
  );
}

/**
 * fulfillment_events/create: the carrier's latest state becomes the fulfillment's shipment_status
 * unless the fulfillment already holds newer information (the event's created_at, when Shopify
 * recorded it, is compared with the fulfillment's version). A fulfillment not seen yet is created
 * with what the event tells; its fulfillments/create fills the rest.
 */
export async function applyFulfillmentEvent(
  tx: DbOrTx,
  shopId: string,
  event: { fulfillment_id: string; order_id: string; status: string; created_at: string },
): Promise<boolean> {
  const changed = await execute(
    tx,
    sql`
      INSERT INTO fulfillments AS f (shop_id, id, order_id, shipment_status, shopify_updated_at)
      VALUES (${shopId}, ${event.fulfillment_id}, ${event.order_id}, ${event.status}, ${timestamptz(event.created_at)})
      ON CONFLICT (shop_id, id) DO UPDATE SET
        shipment_status = excluded.shipment_status,
        shopify_updated_at = excluded.shopify_updated_at,
        updated_at = now()
      WHERE ${sql.raw(NEWER)}`,
  );
  return changed > 0;
}
