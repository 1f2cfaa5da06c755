-- Segment counts on large shops (issue #11, bench:segments at 1,000,000 customers). Most counts read the whole
-- customers heap (a parallel sequential scan of every row); these let them read only the members, from narrow
-- indexes of the live customers that carry reachable_phones (the count's second figure), without the heap:
-- * RFM groups: each customer's group is stored on the customer row too (written with customer_rfm by the
--   recompute, server/segments/rfm.ts) and counted by a range of customers_rfm_idx, instead of a hash join of
--   customer_rfm with every customer;
-- * conditions on other tables ("bought product X", "bought X but not Y", …): customers_live_idx, the live
--   customers by id, which the planner merges with or probes from the buyers in id order;
-- * total spent, last order and first order dates, country: a range of the index led by that column (spent
--   500+, ordered in the last 90 days, inactive for 90 days, first order in the last 30 days, US/CA), with
--   orders_count (and total_spent for the country: average order value) for the conditions that pair with it.
--   Orders count itself ranges over customers_segment_idx.
ALTER TABLE "customers" ADD COLUMN "rfm_group" text;--> statement-breakpoint
UPDATE "customers" c SET "rfm_group" = r."rfm_group"
  FROM "customer_rfm" r
 WHERE r."shop_id" = c."shop_id" AND r."customer_id" = c."id";--> statement-breakpoint
CREATE INDEX "customers_live_idx" ON "customers" USING btree ("shop_id","id") INCLUDE ("reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "customers_rfm_idx" ON "customers" USING btree ("shop_id","rfm_group") INCLUDE ("reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL AND "rfm_group" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_spent_idx" ON "customers" USING btree ("shop_id","total_spent") INCLUDE ("orders_count","reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "customers_last_order_idx" ON "customers" USING btree ("shop_id","last_order_at") INCLUDE ("orders_count","reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "customers_first_order_idx" ON "customers" USING btree ("shop_id","first_order_at") INCLUDE ("orders_count","reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "customers_country_idx" ON "customers" USING btree ("shop_id","country_code") INCLUDE ("orders_count","total_spent","reachable_phones") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;
