-- The number that receives a shop's inbound texts is assigned by the operator (npm run shop:number, or
-- SHOP_SMS_NUMBERS), unique across shops, never settable through /api/settings. Inbound texts route by it
-- alone: a sender ID never routes. The history of assignments tells which shops texted from a number that
-- no shop owns any more (an opt-out to it still applies to them).
ALTER TABLE "shops" ADD COLUMN "sms_number" text;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_sms_number_unique" UNIQUE("sms_number");--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_sms_number_e164" CHECK ("sms_number" ~ '^\+[1-9][0-9]{6,14}$');--> statement-breakpoint
-- settings.smsNumber was never writable through the API: keep it where exactly one shop claims it.
UPDATE "shops" s SET "sms_number" = s."settings"->>'smsNumber'
 WHERE s."settings"->>'smsNumber' ~ '^\+[1-9][0-9]{6,14}$'
   AND (SELECT count(*) FROM "shops" o WHERE o."settings"->>'smsNumber' = s."settings"->>'smsNumber') = 1;--> statement-breakpoint
UPDATE "shops" SET "settings" = "settings" - 'smsNumber' WHERE "settings" ? 'smsNumber';--> statement-breakpoint
-- A numeric sender ID typed by a merchant is not trusted: the shop's own number, else a name-derived one.
UPDATE "shops" SET "sender_id" = COALESCE("sms_number",
    CASE WHEN btrim(left(regexp_replace(regexp_replace("name", '[^A-Za-z0-9 ]', '', 'g'), '\s+', ' ', 'g'), 11)) ~ '[A-Za-z]'
         THEN btrim(left(regexp_replace(regexp_replace("name", '[^A-Za-z0-9 ]', '', 'g'), '\s+', ' ', 'g'), 11))
         ELSE 'Shop' END)
 WHERE "sender_id" ~ '^\+' AND "sender_id" IS DISTINCT FROM "sms_number";--> statement-breakpoint
-- A numeric sender ID is allowed only when it is the shop's own assigned number.
ALTER TABLE "shops" ADD CONSTRAINT "shops_sender_id_owned" CHECK ("sender_id" !~ '^\+' OR "sender_id" IS NOT DISTINCT FROM "sms_number");--> statement-breakpoint
CREATE TABLE "sms_number_assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" uuid NOT NULL,
	"sms_number" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone
);--> statement-breakpoint
ALTER TABLE "sms_number_assignments" ADD CONSTRAINT "sms_number_assignments_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_number_assignments_number_idx" ON "sms_number_assignments" USING btree ("sms_number","shop_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_number_assignments_open_uq" ON "sms_number_assignments" USING btree ("sms_number") WHERE "released_at" IS NULL;--> statement-breakpoint
INSERT INTO "sms_number_assignments" ("shop_id", "sms_number", "assigned_at")
SELECT "id", "sms_number", "created_at" FROM "shops" WHERE "sms_number" IS NOT NULL;
