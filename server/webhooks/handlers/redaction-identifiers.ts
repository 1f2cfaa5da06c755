// What identifies a customer being redacted, gathered from every row about them before those rows are
// erased: phones, emails, names, order status and checkout URLs, tracking numbers and URLs, IP addresses
// and user agents. These are the "needles" privacy_scrub (migration 0014) looks for inside free-form
// values (jsonb evidence and details, stored webhook payloads, free-text columns), so a copy of an
// identifier under any key, at any depth, is found too.
import { sql, type SQL } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { DbOrTx } from '../../db/transaction.js';
import { bigintArray, distinct, queryRows, textArray, uuidArray } from '../../store/sql.js';

export interface RedactionTargets {
  customerId: string;
  orderIds: string[];
  tokens: string[];
  subscriberIds: string[];
  messageIds: string[];
}

export interface RedactionNeedles {
  /** Matched case-insensitively as substrings. */
  text: string[];
  /** National significant numbers of the phones: matched against a value's digits (any national format). */
  digits: string[];
}

/** Shorter values (a two-letter first name is still a name; a single letter is not an identifier). */
const MIN_NEEDLE_LENGTH = 2;
/** A phone's national number shorter than this would match unrelated digit runs. */
const MIN_DIGITS = 6;

export async function collectNeedles(
  tx: DbOrTx,
  shopId: string,
  t: RedactionTargets,
  given: readonly (string | null)[],
): Promise<RedactionNeedles> {
  const orderIds = bigintArray(t.orderIds);
  const subscriberIds = uuidArray(t.subscriberIds);
  const messageIds = uuidArray(t.messageIds);
  const rows = await queryRows<{ v: string | null }>(
    tx,
    sql`SELECT v FROM (
          SELECT unnest(ARRAY[first_name, last_name, email, phone]) AS v FROM customers WHERE shop_id = ${shopId} AND id = ${t.customerId}
          UNION ALL SELECT unnest(ARRAY[email, phone, order_status_url]) FROM orders WHERE shop_id = ${shopId} AND id = ANY(${orderIds})
          UNION ALL SELECT unnest(ARRAY[email, phone, sms_marketing_phone, abandoned_checkout_url]) FROM checkouts
            WHERE shop_id = ${shopId} AND (customer_id = ${t.customerId} OR token = ANY(${textArray(t.tokens)}))
          UNION ALL SELECT unnest(tracking_numbers || tracking_urls) FROM fulfillments WHERE shop_id = ${shopId} AND order_id = ANY(${orderIds})
          UNION ALL SELECT phone FROM subscribers WHERE shop_id = ${shopId} AND id = ANY(${subscriberIds})
          UNION ALL SELECT unnest(ARRAY[host(ip_address), user_agent, evidence ->> 'firstName', evidence ->> 'lastName'])
            FROM consent_events WHERE shop_id = ${shopId} AND subscriber_id = ANY(${subscriberIds})
          UNION ALL SELECT phone FROM messages WHERE shop_id = ${shopId} AND id = ANY(${messageIds})
          UNION ALL SELECT user_agent FROM link_clicks
            WHERE shop_id = ${shopId} AND (subscriber_id = ANY(${subscriberIds}) OR message_id = ANY(${messageIds}))
        ) found WHERE v IS NOT NULL`,
  );
  const values = distinct([...given, ...rows.map((r) => r.v)].map((v) => v?.trim())).filter(
    (v) => v.length >= MIN_NEEDLE_LENGTH && !v.startsWith('redacted:'),
  );
  return { text: values, digits: nationalNumbers(values) };
}

function nationalNumbers(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!/^\+\d{6,15}$/.test(v)) continue;
    const national = parsePhoneNumberFromString(v)?.nationalNumber;
    if (national && national.length >= MIN_DIGITS) out.push(national);
  }
  return distinct(out);
}

/** Keys removed, at any depth, from the jsonb kept about a customer (consent evidence, message details, requests). */
export const PERSONAL_KEYS = [
  'phone',
  'email',
  'ip',
  'ip_address',
  'ipaddress',
  'browser_ip',
  'user_agent',
  'useragent',
  'name',
  'first_name',
  'last_name',
  'firstname',
  'lastname',
  'recipient',
  'originator',
  'body',
  'address',
  'address1',
  'address2',
  'sms_marketing_phone',
  'contact_email',
  'order_status_url',
  'abandoned_checkout_url',
  'tracking_number',
  'tracking_numbers',
  'tracking_url',
  'tracking_urls',
  'tags',
  'note',
];

/**
 * Keys removed from a webhook payload still waiting to be processed: only optional ones, so the payload
 * still validates and the mirror keeps its counts (identifiers under required keys are replaced by value).
 */
export const PAYLOAD_PERSONAL_KEYS = [
  'phone',
  'email',
  'contact_email',
  'browser_ip',
  'first_name',
  'last_name',
  'address1',
  'address2',
  'sms_marketing_phone',
  'tracking_number',
  'tracking_numbers',
  'tracking_url',
  'tracking_urls',
  'tags',
  'note',
  'client_details',
];

/** privacy_scrub(...) over a jsonb expression. */
export function scrubbed(
  expr: SQL,
  keys: readonly string[],
  needles: RedactionNeedles,
  shopDomain: string,
): SQL {
  return sql`privacy_scrub(${expr}, ${textArray(keys)}, ${textArray(needles.text)}, ${textArray(needles.digits)}, ${`https://${shopDomain}/`})`;
}

/** A text column with any identifier in it replaced ('[redacted]'); NULL stays NULL. */
export function scrubbedText(column: SQL, needles: RedactionNeedles, shopDomain: string): SQL {
  return sql`(${scrubbed(sql`to_jsonb(${column})`, [], needles, shopDomain)} #>> '{}')`;
}
