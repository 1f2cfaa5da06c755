-- Segments (issue #11): saved definitions with their last counts, per-customer RFM groups recomputed per shop
-- (nightly and after a backfill), the line item SKU, and indexes for the compiled segment queries.
ALTER TABLE "order_line_items" ADD COLUMN "sku" text;--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"shop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"definition" jsonb NOT NULL,
	"template_key" text,
	"last_customers" integer,
	"last_reachable" integer,
	"last_computed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segments_shop_idx" ON "segments" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE TABLE "customer_rfm" (
	"shop_id" uuid NOT NULL,
	"customer_id" bigint NOT NULL,
	"recency" smallint NOT NULL,
	"frequency" smallint NOT NULL,
	"monetary" smallint NOT NULL,
	"rfm_group" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_rfm_shop_id_customer_id_pk" PRIMARY KEY("shop_id","customer_id")
);--> statement-breakpoint
ALTER TABLE "customer_rfm" ADD CONSTRAINT "customer_rfm_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_rfm_group_idx" ON "customer_rfm" USING btree ("shop_id","rfm_group","customer_id");--> statement-breakpoint
CREATE INDEX "order_line_items_variant_idx" ON "order_line_items" USING btree ("shop_id","variant_id");--> statement-breakpoint
CREATE INDEX "order_line_items_sku_idx" ON "order_line_items" USING btree ("shop_id","sku") WHERE "sku" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_segment_window_idx" ON "orders" USING btree ("shop_id","shopify_created_at") INCLUDE ("customer_id","total_price","refunded_amount") WHERE "cancelled_at" IS NULL AND "customer_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_segment_idx" ON "customers" USING btree ("shop_id","orders_count","total_spent","last_order_at") INCLUDE ("id","first_order_at","country_code","province_code","shopify_created_at","tags") WHERE "deleted_at" IS NULL AND "redacted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "messages_undeliverable_idx" ON "messages" USING btree ("shop_id","phone") WHERE "status" = 'undeliverable';
