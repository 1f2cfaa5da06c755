ALTER TABLE "customers" ADD COLUMN "source_triggered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "source_triggered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checkouts" ADD COLUMN "source_triggered_at" timestamp with time zone;