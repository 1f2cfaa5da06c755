-- Reports (issue #13): a daily rollup of report_counters, so that reports over weeks or months (the overview, the
-- flow reports, the automations list) sum a row per source and day instead of one per hour. It is kept by
-- statement-level triggers on report_counters itself: whatever changes the hourly counters (the triggers of
-- migration 0022, the nightly repair) changes the day's row by the same amount, set-based, in the same
-- transaction. Rows are upserted in key order, after the hourly rows of the same statement, so two statements
-- lock hourly rows before daily ones and daily rows in one order. The nightly repair
-- (server/reports/counter-repair.ts) recomputes each day from the (repaired) hourly rows and adds any difference.
--> statement-breakpoint
CREATE TABLE "report_counters_daily" (
	"shop_id" uuid NOT NULL REFERENCES "shops"("id") ON DELETE CASCADE,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"message_kind" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
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
	CONSTRAINT "report_counters_daily_pk" PRIMARY KEY ("shop_id", "source_kind", "source_id", "message_kind", "day")
)
--> statement-breakpoint
CREATE INDEX "report_counters_daily_shop_day_idx" ON "report_counters_daily" ("shop_id", "day")
--> statement-breakpoint
INSERT INTO report_counters_daily (shop_id, source_kind, source_id, message_kind, day, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
SELECT shop_id, source_kind, source_id, message_kind, date_trunc('day', bucket, 'UTC'), sum(produced), sum(pending), sum(suppressed), sum(cancelled), sum(sent), sum(delivered), sum(failed), sum(expired), sum(undeliverable), sum(awaiting), sum(unknown), sum(clicks), sum(unique_clicks), sum(bot_clicks), sum(orders), sum(revenue), sum(discount_redemptions), sum(opt_outs), sum(segments), sum(cost_micros), sum(audience), sum(holdout)
  FROM report_counters
 GROUP BY shop_id, source_kind, source_id, message_kind, date_trunc('day', bucket, 'UTC')
--> statement-breakpoint
CREATE FUNCTION report_counters_daily_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters_daily AS rd (shop_id, source_kind, source_id, message_kind, day, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.day, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT n.shop_id, n.source_kind, n.source_id, n.message_kind, date_trunc('day', n.bucket, 'UTC') AS day, n.produced, n.pending, n.suppressed, n.cancelled, n.sent, n.delivered, n.failed, n.expired, n.undeliverable, n.awaiting, n.unknown, n.clicks, n.unique_clicks, n.bot_clicks, n.orders, n.revenue, n.discount_redemptions, n.opt_outs, n.segments, n.cost_micros, n.audience, n.holdout FROM new_rows n) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.day
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, day) DO UPDATE
       SET produced = rd.produced + EXCLUDED.produced, pending = rd.pending + EXCLUDED.pending, suppressed = rd.suppressed + EXCLUDED.suppressed, cancelled = rd.cancelled + EXCLUDED.cancelled, sent = rd.sent + EXCLUDED.sent, delivered = rd.delivered + EXCLUDED.delivered, failed = rd.failed + EXCLUDED.failed, expired = rd.expired + EXCLUDED.expired, undeliverable = rd.undeliverable + EXCLUDED.undeliverable, awaiting = rd.awaiting + EXCLUDED.awaiting, unknown = rd.unknown + EXCLUDED.unknown, clicks = rd.clicks + EXCLUDED.clicks, unique_clicks = rd.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rd.bot_clicks + EXCLUDED.bot_clicks, orders = rd.orders + EXCLUDED.orders, revenue = rd.revenue + EXCLUDED.revenue, discount_redemptions = rd.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rd.opt_outs + EXCLUDED.opt_outs, segments = rd.segments + EXCLUDED.segments, cost_micros = rd.cost_micros + EXCLUDED.cost_micros, audience = rd.audience + EXCLUDED.audience, holdout = rd.holdout + EXCLUDED.holdout;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_counters_daily_insert AFTER INSERT ON "report_counters" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counters_daily_insert()
--> statement-breakpoint
CREATE FUNCTION report_counters_daily_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters_daily AS rd (shop_id, source_kind, source_id, message_kind, day, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.day, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT n.shop_id, n.source_kind, n.source_id, n.message_kind, date_trunc('day', n.bucket, 'UTC') AS day, n.produced, n.pending, n.suppressed, n.cancelled, n.sent, n.delivered, n.failed, n.expired, n.undeliverable, n.awaiting, n.unknown, n.clicks, n.unique_clicks, n.bot_clicks, n.orders, n.revenue, n.discount_redemptions, n.opt_outs, n.segments, n.cost_micros, n.audience, n.holdout FROM new_rows n
            UNION ALL
            SELECT o.shop_id, o.source_kind, o.source_id, o.message_kind, date_trunc('day', o.bucket, 'UTC') AS day, -o.produced AS produced, -o.pending AS pending, -o.suppressed AS suppressed, -o.cancelled AS cancelled, -o.sent AS sent, -o.delivered AS delivered, -o.failed AS failed, -o.expired AS expired, -o.undeliverable AS undeliverable, -o.awaiting AS awaiting, -o.unknown AS unknown, -o.clicks AS clicks, -o.unique_clicks AS unique_clicks, -o.bot_clicks AS bot_clicks, -o.orders AS orders, -o.revenue AS revenue, -o.discount_redemptions AS discount_redemptions, -o.opt_outs AS opt_outs, -o.segments AS segments, -o.cost_micros AS cost_micros, -o.audience AS audience, -o.holdout AS holdout FROM old_rows o) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.day
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, day) DO UPDATE
       SET produced = rd.produced + EXCLUDED.produced, pending = rd.pending + EXCLUDED.pending, suppressed = rd.suppressed + EXCLUDED.suppressed, cancelled = rd.cancelled + EXCLUDED.cancelled, sent = rd.sent + EXCLUDED.sent, delivered = rd.delivered + EXCLUDED.delivered, failed = rd.failed + EXCLUDED.failed, expired = rd.expired + EXCLUDED.expired, undeliverable = rd.undeliverable + EXCLUDED.undeliverable, awaiting = rd.awaiting + EXCLUDED.awaiting, unknown = rd.unknown + EXCLUDED.unknown, clicks = rd.clicks + EXCLUDED.clicks, unique_clicks = rd.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rd.bot_clicks + EXCLUDED.bot_clicks, orders = rd.orders + EXCLUDED.orders, revenue = rd.revenue + EXCLUDED.revenue, discount_redemptions = rd.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rd.opt_outs + EXCLUDED.opt_outs, segments = rd.segments + EXCLUDED.segments, cost_micros = rd.cost_micros + EXCLUDED.cost_micros, audience = rd.audience + EXCLUDED.audience, holdout = rd.holdout + EXCLUDED.holdout;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_counters_daily_update AFTER UPDATE ON "report_counters" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counters_daily_update()
--> statement-breakpoint
CREATE FUNCTION report_counters_daily_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO report_counters_daily AS rd (shop_id, source_kind, source_id, message_kind, day, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
    SELECT x.shop_id, x.source_kind, x.source_id, x.message_kind, x.day, sum(x.produced), sum(x.pending), sum(x.suppressed), sum(x.cancelled), sum(x.sent), sum(x.delivered), sum(x.failed), sum(x.expired), sum(x.undeliverable), sum(x.awaiting), sum(x.unknown), sum(x.clicks), sum(x.unique_clicks), sum(x.bot_clicks), sum(x.orders), sum(x.revenue), sum(x.discount_redemptions), sum(x.opt_outs), sum(x.segments), sum(x.cost_micros), sum(x.audience), sum(x.holdout)
      FROM (SELECT o.shop_id, o.source_kind, o.source_id, o.message_kind, date_trunc('day', o.bucket, 'UTC') AS day, -o.produced AS produced, -o.pending AS pending, -o.suppressed AS suppressed, -o.cancelled AS cancelled, -o.sent AS sent, -o.delivered AS delivered, -o.failed AS failed, -o.expired AS expired, -o.undeliverable AS undeliverable, -o.awaiting AS awaiting, -o.unknown AS unknown, -o.clicks AS clicks, -o.unique_clicks AS unique_clicks, -o.bot_clicks AS bot_clicks, -o.orders AS orders, -o.revenue AS revenue, -o.discount_redemptions AS discount_redemptions, -o.opt_outs AS opt_outs, -o.segments AS segments, -o.cost_micros AS cost_micros, -o.audience AS audience, -o.holdout AS holdout FROM old_rows o) x
     WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
     GROUP BY x.shop_id, x.source_kind, x.source_id, x.message_kind, x.day
    HAVING sum(x.produced) <> 0 OR sum(x.pending) <> 0 OR sum(x.suppressed) <> 0 OR sum(x.cancelled) <> 0 OR sum(x.sent) <> 0 OR sum(x.delivered) <> 0 OR sum(x.failed) <> 0 OR sum(x.expired) <> 0 OR sum(x.undeliverable) <> 0 OR sum(x.awaiting) <> 0 OR sum(x.unknown) <> 0 OR sum(x.clicks) <> 0 OR sum(x.unique_clicks) <> 0 OR sum(x.bot_clicks) <> 0 OR sum(x.orders) <> 0 OR sum(x.revenue) <> 0 OR sum(x.discount_redemptions) <> 0 OR sum(x.opt_outs) <> 0 OR sum(x.segments) <> 0 OR sum(x.cost_micros) <> 0 OR sum(x.audience) <> 0 OR sum(x.holdout) <> 0
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (shop_id, source_kind, source_id, message_kind, day) DO UPDATE
       SET produced = rd.produced + EXCLUDED.produced, pending = rd.pending + EXCLUDED.pending, suppressed = rd.suppressed + EXCLUDED.suppressed, cancelled = rd.cancelled + EXCLUDED.cancelled, sent = rd.sent + EXCLUDED.sent, delivered = rd.delivered + EXCLUDED.delivered, failed = rd.failed + EXCLUDED.failed, expired = rd.expired + EXCLUDED.expired, undeliverable = rd.undeliverable + EXCLUDED.undeliverable, awaiting = rd.awaiting + EXCLUDED.awaiting, unknown = rd.unknown + EXCLUDED.unknown, clicks = rd.clicks + EXCLUDED.clicks, unique_clicks = rd.unique_clicks + EXCLUDED.unique_clicks, bot_clicks = rd.bot_clicks + EXCLUDED.bot_clicks, orders = rd.orders + EXCLUDED.orders, revenue = rd.revenue + EXCLUDED.revenue, discount_redemptions = rd.discount_redemptions + EXCLUDED.discount_redemptions, opt_outs = rd.opt_outs + EXCLUDED.opt_outs, segments = rd.segments + EXCLUDED.segments, cost_micros = rd.cost_micros + EXCLUDED.cost_micros, audience = rd.audience + EXCLUDED.audience, holdout = rd.holdout + EXCLUDED.holdout;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE TRIGGER report_counters_daily_delete AFTER DELETE ON "report_counters" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counters_daily_delete()
