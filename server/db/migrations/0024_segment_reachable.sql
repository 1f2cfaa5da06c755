-- Segment counts (issue #11): each customer's number of reachable SMS subscribers, kept on the customer row so
-- a count reads it with the members instead of hashing the shop's subscribers on every count. "Reachable" is
-- segments' REACHABLE_SQL (server/segments/compile.ts): confirmed marketing consent, no STOP on any channel,
-- an E.164 number, and no message to that number reported undeliverable. The triggers below keep the column
-- exact whatever code path writes subscribers or messages (consent changes, STOP, relinking, redaction,
-- delivery receipts); the app never writes it.
ALTER TABLE "customers" ADD COLUMN "reachable_phones" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Index lookups whatever the statistics say: right after a bulk load (before ANALYZE) the tables look empty and
-- the planner would otherwise pick nested sequential scans, quadratic in the rows touched.
CREATE FUNCTION refresh_customers_reachable(p_shops uuid[], p_customers bigint[]) RETURNS void LANGUAGE sql SET enable_seqscan = off AS $$
  WITH k AS (SELECT DISTINCT x.shop_id, x.customer_id FROM unnest(p_shops, p_customers) AS x(shop_id, customer_id) WHERE x.customer_id IS NOT NULL),
  -- The rule is a FILTER, not join conditions, so the join can only use (shop_id, customer_id).
  r AS (SELECT k.shop_id, k.customer_id,
               count(s.id) FILTER (WHERE s.marketing_state = 'subscribed' AND s.transactional_state <> 'unsubscribed' AND s.phone ~ '^\+[1-9][0-9]{6,14}$'
                 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.shop_id = s.shop_id AND m.phone = s.phone AND m.status = 'undeliverable'))::int AS n
          FROM k LEFT JOIN subscribers s ON s.shop_id = k.shop_id AND s.customer_id = k.customer_id
         GROUP BY k.shop_id, k.customer_id)
  UPDATE customers c SET reachable_phones = r.n FROM r WHERE c.shop_id = r.shop_id AND c.id = r.customer_id AND c.reachable_phones <> r.n
$$;--> statement-breakpoint
-- Set-based, once per statement: a bulk import or backfill refreshes each customer it touches once.
CREATE FUNCTION customers_reachable_insert() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
  BEGIN
    PERFORM refresh_customers_reachable(array_agg(n.shop_id), array_agg(n.id)) FROM new_rows n
      WHERE EXISTS (SELECT 1 FROM subscribers s WHERE s.shop_id = n.shop_id AND s.customer_id = n.id);
    RETURN NULL;
  END
$$;--> statement-breakpoint
CREATE TRIGGER customers_reachable_insert AFTER INSERT ON "customers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_reachable_insert();--> statement-breakpoint
CREATE FUNCTION subscribers_reachable_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM refresh_customers_reachable(array_agg(n.shop_id), array_agg(n.customer_id)) FROM new_rows n WHERE n.customer_id IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM refresh_customers_reachable(array_agg(o.shop_id), array_agg(o.customer_id)) FROM old_rows o WHERE o.customer_id IS NOT NULL;
    ELSE
      PERFORM refresh_customers_reachable(array_agg(k.shop_id), array_agg(k.customer_id))
         FROM (SELECT o.shop_id, o.customer_id, n.shop_id AS new_shop_id, n.customer_id AS new_customer_id
                 FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.shop_id, o.customer_id, o.phone, o.marketing_state, o.transactional_state)
                      IS DISTINCT FROM (n.shop_id, n.customer_id, n.phone, n.marketing_state, n.transactional_state)) c
        CROSS JOIN LATERAL (VALUES (c.shop_id, c.customer_id), (c.new_shop_id, c.new_customer_id)) AS k(shop_id, customer_id)
        WHERE k.customer_id IS NOT NULL;
    END IF;
    RETURN NULL;
  END
$$;--> statement-breakpoint
CREATE TRIGGER subscribers_reachable_insert AFTER INSERT ON "subscribers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscribers_reachable_refresh();--> statement-breakpoint
CREATE TRIGGER subscribers_reachable_update AFTER UPDATE ON "subscribers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscribers_reachable_refresh();--> statement-breakpoint
CREATE TRIGGER subscribers_reachable_delete AFTER DELETE ON "subscribers" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION subscribers_reachable_refresh();--> statement-breakpoint
-- A number reported undeliverable is rare: row triggers whose WHEN skips every other message at no cost.
CREATE FUNCTION messages_reachable_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM refresh_customers_reachable(array_agg(s.shop_id), array_agg(s.customer_id)) FROM subscribers s
        WHERE s.shop_id = OLD.shop_id AND s.phone = OLD.phone AND s.customer_id IS NOT NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM refresh_customers_reachable(array_agg(s.shop_id), array_agg(s.customer_id)) FROM subscribers s
        WHERE s.shop_id = NEW.shop_id AND s.phone = NEW.phone AND s.customer_id IS NOT NULL;
    END IF;
    RETURN NULL;
  END
$$;--> statement-breakpoint
CREATE TRIGGER messages_reachable_insert AFTER INSERT ON "messages" FOR EACH ROW WHEN (NEW.status = 'undeliverable') EXECUTE FUNCTION messages_reachable_refresh();--> statement-breakpoint
CREATE TRIGGER messages_reachable_update AFTER UPDATE ON "messages" FOR EACH ROW
  WHEN ((OLD.status = 'undeliverable' OR NEW.status = 'undeliverable') AND (
        OLD.status IS DISTINCT FROM NEW.status OR OLD.phone IS DISTINCT FROM NEW.phone OR OLD.shop_id IS DISTINCT FROM NEW.shop_id))
  EXECUTE FUNCTION messages_reachable_refresh();--> statement-breakpoint
CREATE TRIGGER messages_reachable_delete AFTER DELETE ON "messages" FOR EACH ROW WHEN (OLD.status = 'undeliverable') EXECUTE FUNCTION messages_reachable_refresh();--> statement-breakpoint
UPDATE customers c SET reachable_phones = r.n
  FROM (SELECT s.shop_id, s.customer_id, count(*) AS n FROM subscribers s
         WHERE s.customer_id IS NOT NULL AND s.marketing_state = 'subscribed' AND s.transactional_state <> 'unsubscribed'
           AND s.phone ~ '^\+[1-9][0-9]{6,14}$'
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.shop_id = s.shop_id AND m.phone = s.phone AND m.status = 'undeliverable')
         GROUP BY s.shop_id, s.customer_id) r
 WHERE c.shop_id = r.shop_id AND c.id = r.customer_id;
--> statement-breakpoint
-- Index-only counts: the segment index carries reachable_phones, and "bought product X" (any, none, open
-- windows) reads purchased_products' customers from the index alone.
DROP INDEX "customers_segment_idx";--> statement-breakpoint
CREATE INDEX "customers_segment_idx" ON "customers" USING btree ("shop_id","orders_count","total_spent","last_order_at") INCLUDE ("id","first_order_at","country_code","province_code","shopify_created_at","tags","reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;--> statement-breakpoint
DROP INDEX "purchased_products_product_idx";--> statement-breakpoint
CREATE INDEX "purchased_products_product_idx" ON "purchased_products" USING btree ("shop_id","product_id","customer_id") INCLUDE ("first_purchased_at","last_purchased_at");
