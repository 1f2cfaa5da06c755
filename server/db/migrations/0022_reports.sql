-- Reports (issue #13): pre-aggregated counters that every report reads, kept by statement-level triggers
-- (set-based, in the same transaction as the change) on messages, link_clicks, campaign_recipients,
-- consent_events and order_attributions. Each source row contributes a fixed set of deltas computed by one SQL
-- function (report_*_deltas); a trigger adds the new rows' deltas and subtracts the old rows', and the nightly
-- repair job (server/reports/counter-repair.ts) sums the same functions over the raw rows and adds the
-- difference. Orders are attributed by a trigger on orders (last touch: the shop's unique discount code, else a
-- click within the click window, else a delivery within the delivered window), and cancellations and refunds
-- (orders updated) reduce the attributed revenue.
--> statement-breakpoint
CREATE TABLE "report_counters" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"message_kind" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"produced" bigint DEFAULT 0 NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL,
	"suppressed" bigint DEFAULT 0 NOT NULL,
	"cancelled" bigint DEFAULT 0 NOT NULL,
	"sent" bigint DEFAULT 0 NOT NULL,
	"delivered" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	"expired" bigint DEFAULT 0 NOT NULL,
	"undeliverable" bigint DEFAULT 0 NOT NULL,
	"awaiting" bigint DEFAULT 0 NOT NULL,
	"unknown" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"unique_clicks" bigint DEFAULT 0 NOT NULL,
	"bot_clicks" bigint DEFAULT 0 NOT NULL,
	"orders" bigint DEFAULT 0 NOT NULL,
	"revenue" numeric(14,2) DEFAULT 0 NOT NULL,
	"discount_redemptions" bigint DEFAULT 0 NOT NULL,
	"opt_outs" bigint DEFAULT 0 NOT NULL,
	"segments" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"audience" bigint DEFAULT 0 NOT NULL,
	"holdout" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_counters_pk" PRIMARY KEY ("shop_id", "source_kind", "source_id", "message_kind", "bucket")
)
--> statement-breakpoint
CREATE INDEX "report_counters_shop_bucket_idx" ON "report_counters" ("shop_id", "bucket")
--> statement-breakpoint
CREATE TABLE "report_reasons" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"dimension" text NOT NULL,
	"reason" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_reasons_pk" PRIMARY KEY ("shop_id", "source_kind", "source_id", "dimension", "reason", "day")
)
--> statement-breakpoint
CREATE TABLE "subscriber_counters" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"day" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"opt_ins" bigint DEFAULT 0 NOT NULL,
	"opt_outs" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "subscriber_counters_pk" PRIMARY KEY ("shop_id", "day", "source")
)
--> statement-breakpoint
CREATE TABLE "order_attributions" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"order_id" bigint NOT NULL,
	"message_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"message_kind" text NOT NULL,
	"channel" text NOT NULL,
	"matched_by" text NOT NULL,
	"window_hours" integer NOT NULL,
	"touched_at" timestamp with time zone NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"in_shop_currency" boolean NOT NULL,
	"total" numeric(14, 2) NOT NULL,
	"refunded" numeric(14, 2) DEFAULT 0 NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_attributions_pk" PRIMARY KEY ("shop_id", "order_id"),
	CONSTRAINT "order_attributions_channel_check" CHECK ("channel" IN ('click', 'delivery', 'discount_code')),
	CONSTRAINT "order_attributions_matched_check" CHECK ("matched_by" IN ('customer', 'phone', 'discount_code'))
)
--> statement-breakpoint
CREATE INDEX "order_attributions_source_idx" ON "order_attributions" ("shop_id", "source_kind", "source_id", "ordered_at")
--> statement-breakpoint
CREATE INDEX "campaign_recipients_discount_code_idx" ON "campaign_recipients" ("shop_id", "discount_code") WHERE "discount_code" IS NOT NULL
--> statement-breakpoint
CREATE TYPE "report_counter_delta" AS (shop_id uuid, source_kind text, source_id text, message_kind text, bucket timestamptz, produced bigint, pending bigint, suppressed bigint, cancelled bigint, sent bigint, delivered bigint, failed bigint, expired bigint, undeliverable bigint, awaiting bigint, unknown bigint, clicks bigint, unique_clicks bigint, bot_clicks bigint, orders bigint, revenue numeric(14,2), discount_redemptions bigint, opt_outs bigint, segments bigint, cost_micros bigint, audience bigint, holdout bigint)
--> statement-breakpoint
CREATE TYPE "report_reason_delta" AS (shop_id uuid, source_kind text, source_id text, day timestamptz, dimension text, reason text, n bigint)
--> statement-breakpoint
CREATE FUNCTION report_message_deltas(m messages) RETURNS SETOF report_counter_delta LANGUAGE sql STABLE AS $$
  SELECT m.shop_id, CASE WHEN m.campaign_id IS NOT NULL THEN 'campaign' WHEN m.source_type = 'automation' THEN 'flow' ELSE 'other' END, CASE WHEN m.campaign_id IS NOT NULL THEN m.campaign_id::text WHEN m.source_type = 'automation' THEN COALESCE(m.source_id, '') ELSE m.source_type END, m.kind, v.*
    FROM (VALUES
      (date_trunc('hour', m.created_at, 'UTC'), 1, (m.status IN ('queued', 'sending'))::int, (m.status = 'suppressed')::int, (m.status = 'cancelled')::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::numeric, 0, 0, 0, 0, 0, 0),
      (date_trunc('hour', COALESCE(m.sent_at, m.created_at), 'UTC'), 0, 0, 0, 0, (m.sent_at IS NOT NULL)::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::numeric, 0, 0, CASE WHEN m.sent_at IS NOT NULL THEN m.segments ELSE 0 END, CASE WHEN m.sent_at IS NOT NULL THEN m.cost_micros ELSE 0 END, 0, 0),
      (date_trunc('hour', CASE WHEN m.status = 'delivered' THEN COALESCE(m.delivered_at, m.sent_at, m.created_at) ELSE COALESCE(m.failed_at, m.sent_at, m.created_at) END, 'UTC'), 0, 0, 0, 0, 0, (m.status = 'delivered')::int, (m.status = 'failed')::int, (m.status = 'expired')::int, (m.status = 'undeliverable')::int, (m.status = 'sent')::int, (m.status = 'unknown')::int, 0, 0, 0, 0, 0::numeric, 0, 0, 0, 0, 0, 0)
    ) AS v(bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
   WHERE m.direction = 'outbound' AND NOT m.is_test
$$
--> statement-breakpoint
CREATE FUNCTION report_message_reasons(m messages) RETURNS SETOF report_reason_delta LANGUAGE sql STABLE AS $$
  SELECT m.shop_id, CASE WHEN m.campaign_id IS NOT NULL THEN 'campaign' WHEN m.source_type = 'automation' THEN 'flow' ELSE 'other' END, CASE WHEN m.campaign_id IS NOT NULL THEN m.campaign_id::text WHEN m.source_type = 'automation' THEN COALESCE(m.source_id, '') ELSE m.source_type END, date_trunc('day', COALESCE(m.failed_at, m.created_at), 'UTC'),
         CASE WHEN m.status = 'suppressed' THEN 'suppressed' ELSE 'error' END,
         CASE WHEN m.status = 'suppressed' THEN COALESCE(m.suppressed_reason, 'unknown') ELSE COALESCE(m.error_code, m.status) END,
         1::bigint
   WHERE m.direction = 'outbound' AND NOT m.is_test AND m.status IN ('suppressed', 'failed', 'expired', 'undeliverable')
$$
--> statement-breakpoint
CREATE FUNCTION report_click_deltas(c link_clicks) RETURNS SETOF report_counter_delta LANGUAGE sql STABLE AS $$
  SELECT m.shop_id, CASE WHEN m.campaign_id IS NOT NULL THEN 'campaign' WHEN m.source_type = 'automation' THEN 'flow' ELSE 'other' END, CASE WHEN m.campaign_id IS NOT NULL THEN m.campaign_id::text WHEN m.source_type = 'automation' THEN COALESCE(m.source_id, '') ELSE m.source_type END, m.kind, date_trunc('hour', c.clicked_at, 'UTC'), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (NOT c.is_bot)::int, (NOT c.is_bot AND NOT EXISTS (SELECT 1 FROM link_clicks p WHERE p.shop_id = c.shop_id AND p.message_id = c.message_id AND NOT p.is_bot AND (p.clicked_at, p.id) < (c.clicked_at, c.id)))::int, (c.is_bot)::int, 0, 0::numeric, 0, 0, 0, 0, 0, 0
    FROM messages m
   WHERE m.id = c.message_id AND m.shop_id = c.shop_id AND m.direction = 'outbound' AND NOT m.is_test
$$
--> statement-breakpoint
CREATE FUNCTION report_recipient_deltas(r campaign_recipients) RETURNS SETOF report_counter_delta LANGUAGE sql STABLE AS $$
  SELECT r.shop_id, 'campaign', r.campaign_id::text, 'marketing', date_trunc('hour', r.created_at, 'UTC'), 0, 0, (r.message_id IS NULL AND r.suppressed_reason IS NOT NULL AND r."group" <> 'holdout')::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::numeric, 0, 0, 0, 0, 1, (r."group" = 'holdout')::int
$$
--> statement-breakpoint
CREATE FUNCTION report_recipient_reasons(r campaign_recipients) RETURNS SETOF report_reason_delta LANGUAGE sql STABLE AS $$
  SELECT r.shop_id, 'campaign', r.campaign_id::text, date_trunc('day', r.created_at, 'UTC'), 'suppressed', r.suppressed_reason, 1::bigint
   WHERE r.message_id IS NULL AND r.suppressed_reason IS NOT NULL AND r."group" <> 'holdout'
$$
--> statement-breakpoint
CREATE FUNCTION report_order_deltas(a order_attributions) RETURNS SETOF report_counter_delta LANGUAGE sql STABLE AS $$
  SELECT a.shop_id, a.source_kind, a.source_id, a.message_kind, date_trunc('hour', a.ordered_at, 'UTC'), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (NOT a.cancelled)::int, CASE WHEN a.cancelled OR NOT a.in_shop_currency THEN 0 ELSE GREATEST(a.total - a.refunded, 0) END, (a.matched_by = 'discount_code' AND NOT a.cancelled)::int, 0, 0, 0, 0, 0
$$
--> statement-breakpoint
CREATE FUNCTION report_optout_deltas(e consent_events) RETURNS SETOF report_counter_delta LANGUAGE sql STABLE AS $$
  SELECT m.shop_id, CASE WHEN m.campaign_id IS NOT NULL THEN 'campaign' WHEN m.source_type = 'automation' THEN 'flow' ELSE 'other' END, CASE WHEN m.campaign_id IS NOT NULL THEN m.campaign_id::text WHEN m.source_type = 'automation' THEN COALESCE(m.source_id, '') ELSE m.source_type END, m.kind, date_trunc('hour', LEAST(e.occurred_at, e.recorded_at), 'UTC'), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::numeric, 0, 1, 0, 0, 0, 0
    FROM subscribers s
    CROSS JOIN LATERAL (
      SELECT m.* FROM messages m
       WHERE m.shop_id = s.shop_id AND m.phone = s.phone AND m.kind = 'marketing' AND m.direction = 'outbound' AND NOT m.is_test AND (m.campaign_id IS NOT NULL OR m.source_type = 'automation')
         AND m.sent_at IS NOT NULL AND m.sent_at <= LEAST(e.occurred_at, e.recorded_at)
         AND m.sent_at > LEAST(e.occurred_at, e.recorded_at) - interval '7 days'
       ORDER BY m.sent_at DESC LIMIT 1) m
   WHERE s.id = e.subscriber_id AND s.shop_id = e.shop_id AND e.channel = 'marketing' AND e.action = 'unsubscribed'
$$
--> statement-breakpoint
CREATE FUNCTION report_messages_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_message_deltas(n::messages) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM (SELECT * FROM messages WHERE false) o CROSS JOIN LATERAL report_message_deltas(o::messages) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
      FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_message_reasons(n::messages) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM (SELECT * FROM messages WHERE false) o CROSS JOIN LATERAL report_message_reasons(o::messages) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
     ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_messages_insert AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_messages_insert()
--> statement-breakpoint
CREATE FUNCTION report_messages_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_message_deltas(n::messages) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_message_deltas(o::messages) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
      FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_message_reasons(n::messages) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_message_reasons(o::messages) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
     ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_messages_update AFTER UPDATE ON "messages" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_messages_update()
--> statement-breakpoint
CREATE FUNCTION report_messages_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM (SELECT * FROM messages WHERE false) n CROSS JOIN LATERAL report_message_deltas(n::messages) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_message_deltas(o::messages) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
      FROM (SELECT d.* FROM (SELECT * FROM messages WHERE false) n CROSS JOIN LATERAL report_message_reasons(n::messages) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_message_reasons(o::messages) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
     ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_messages_delete AFTER DELETE ON "messages" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_messages_delete()
--> statement-breakpoint
CREATE FUNCTION report_link_clicks_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_click_deltas(n::link_clicks) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM (SELECT * FROM link_clicks WHERE false) o CROSS JOIN LATERAL report_click_deltas(o::link_clicks) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_link_clicks_insert AFTER INSERT ON "link_clicks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_link_clicks_insert()
--> statement-breakpoint
CREATE FUNCTION report_link_clicks_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_click_deltas(n::link_clicks) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_click_deltas(o::link_clicks) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_link_clicks_update AFTER UPDATE ON "link_clicks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_link_clicks_update()
--> statement-breakpoint
CREATE FUNCTION report_link_clicks_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM (SELECT * FROM link_clicks WHERE false) n CROSS JOIN LATERAL report_click_deltas(n::link_clicks) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_click_deltas(o::link_clicks) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_link_clicks_delete AFTER DELETE ON "link_clicks" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_link_clicks_delete()
--> statement-breakpoint
CREATE FUNCTION report_campaign_recipients_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_recipient_deltas(n::campaign_recipients) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM (SELECT * FROM campaign_recipients WHERE false) o CROSS JOIN LATERAL report_recipient_deltas(o::campaign_recipients) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
      FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_recipient_reasons(n::campaign_recipients) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM (SELECT * FROM campaign_recipients WHERE false) o CROSS JOIN LATERAL report_recipient_reasons(o::campaign_recipients) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
     ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_campaign_recipients_insert AFTER INSERT ON "campaign_recipients" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_campaign_recipients_insert()
--> statement-breakpoint
CREATE FUNCTION report_campaign_recipients_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_recipient_deltas(n::campaign_recipients) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_recipient_deltas(o::campaign_recipients) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
      FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_recipient_reasons(n::campaign_recipients) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_recipient_reasons(o::campaign_recipients) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
     ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_campaign_recipients_update AFTER UPDATE ON "campaign_recipients" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_campaign_recipients_update()
--> statement-breakpoint
CREATE FUNCTION report_campaign_recipients_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM (SELECT * FROM campaign_recipients WHERE false) n CROSS JOIN LATERAL report_recipient_deltas(n::campaign_recipients) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_recipient_deltas(o::campaign_recipients) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
    SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
      FROM (SELECT d.* FROM (SELECT * FROM campaign_recipients WHERE false) n CROSS JOIN LATERAL report_recipient_reasons(n::campaign_recipients) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_recipient_reasons(o::campaign_recipients) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
     ORDER BY 1, 2, 3, 5, 6, 4
    ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_campaign_recipients_delete AFTER DELETE ON "campaign_recipients" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_campaign_recipients_delete()
--> statement-breakpoint
CREATE FUNCTION report_order_attributions_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_order_deltas(n::order_attributions) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM (SELECT * FROM order_attributions WHERE false) o CROSS JOIN LATERAL report_order_deltas(o::order_attributions) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_order_attributions_insert AFTER INSERT ON "order_attributions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_order_attributions_insert()
--> statement-breakpoint
CREATE FUNCTION report_order_attributions_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_order_deltas(n::order_attributions) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_order_deltas(o::order_attributions) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_order_attributions_update AFTER UPDATE ON "order_attributions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_order_attributions_update()
--> statement-breakpoint
CREATE FUNCTION report_order_attributions_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM (SELECT * FROM order_attributions WHERE false) n CROSS JOIN LATERAL report_order_deltas(n::order_attributions) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_order_deltas(o::order_attributions) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_order_attributions_delete AFTER DELETE ON "order_attributions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_order_attributions_delete()
--> statement-breakpoint
CREATE FUNCTION report_consent_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_optout_deltas(n::consent_events) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM (SELECT * FROM consent_events WHERE false) o CROSS JOIN LATERAL report_optout_deltas(o::consent_events) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO subscriber_counters AS sc (shop_id, day, source, opt_ins, opt_outs)
    SELECT x.shop_id, x.day, x.source, sum(x.opt_ins), sum(x.opt_outs)
      FROM (SELECT n.shop_id, date_trunc('day', LEAST(n.occurred_at, n.recorded_at), 'UTC') AS day, n.source,
                   (n.action IN ('subscribed', 'resubscribed'))::int AS opt_ins, (n.action = 'unsubscribed')::int AS opt_outs
              FROM new_rows n WHERE n.channel = 'marketing'
            UNION ALL
            SELECT o.shop_id, date_trunc('day', LEAST(o.occurred_at, o.recorded_at), 'UTC'), o.source,
                   -(o.action IN ('subscribed', 'resubscribed'))::int, -(o.action = 'unsubscribed')::int
              FROM (SELECT * FROM consent_events WHERE false) o WHERE o.channel = 'marketing') x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3 HAVING sum(x.opt_ins) <> 0 OR sum(x.opt_outs) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (shop_id, day, source) DO UPDATE SET opt_ins = sc.opt_ins + EXCLUDED.opt_ins, opt_outs = sc.opt_outs + EXCLUDED.opt_outs;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_consent_events_insert AFTER INSERT ON "consent_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_consent_events_insert()
--> statement-breakpoint
CREATE FUNCTION report_consent_events_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM new_rows n CROSS JOIN LATERAL report_optout_deltas(n::consent_events) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_optout_deltas(o::consent_events) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO subscriber_counters AS sc (shop_id, day, source, opt_ins, opt_outs)
    SELECT x.shop_id, x.day, x.source, sum(x.opt_ins), sum(x.opt_outs)
      FROM (SELECT n.shop_id, date_trunc('day', LEAST(n.occurred_at, n.recorded_at), 'UTC') AS day, n.source,
                   (n.action IN ('subscribed', 'resubscribed'))::int AS opt_ins, (n.action = 'unsubscribed')::int AS opt_outs
              FROM new_rows n WHERE n.channel = 'marketing'
            UNION ALL
            SELECT o.shop_id, date_trunc('day', LEAST(o.occurred_at, o.recorded_at), 'UTC'), o.source,
                   -(o.action IN ('subscribed', 'resubscribed'))::int, -(o.action = 'unsubscribed')::int
              FROM old_rows o WHERE o.channel = 'marketing') x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3 HAVING sum(x.opt_ins) <> 0 OR sum(x.opt_outs) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (shop_id, day, source) DO UPDATE SET opt_ins = sc.opt_ins + EXCLUDED.opt_ins, opt_outs = sc.opt_outs + EXCLUDED.opt_outs;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_consent_events_update AFTER UPDATE ON "consent_events" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_consent_events_update()
--> statement-breakpoint
CREATE FUNCTION report_consent_events_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters AS rc (shop_id, source_kind, source_id, message_kind, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, d.produced, d.pending, d.suppressed, d.cancelled, d.sent, d.delivered, d.failed, d.expired, d.undeliverable, d.awaiting, d.unknown, d.clicks, d.unique_clicks, d.bot_clicks, d.orders, d.revenue, d.discount_redemptions, d.opt_outs, d.segments, d.cost_micros, d.audience, d.holdout FROM (SELECT * FROM consent_events WHERE false) n CROSS JOIN LATERAL report_optout_deltas(n::consent_events) d
            UNION ALL
            SELECT d.shop_id, d.source_kind, d.source_id, d.message_kind, d.bucket, -d.produced, -d.pending, -d.suppressed, -d.cancelled, -d.sent, -d.delivered, -d.failed, -d.expired, -d.undeliverable, -d.awaiting, -d.unknown, -d.clicks, -d.unique_clicks, -d.bot_clicks, -d.orders, -d.revenue, -d.discount_redemptions, -d.opt_outs, -d.segments, -d.cost_micros, -d.audience, -d.holdout FROM old_rows o CROSS JOIN LATERAL report_optout_deltas(o::consent_events) d) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.bucket
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, bucket) DO UPDATE
       SET produced = rc.produced + EXCLUDED.produced, pending = rc.pending + EXCLUDED.pending, suppressed = rc.suppressed + EXCLUDED.suppressed, cancelled = rc.cancelled + EXCLUDED.cancelled, sent = rc.sent + EXCLUDED.sent, delivered = rc.delivered + EXCLUDED.delivered, failed = rc.failed + EXCLUDED.failed, expired = rc.expired + EXCLUDED.expired, undeliverable = rc.undeliverable + EXCLUDED.undeliverable, awaiting = rc.awaiting + EXCLUDED.awaiting, unknown = rc.unknown + EXCLUDED.unknown, clicks = rc.clicks + EXCLUDED.clicks, unique_clicks = rc.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rc.bot_clicks + EXCLUDED.bot_clicks, orders = rc.orders + EXCLUDED.orders, revenue = rc.revenue + EXCLUDED.revenue, discount_redemptions = rc.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rc.opt_outs + EXCLUDED.opt_outs, segments = rc.segments + EXCLUDED.segments, cost_micros = rc.cost_micros + EXCLUDED.cost_micros, audience = rc.audience + EXCLUDED.audience, holdout = rc.holdout + EXCLUDED.holdout, updated_at = now();
    INSERT INTO subscriber_counters AS sc (shop_id, day, source, opt_ins, opt_outs)
    SELECT x.shop_id, x.day, x.source, sum(x.opt_ins), sum(x.opt_outs)
      FROM (SELECT n.shop_id, date_trunc('day', LEAST(n.occurred_at, n.recorded_at), 'UTC') AS day, n.source,
                   (n.action IN ('subscribed', 'resubscribed'))::int AS opt_ins, (n.action = 'unsubscribed')::int AS opt_outs
              FROM (SELECT * FROM consent_events WHERE false) n WHERE n.channel = 'marketing'
            UNION ALL
            SELECT o.shop_id, date_trunc('day', LEAST(o.occurred_at, o.recorded_at), 'UTC'), o.source,
                   -(o.action IN ('subscribed', 'resubscribed'))::int, -(o.action = 'unsubscribed')::int
              FROM old_rows o WHERE o.channel = 'marketing') x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY 1, 2, 3 HAVING sum(x.opt_ins) <> 0 OR sum(x.opt_outs) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (shop_id, day, source) DO UPDATE SET opt_ins = sc.opt_ins + EXCLUDED.opt_ins, opt_outs = sc.opt_outs + EXCLUDED.opt_outs;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_consent_events_delete AFTER DELETE ON "consent_events" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_consent_events_delete()
--> statement-breakpoint
CREATE FUNCTION report_attribute_orders() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- Last touch: the recipient's unique discount code wins, then the latest click by a person within the click
    -- window, then the latest delivery within the delivered window; by the order's customer (through their
    -- subscribers' phones) or the order's phone. Windows are the shop's settings when the order arrives.
    INSERT INTO order_attributions (shop_id, order_id, message_id, source_kind, source_id, message_kind, channel, matched_by,
                                    window_hours, touched_at, ordered_at, currency, in_shop_currency, total, refunded, cancelled)
    SELECT o.shop_id, o.id, t.message_id, t.source_kind, t.source_id, t.message_kind, t.channel, t.matched_by,
           t.window_hours, t.touched_at, o.shopify_created_at, o.currency, o.currency = sh.currency, o.total_price,
           o.refunded_amount, o.cancelled_at IS NOT NULL
      FROM new_rows o
      JOIN shops sh ON sh.id = o.shop_id
     CROSS JOIN LATERAL (
       SELECT COALESCE((sh.settings -> 'attributionWindows' ->> 'clickDays')::int, 5) AS click_days,
              COALESCE((sh.settings -> 'attributionWindows' ->> 'deliveredHours')::int, 24) AS delivered_hours) w
     CROSS JOIN LATERAL (
       SELECT c.* FROM (
         SELECT 0 AS pri, m.id AS message_id, m.sent_at AS touched_at, 'discount_code' AS channel, 'discount_code' AS matched_by, 0 AS window_hours,
                m.campaign_id, m.source_type, m.source_id AS msg_source_id, m.kind AS message_kind
           FROM campaign_recipients cr
           JOIN messages m ON m.id = cr.message_id
          WHERE cardinality(o.discount_codes) > 0 AND cr.shop_id = o.shop_id AND cr.discount_code = ANY (o.discount_codes)
            AND m.shop_id = o.shop_id AND m.sent_at IS NOT NULL AND m.sent_at <= o.shopify_created_at
         UNION ALL
         SELECT 1, m.id, lc.clicked_at, 'click', p.matched_by, w.click_days * 24,
                m.campaign_id, m.source_type, m.source_id, m.kind
           FROM (SELECT DISTINCT ON (x.phone) x.phone, x.matched_by
                   FROM (SELECT s.phone, 'customer' AS matched_by, 0 AS pri FROM subscribers s
                          WHERE o.customer_id IS NOT NULL AND s.shop_id = o.shop_id AND s.customer_id = o.customer_id
                         UNION ALL SELECT o.phone, 'phone', 1 WHERE o.phone IS NOT NULL) x
                  ORDER BY x.phone, x.pri) p
           JOIN messages m ON m.shop_id = o.shop_id AND m.phone = p.phone
           JOIN link_clicks lc ON lc.shop_id = o.shop_id AND lc.message_id = m.id AND NOT lc.is_bot
          WHERE m.sent_at IS NOT NULL AND lc.clicked_at <= o.shopify_created_at
            AND lc.clicked_at > o.shopify_created_at - make_interval(days => w.click_days)
         UNION ALL
         SELECT 2, m.id, m.delivered_at, 'delivery', p.matched_by, w.delivered_hours,
                m.campaign_id, m.source_type, m.source_id, m.kind
           FROM (SELECT DISTINCT ON (x.phone) x.phone, x.matched_by
                   FROM (SELECT s.phone, 'customer' AS matched_by, 0 AS pri FROM subscribers s
                          WHERE o.customer_id IS NOT NULL AND s.shop_id = o.shop_id AND s.customer_id = o.customer_id
                         UNION ALL SELECT o.phone, 'phone', 1 WHERE o.phone IS NOT NULL) x
                  ORDER BY x.phone, x.pri) p
           JOIN messages m ON m.shop_id = o.shop_id AND m.phone = p.phone
          WHERE w.delivered_hours > 0 AND m.status = 'delivered' AND m.delivered_at <= o.shopify_created_at
            AND m.delivered_at > o.shopify_created_at - make_interval(hours => w.delivered_hours)
       ) c0
       CROSS JOIN LATERAL (SELECT c0.pri, c0.message_id, c0.touched_at, c0.channel, c0.matched_by, c0.window_hours, c0.message_kind,
                                  CASE WHEN c0.campaign_id IS NOT NULL THEN 'campaign' ELSE 'flow' END AS source_kind,
                                  CASE WHEN c0.campaign_id IS NOT NULL THEN c0.campaign_id::text ELSE COALESCE(c0.msg_source_id, '') END AS source_id,
                                  c0.campaign_id, c0.source_type) c
       JOIN messages m2 ON m2.id = c.message_id
      WHERE m2.kind = 'marketing' AND m2.direction = 'outbound' AND NOT m2.is_test
        AND (m2.campaign_id IS NOT NULL OR m2.source_type = 'automation')
      ORDER BY c.pri, c.touched_at DESC
      LIMIT 1) t
    ON CONFLICT (shop_id, order_id) DO NOTHING;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_attribute_orders AFTER INSERT ON "orders" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_attribute_orders()
--> statement-breakpoint
CREATE FUNCTION report_reattribute_orders() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- orders/cancelled and refunds in orders/updated reduce the attributed revenue (an order counts once).
    UPDATE order_attributions a
       SET total = n.total_price, refunded = n.refunded_amount, cancelled = n.cancelled_at IS NOT NULL,
           currency = n.currency, in_shop_currency = n.currency = sh.currency
      FROM new_rows n JOIN shops sh ON sh.id = n.shop_id
     WHERE a.shop_id = n.shop_id AND a.order_id = n.id
       AND (a.total, a.refunded, a.cancelled, a.currency) IS DISTINCT FROM (n.total_price, n.refunded_amount, n.cancelled_at IS NOT NULL, n.currency);
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_reattribute_orders AFTER UPDATE ON "orders" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_reattribute_orders()
