CREATE TABLE "automation_flows" (
	"shop_id" uuid NOT NULL,
	"flow" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"templates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"delay_minutes" integer,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automation_flows_shop_id_flow_pk" PRIMARY KEY("shop_id","flow")
);
--> statement-breakpoint
CREATE TABLE "automation_settings" (
	"shop_id" uuid PRIMARY KEY NOT NULL,
	"order_updates_for_checkout_phones" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "automation_flows" ADD CONSTRAINT "automation_flows_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_settings" ADD CONSTRAINT "automation_settings_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;