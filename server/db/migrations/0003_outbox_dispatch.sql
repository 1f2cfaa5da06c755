ALTER TABLE "messages" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "country_code" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_lease_idx" ON "messages" USING btree ("lease_expires_at") WHERE status = 'sending';
