-- App-store billing (issue #17): each shop's Shopify app subscription (plan, status, usage line item, capped
-- amount, current 30-day period) and the usage records charged through appUsageRecordCreate. A usage record
-- covers one batch of delivered messages (usage_record_messages links each message to the one record that
-- bills it, so a message is billed at most once) and carries the idempotency key sent to Shopify, so a retry
-- of the same record never charges twice.
--> statement-breakpoint
CREATE TABLE "billing_subscriptions" (
	"shop_id" uuid PRIMARY KEY NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"plan" text NOT NULL,
	"status" text NOT NULL,
	"subscription_gid" text,
	"usage_line_item_gid" text,
	"capped_micros" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"margin_percent" integer DEFAULT 0 NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"confirmation_url" text,
	"activated_at" timestamp with time zone,
	"period_end" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "billing_subscriptions_gid_uq" ON "billing_subscriptions" ("subscription_gid") WHERE "subscription_gid" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"idempotency_key" text NOT NULL,
	"subscription_gid" text NOT NULL,
	"segments" integer NOT NULL,
	"charged_segments" integer NOT NULL,
	"amount_micros" bigint NOT NULL,
	"currency" text NOT NULL,
	"by_country" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"shopify_usage_record_gid" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"billed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_shop_key_uq" ON "usage_records" ("shop_id", "idempotency_key");
--> statement-breakpoint
CREATE INDEX "usage_records_shop_created_idx" ON "usage_records" ("shop_id", "created_at");
--> statement-breakpoint
CREATE INDEX "usage_records_pending_idx" ON "usage_records" ("shop_id") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE TABLE "usage_record_messages" (
	"message_id" uuid PRIMARY KEY NOT NULL REFERENCES "messages"("id") ON DELETE CASCADE,
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"usage_record_id" uuid NOT NULL REFERENCES "usage_records"("id") ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX "usage_record_messages_record_idx" ON "usage_record_messages" ("usage_record_id");
