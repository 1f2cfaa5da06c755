// The customers mirror: the one customer upsert (webhooks, backfill and demo seed alike), which never
// lets older data overwrite newer (updated_at is the version, ties broken by the delivery's
// X-Shopify-Triggered-At: see notOlderThanStored), tombstones for deleted customers, and the SMS
// consent state cache. Deleted and redacted customers are never written to by later webhooks (a late
// retry must not bring PII back).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import {
  bigintArray,
  byNumericId,
  execute,
  jsonb,
  notOlderThanStored,
  queryRows,
  sourceTriggeredAtAfterWrite,
  timestamptz,
} from './sql.js';

/** One customer row as written by the mirror (snake_case: it is sent to SQL as a JSON record). */
export interface CustomerRecord {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  country_code: string | null;
  province_code: string | null;
  zip: string | null;
  /** null when the payload carries no tags (API 2025-01 and later): existing tags are kept. */
  tags: string[] | null;
  /** null when the payload carries no SMS consent block: the cached state is kept. */
  sms_consent_state: string | null;
  shopify_created_at: string | null;
  /** null for embedded snapshots without a version: they only fill empty columns. */
  shopify_updated_at: string | null;
  /** The delivery's X-Shopify-Triggered-At (ISO 8601), the tie-breaker; null when unknown (backfill, seed). */
  source_triggered_at: string | null;
}

/**
 * Keeps one record per id: the newest by shopify_updated_at (a versioned record beats an unversioned
 * one), then by source_triggered_at (unknown loses to known), then the later in the list.
 */
function newestPerId(records: readonly CustomerRecord[]): CustomerRecord[] {
  const byId = new Map<string, CustomerRecord>();
  const version = (r: CustomerRecord) =>
    r.shopify_updated_at === null ? -Infinity : Date.parse(r.shopify_updated_at);
  const triggered = (r: CustomerRecord) =>
    r.source_triggered_at === null ? -Infinity : Date.parse(r.source_triggered_at);
  for (const r of records) {
    const seen = byId.get(r.id);
    if (
      !seen ||
      version(r) > version(seen) ||
      (version(r) === version(seen) && triggered(r) >= triggered(seen))
    )
      byId.set(r.id, r);
  }
  // In id order: concurrent upserts lock the rows they share in the same order (no deadlock).
  return byNumericId([...byId.values()]);
}

const PROFILE_COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'country_code',
  'province_code',
  'zip',
] as const;

/**
 * Inserts or updates customers in one statement. A versioned record replaces the profile when it is
 * not older than the stored one (updated_at, then source_triggered_at: the delivery's
 * X-Shopify-Triggered-At, null when unknown, e.g. the bulk backfill); an unversioned one (an embedded
 * snapshot) only fills empty columns. Tags and the SMS consent state are only touched when the
 * payload carried them.
 */
export async function upsertCustomers(
  tx: DbOrTx,
  shopId: string,
  records: readonly CustomerRecord[],
): Promise<void> {
  const rows = newestPerId(records);
  if (rows.length === 0) return;
  const profileSet = sql.join(
    PROFILE_COLUMNS.map((col) =>
      sql.raw(
        `${col} = CASE WHEN excluded.shopify_updated_at IS NOT NULL THEN excluded.${col} ELSE COALESCE(c.${col}, excluded.${col}) END`,
      ),
    ),
    sql`, `,
  );
  await execute(
    tx,
    sql`
      INSERT INTO customers AS c (shop_id, id, first_name, last_name, email, phone, country_code, province_code, zip, tags,
                                  sms_consent_state, shopify_created_at, shopify_updated_at, source_triggered_at)
      SELECT ${shopId}::uuid, r.id, r.first_name, r.last_name, r.email, r.phone, r.country_code, r.province_code, r.zip,
             COALESCE(ARRAY(SELECT jsonb_array_elements_text(r.tags)), '{}'::text[]),
             r.sms_consent_state, r.shopify_created_at, r.shopify_updated_at,
             CASE WHEN r.shopify_updated_at IS NULL THEN NULL ELSE r.source_triggered_at END
      FROM jsonb_to_recordset(${jsonb(rows)}) AS r(id bigint, first_name text, last_name text, email text, phone text,
        country_code text, province_code text, zip text, tags jsonb, sms_consent_state text,
        shopify_created_at timestamptz, shopify_updated_at timestamptz, source_triggered_at timestamptz)
      ON CONFLICT (shop_id, id) DO UPDATE SET
        ${profileSet},
        sms_consent_state = COALESCE(excluded.sms_consent_state, c.sms_consent_state),
        shopify_created_at = COALESCE(excluded.shopify_created_at, c.shopify_created_at),
        shopify_updated_at = COALESCE(excluded.shopify_updated_at, c.shopify_updated_at),
        source_triggered_at = ${sourceTriggeredAtAfterWrite('c')},
        updated_at = now()
      WHERE c.deleted_at IS NULL AND c.redacted_at IS NULL
        AND (excluded.shopify_updated_at IS NULL OR c.shopify_updated_at IS NULL OR ${notOlderThanStored('c')})`,
  );
  const tagged = rows.filter((r) => r.tags !== null && r.shopify_updated_at !== null);
  if (tagged.length > 0) {
    // Tags only from the version that won above (the stored version equals the record's, and no
    // delivery of it triggered later is stored: the same tie-break as above).
    await execute(
      tx,
      sql`
        UPDATE customers c SET tags = ARRAY(SELECT jsonb_array_elements_text(r.tags))::text[]
        FROM jsonb_to_recordset(${jsonb(tagged)}) AS r(id bigint, tags jsonb, shopify_updated_at timestamptz, source_triggered_at timestamptz)
        WHERE c.shop_id = ${shopId} AND c.id = r.id AND c.shopify_updated_at = r.shopify_updated_at
          AND (r.source_triggered_at >= c.source_triggered_at) IS NOT FALSE
          AND c.deleted_at IS NULL AND c.redacted_at IS NULL`,
    );
  }
}

/**
 * customers/delete: a tombstone (inserted if the customer was never seen, so a late customers/create
 * cannot bring it back). Contact details and names are erased; purchase counts stay, anonymous.
 */
export async function markCustomerDeleted(
  tx: DbOrTx,
  shopId: string,
  customerId: string,
  deletedAt: Date,
): Promise<void> {
  await execute(
    tx,
    sql`
      INSERT INTO customers AS c (shop_id, id, deleted_at) VALUES (${shopId}, ${customerId}, ${timestamptz(deletedAt)})
      ON CONFLICT (shop_id, id) DO UPDATE SET
        deleted_at = COALESCE(c.deleted_at, excluded.deleted_at),
        first_name = NULL, last_name = NULL, email = NULL, phone = NULL, zip = NULL, updated_at = now()`,
  );
}

/** Sets the cached SMS marketing state (creating a minimal customer row when the customer is new). */
export async function setCustomerSmsConsentState(
  tx: DbOrTx,
  shopId: string,
  change: { customerId: string; phone: string | null; state: string },
): Promise<void> {
  await execute(
    tx,
    sql`
      INSERT INTO customers AS c (shop_id, id, phone, sms_consent_state)
      VALUES (${shopId}, ${change.customerId}, ${change.phone}, ${change.state})
      ON CONFLICT (shop_id, id) DO UPDATE SET
        sms_consent_state = excluded.sms_consent_state,
        phone = COALESCE(c.phone, excluded.phone),
        updated_at = now()
      WHERE c.deleted_at IS NULL AND c.redacted_at IS NULL`,
  );
}

/** The ids among `customerIds` whose data was erased (customers/redact): nothing personal is stored for them again. */
export async function redactedCustomerIds(
  tx: DbOrTx,
  shopId: string,
  customerIds: readonly string[],
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id::text AS id FROM customers WHERE shop_id = ${shopId} AND id = ANY(${bigintArray(customerIds)}) AND redacted_at IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.id));
}
