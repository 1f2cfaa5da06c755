-- The billing gate's spend, kept as a counter (issue #12, bench:dispatch at 1,000,000 recipients). Before, every
-- marketing enqueue (each fan-out page of 1,000) summed every un-billed outbound message of the shop's period, so
-- a campaign of N cost O(N²/page) row reads. Now (server/billing/billing-spend-counter.ts):
--   billing_spend_counters  one row per shop: the period's committed spend as of its last exact sum (base_micros,
--                           with the margin) plus the raw cost of the messages inserted since (added_cost_micros).
--                           A marketing enqueue locks it for the rest of its transaction (so two campaigns or
--                           automations of one shop spend the budget one after the other), folds the deltas in,
--                           and re-sums exactly when it is older than a minute, of another period or margin,
--                           invalidated, or before a message would be refused over the cap.
--   billing_spend_deltas    what changed since: the statement trigger on messages appends the inserted cost
--                           (append-only, so transactional inserts never wait for a campaign's page), and
--                           anything that may raise the spend without an insert (a usage record written, changed
--                           or deleted; a failed message reported delivered; a cost raised) appends an
--                           invalidation, which makes the next read sum exactly. Deltas are written only for a
--                           counter read within the last day (an older one is re-summed at its next read anyway),
--                           so a shop that stopped sending marketing does not accumulate them.
-- Everything else (failed, cancelled, suppressed, billed at less than the cost) only lowers the spend: the counter
-- is then an over-estimate until the next exact sum, never an under-estimate.
--> statement-breakpoint
CREATE TABLE "billing_spend_counters" (
	"shop_id" uuid PRIMARY KEY NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"period_start" timestamp with time zone,
	"margin_percent" integer,
	"base_micros" bigint DEFAULT 0 NOT NULL,
	"added_cost_micros" bigint DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing_spend_deltas" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"invalidate" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "billing_spend_deltas_shop_idx" ON "billing_spend_deltas" ("shop_id");
--> statement-breakpoint
CREATE FUNCTION billing_spend_messages_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO billing_spend_deltas (shop_id, cost_micros)
    SELECT n.shop_id, sum(n.cost_micros)
      FROM new_rows n
      JOIN billing_spend_counters c ON c.shop_id = n.shop_id AND c.refreshed_at > now() - interval '1 day'
     WHERE n.direction = 'outbound' AND n.status IN ('queued', 'sending', 'sent', 'unknown', 'delivered')
     GROUP BY n.shop_id
    HAVING sum(n.cost_micros) <> 0;
    RETURN NULL;
  END
$$;
--> statement-breakpoint
CREATE TRIGGER billing_spend_messages_insert AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION billing_spend_messages_insert();
--> statement-breakpoint
CREATE FUNCTION billing_spend_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO billing_spend_deltas (shop_id, invalidate)
      SELECT OLD.shop_id, true WHERE EXISTS (SELECT 1 FROM billing_spend_counters c WHERE c.shop_id = OLD.shop_id);
    ELSE
      INSERT INTO billing_spend_deltas (shop_id, invalidate)
      SELECT NEW.shop_id, true WHERE EXISTS (SELECT 1 FROM billing_spend_counters c WHERE c.shop_id = NEW.shop_id);
    END IF;
    RETURN NULL;
  END
$$;
--> statement-breakpoint
CREATE TRIGGER billing_spend_usage_records AFTER INSERT OR UPDATE OR DELETE ON "usage_records" FOR EACH ROW EXECUTE FUNCTION billing_spend_invalidate();
--> statement-breakpoint
CREATE TRIGGER billing_spend_messages_update AFTER UPDATE ON "messages" FOR EACH ROW
  WHEN (NEW.direction = 'outbound' AND NEW.status IN ('queued', 'sending', 'sent', 'unknown', 'delivered') AND (
        OLD.status NOT IN ('queued', 'sending', 'sent', 'unknown', 'delivered') OR NEW.cost_micros > OLD.cost_micros
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.direction IS DISTINCT FROM NEW.direction))
  EXECUTE FUNCTION billing_spend_invalidate();
