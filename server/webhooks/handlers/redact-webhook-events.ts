// customers/redact, the webhook inbox part: stored Shopify payloads about the customer. A processed or
// parked one (done, failed) is replaced by a marker; one still waiting (pending) keeps its shape, with
// the identifiers under optional keys removed and any other value holding one replaced, so it still
// validates and the mirror still counts it (its handler stores no contact details for a redacted
// customer). The request being processed keeps only the customer id. An event is about the customer
// when its ids point at them or its text holds one of their identifiers. Rows another processor holds
// at this instant are skipped (SKIP LOCKED, never waited on).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import { jsonb, execute, textArray } from '../../store/sql.js';
import {
  PAYLOAD_PERSONAL_KEYS,
  PERSONAL_KEYS,
  scrubbed,
  type RedactionNeedles,
} from './redaction-identifiers.js';

export interface RedactedWho {
  customerId: string;
  orderIds: string[];
  tokens: string[];
  emails: string[];
  needles: RedactionNeedles;
}

export async function scrubWebhookEvents(
  tx: DbOrTx,
  who: RedactedWho,
  opts: { shopDomain: string; currentWebhookId: string | null },
): Promise<number> {
  if (opts.currentWebhookId !== null) {
    await execute(
      tx,
      sql`UPDATE webhook_events SET payload = ${scrubbed(sql`payload`, PERSONAL_KEYS, who.needles, opts.shopDomain)}
          WHERE webhook_id = ${opts.currentWebhookId}`,
    );
  }
  const lowered = who.needles.text.map((n) => n.toLowerCase());
  const aboutCustomer = sql`(payload -> 'customer' ->> 'id' = ${who.customerId}
      OR (topic IN ('customers/create', 'customers/update', 'customers/delete', 'customers_marketing_consent/update')
          AND payload ->> 'id' = ${who.customerId})
      OR (topic LIKE 'orders/%' AND payload ->> 'id' = ANY(${textArray(who.orderIds)}))
      OR (topic LIKE 'fulfillment%' AND payload ->> 'order_id' = ANY(${textArray(who.orderIds)}))
      OR (topic LIKE 'checkouts/%' AND (payload ->> 'token' = ANY(${textArray(who.tokens)})
          OR lower(payload ->> 'email') = ANY(${textArray(who.emails)})))
      OR EXISTS (SELECT 1 FROM unnest(${textArray(lowered)}) AS n WHERE strpos(lower(payload::text), n) > 0))`;
  const current = opts.currentWebhookId ?? '';
  const finished = await execute(
    tx,
    sql`UPDATE webhook_events SET payload = ${jsonb({ redacted: true })}
        WHERE id IN (
          SELECT id FROM webhook_events
          WHERE shop_domain = ${opts.shopDomain} AND status IN ('done', 'failed') AND webhook_id <> ${current} AND ${aboutCustomer}
          FOR UPDATE SKIP LOCKED)`,
  );
  const waiting = await execute(
    tx,
    sql`UPDATE webhook_events SET payload = ${scrubbed(sql`payload`, PAYLOAD_PERSONAL_KEYS, who.needles, opts.shopDomain)}
        WHERE id IN (
          SELECT id FROM webhook_events
          WHERE shop_domain = ${opts.shopDomain} AND status = 'pending' AND webhook_id <> ${current} AND ${aboutCustomer}
          FOR UPDATE SKIP LOCKED)`,
  );
  return finished + waiting;
}
