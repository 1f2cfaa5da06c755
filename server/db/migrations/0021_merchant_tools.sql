-- The merchant's own tools: an audit list of compliance-settings changes, and background CSV imports of
-- subscribers (the uploaded rows are kept until processed; afterwards only the rejected ones remain).
CREATE TABLE "settings_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"section" text NOT NULL,
	"changes" jsonb NOT NULL,
	"actor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "settings_audit_shop_idx" ON "settings_audit" ("shop_id", "id");
--> statement-breakpoint
CREATE TABLE "subscriber_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"filename" text,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"columns" jsonb NOT NULL,
	"total_rows" integer NOT NULL,
	"mapping" jsonb,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "subscriber_imports_shop_idx" ON "subscriber_imports" ("shop_id", "created_at");
--> statement-breakpoint
CREATE TABLE "subscriber_import_rows" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"import_id" uuid NOT NULL REFERENCES "subscriber_imports"("id") ON DELETE CASCADE,
	"line" integer NOT NULL,
	"cells" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"phone" text,
	"reason" text,
	"message" text,
	CONSTRAINT "subscriber_import_rows_pk" PRIMARY KEY ("import_id", "line")
);
--> statement-breakpoint
CREATE INDEX "subscriber_import_rows_phone_idx" ON "subscriber_import_rows" ("import_id", "phone") WHERE "phone" IS NOT NULL;
