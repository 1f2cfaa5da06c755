CREATE TABLE "checkouts" (
	"shop_id" uuid NOT NULL,
	"token" text NOT NULL,
	"checkout_id" bigint,
	"customer_id" bigint,
	"email" text,
	"phone" text,
	"sms_marketing_phone" text,
	"buyer_accepts_sms_marketing" boolean DEFAULT false NOT NULL,
	"abandoned_checkout_url" text,
	"total_price" numeric(14, 2),
	"currency" text,
	"country_code" text,
	"province_code" text,
	"zip" text,
	"completed_at" timestamp with time zone,
	"shopify_created_at" timestamp with time zone,
	"shopify_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkouts_shop_id_token_pk" PRIMARY KEY("shop_id","token")
);
--> statement-breakpoint
CREATE TABLE "fulfillments" (
	"shop_id" uuid NOT NULL,
	"id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"status" text,
	"shipment_status" text,
	"tracking_company" text,
	"tracking_numbers" text[] DEFAULT '{}'::text[] NOT NULL,
	"tracking_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"item_count" bigint,
	"shopify_created_at" timestamp with time zone,
	"shopify_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fulfillments_shop_id_id_pk" PRIMARY KEY("shop_id","id")
);
--> statement-breakpoint
CREATE TABLE "purchased_products" (
	"shop_id" uuid NOT NULL,
	"customer_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"first_purchased_at" timestamp with time zone NOT NULL,
	"last_purchased_at" timestamp with time zone NOT NULL,
	CONSTRAINT "purchased_products_shop_id_customer_id_product_id_pk" PRIMARY KEY("shop_id","customer_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "data_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" uuid NOT NULL,
	"customer_id" bigint,
	"kind" text NOT NULL,
	"request" jsonb NOT NULL,
	"export" jsonb,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"bulk_operation_id" text,
	"object_count" bigint,
	"rows_imported" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "link_clicks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" uuid NOT NULL,
	"code" text NOT NULL,
	"message_id" uuid,
	"subscriber_id" uuid,
	"user_agent" text,
	"is_bot" boolean DEFAULT false NOT NULL,
	"clicked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"status" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "short_links" (
	"code" text PRIMARY KEY NOT NULL,
	"shop_id" uuid NOT NULL,
	"message_id" uuid,
	"subscriber_id" uuid,
	"url" text NOT NULL,
	"utm" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_nonces" (
	"jti" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchased_products" ADD CONSTRAINT "purchased_products_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_clicks" ADD CONSTRAINT "link_clicks_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "short_links" ADD CONSTRAINT "short_links_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkouts_shop_customer_idx" ON "checkouts" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "fulfillments_order_idx" ON "fulfillments" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "purchased_products_product_idx" ON "purchased_products" USING btree ("shop_id","product_id");--> statement-breakpoint
CREATE INDEX "data_requests_shop_idx" ON "data_requests" USING btree ("shop_id","requested_at");--> statement-breakpoint
CREATE INDEX "sync_runs_shop_idx" ON "sync_runs" USING btree ("shop_id","started_at");--> statement-breakpoint
CREATE INDEX "sync_runs_bulk_idx" ON "sync_runs" USING btree ("bulk_operation_id");--> statement-breakpoint
CREATE INDEX "link_clicks_shop_idx" ON "link_clicks" USING btree ("shop_id","clicked_at");--> statement-breakpoint
CREATE INDEX "link_clicks_message_idx" ON "link_clicks" USING btree ("shop_id","message_id");--> statement-breakpoint
CREATE INDEX "message_events_message_idx" ON "message_events" USING btree ("shop_id","message_id","occurred_at");--> statement-breakpoint
CREATE INDEX "short_links_message_idx" ON "short_links" USING btree ("shop_id","message_id");