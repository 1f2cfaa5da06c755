-- The merchant's own test number is trusted only after a one-time code sent to it was entered (issue #10).
-- One pending code per shop: its hash, the number it was sent to, when it expires and the wrong tries so far.
CREATE TABLE "test_phone_verifications" (
	"shop_id" uuid PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "test_phone_verifications" ADD CONSTRAINT "test_phone_verifications_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Test sends per shop and hour are counted from messages: a small partial index keeps that O(tests).
CREATE INDEX "messages_shop_test_created_idx" ON "messages" USING btree ("shop_id","created_at") WHERE is_test;
--> statement-breakpoint
-- Numbers saved before verification existed were never proven to be the merchant's: they are no longer trusted.
UPDATE "shops" SET "settings" = "settings" - 'testPhone' WHERE "settings" ? 'testPhone';
