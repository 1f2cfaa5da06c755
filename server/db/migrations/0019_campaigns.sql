-- Campaigns (issue #12): one-off promotional sends to segments. A campaign row holds its definition (audience,
-- message, schedule, options, A/B setup as jsonb validated by server/contracts/campaigns.ts), its lifecycle
-- status and the fan-out's resumable state; campaign_audit keeps every change; campaign_recipients records who
-- was assigned to which A/B variant, group or holdout, and why someone was suppressed. messages.campaign_id
-- links a message to its campaign (no foreign key: the fan-out inserts pages of thousands of rows and a campaign
-- is only deleted while it has no messages).
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"shop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"audience" jsonb NOT NULL,
	"message" jsonb NOT NULL,
	"schedule" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"ab" jsonb,
	"ab_winner" text,
	"ab_decided_at" timestamp with time zone,
	"ab_result" jsonb,
	"shared_discount_code" text,
	"discount_id" text,
	"start_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"fanout_phase" text DEFAULT 'pending' NOT NULL,
	"fanout_cursor" uuid,
	"fanout_pages" integer DEFAULT 0 NOT NULL,
	"fanout_heartbeat_at" timestamp with time zone,
	"audience_count" integer,
	"suppressed_count" integer DEFAULT 0 NOT NULL,
	"queued_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_status_check" CHECK ("status" IN ('draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled'))
);--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_shop_idx" ON "campaigns" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE TABLE "campaign_audit" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"shop_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "campaign_audit" ADD CONSTRAINT "campaign_audit_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_audit" ADD CONSTRAINT "campaign_audit_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_audit_campaign_idx" ON "campaign_audit" USING btree ("shop_id","campaign_id","at");--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
	"shop_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"variant" text NOT NULL,
	"group" text NOT NULL,
	"message_id" uuid,
	"suppressed_reason" text,
	"discount_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_recipients_campaign_id_subscriber_id_pk" PRIMARY KEY("campaign_id","subscriber_id"),
	CONSTRAINT "campaign_recipients_group_check" CHECK ("group" IN ('test', 'rest', 'holdout'))
);--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_recipients_shop_campaign_idx" ON "campaign_recipients" USING btree ("shop_id","campaign_id","group","variant");--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
CREATE INDEX "messages_campaign_status_idx" ON "messages" USING btree ("campaign_id","status") WHERE "campaign_id" IS NOT NULL;
