-- Reports (issue #12, speed of a campaign): the statement-level report triggers (migrations 0022 and 0026) were a
-- third of the database's CPU in bench:dispatch (perf), most of it for nothing:
-- 1. Every report trigger returns at once when its transition table is empty. An INSERT ... ON CONFLICT DO UPDATE
--    fires both the INSERT and the UPDATE statement triggers, whatever it did, so each counter upsert of a trigger ran
--    both daily-rollup statements, and each page of campaign recipients both recipient-counter statements; a
--    statement that changes no row also fires them. Each such run planned or started a statement of some hundred
--    expressions to add nothing.
-- 2. The report_reasons statement of the messages and campaign recipients triggers runs only when a row could give a
--    reason (a message suppressed, failed, expired or undeliverable; a recipient with a suppressed_reason): a superset
--    of the rows report_message_reasons and report_recipient_reasons return, so the reasons are unchanged.
-- 3. report_message_deltas no longer returns its all-zero rows: the "sent" row of a message not sent yet and the
--    "outcome" row of one with no outcome yet (queued, sending, suppressed, cancelled). Every caller sums the deltas
--    and keeps non-zero sums only (the triggers' HAVING, the nightly repair's drift), so the sums are unchanged; a
--    message enqueued or claimed now makes one delta row instead of three.
-- 4. report_messages_update returns at once when no row changed an attribute the counters or reasons read, each
--    row paired with its old version by id (a hash full join; a row whose id changed, never done, counts as
--    changed). The dispatcher's claim (queued -> sending, both "pending" to every counter, neither with a reason)
--    changes nothing counted and now computes nothing. The attributes are exactly those report_message_deltas
--    and report_message_reasons read, with 'sending' the same as 'queued': a change to either function must keep
--    this list in step (test/integration/reports/report-trigger-guards.test.ts checks it against a recompute).
-- The function bodies are those of 0022 and 0026 with these guards added; nothing else changes.
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_message_deltas(m messages) RETURNS SETOF report_counter_delta LANGUAGE sql STABLE AS $$
  SELECT m.shop_id, CASE WHEN m.campaign_id IS NOT NULL THEN 'campaign' WHEN m.source_type = 'automation' THEN 'flow' ELSE 'other' END, CASE WHEN m.campaign_id IS NOT NULL THEN m.campaign_id::text WHEN m.source_type = 'automation' THEN COALESCE(m.source_id, '') ELSE m.source_type END, m.kind, v.bucket, v.produced, v.pending, v.suppressed, v.cancelled, v.sent, v.delivered, v.failed, v.expired, v.undeliverable, v.awaiting, v.unknown, v.clicks, v.unique_clicks, v.bot_clicks, v.orders, v.revenue, v.discount_redemptions, v.opt_outs, v.segments, v.cost_micros, v.audience, v.holdout
    FROM (VALUES
      (true, date_trunc('hour', m.created_at, 'UTC'), 1, (m.status IN ('queued', 'sending'))::int, (m.status = 'suppressed')::int, (m.status = 'cancelled')::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::numeric, 0, 0, 0, 0, 0, 0),
      (m.sent_at IS NOT NULL, date_trunc('hour', COALESCE(m.sent_at, m.created_at), 'UTC'), 0, 0, 0, 0, (m.sent_at IS NOT NULL)::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::numeric, 0, 0, CASE WHEN m.sent_at IS NOT NULL THEN m.segments ELSE 0 END, CASE WHEN m.sent_at IS NOT NULL THEN m.cost_micros ELSE 0 END, 0, 0),
      (m.status IN ('delivered', 'failed', 'expired', 'undeliverable', 'sent', 'unknown'), date_trunc('hour', CASE WHEN m.status = 'delivered' THEN COALESCE(m.delivered_at, m.sent_at, m.created_at) ELSE COALESCE(m.failed_at, m.sent_at, m.created_at) END, 'UTC'), 0, 0, 0, 0, 0, (m.status = 'delivered')::int, (m.status = 'failed')::int, (m.status = 'expired')::int, (m.status = 'undeliverable')::int, (m.status = 'sent')::int, (m.status = 'unknown')::int, 0, 0, 0, 0, 0::numeric, 0, 0, 0, 0, 0, 0)
    ) AS v(keep, bucket, produced, pending, suppressed, cancelled, sent, delivered, failed, expired, undeliverable, awaiting, unknown, clicks, unique_clicks, bot_clicks, orders, revenue, discount_redemptions, opt_outs, segments, cost_micros, audience, holdout)
   WHERE v.keep AND m.direction = 'outbound' AND NOT m.is_test
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_messages_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
    IF EXISTS (SELECT 1 FROM new_rows WHERE status IN ('suppressed', 'failed', 'expired', 'undeliverable')) THEN
      INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
      SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
        FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_message_reasons(n::messages) d
              UNION ALL
              SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM (SELECT * FROM messages WHERE false) o CROSS JOIN LATERAL report_message_reasons(o::messages) d) x
       WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
       ORDER BY 1, 2, 3, 5, 6, 4
      ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_messages_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- Only rows whose counted attributes changed move a counter (see the header): none, nothing to do.
    IF NOT EXISTS (
      SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
       WHERE o.id IS NULL OR n.id IS NULL
          OR (o.shop_id, o.campaign_id, o.source_type, o.source_id, o.kind, o.direction, o.is_test, CASE WHEN o.status = 'sending' THEN 'queued' ELSE o.status END, o.created_at, o.sent_at, o.delivered_at, o.failed_at, o.segments, o.cost_micros, o.suppressed_reason, o.error_code)
             IS DISTINCT FROM (n.shop_id, n.campaign_id, n.source_type, n.source_id, n.kind, n.direction, n.is_test, CASE WHEN n.status = 'sending' THEN 'queued' ELSE n.status END, n.created_at, n.sent_at, n.delivered_at, n.failed_at, n.segments, n.cost_micros, n.suppressed_reason, n.error_code)) THEN
      RETURN NULL;
    END IF;
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
    IF EXISTS (SELECT 1 FROM new_rows WHERE status IN ('suppressed', 'failed', 'expired', 'undeliverable')) OR EXISTS (SELECT 1 FROM old_rows WHERE status IN ('suppressed', 'failed', 'expired', 'undeliverable')) THEN
      INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
      SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
        FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_message_reasons(n::messages) d
              UNION ALL
              SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_message_reasons(o::messages) d) x
       WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
       ORDER BY 1, 2, 3, 5, 6, 4
      ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_messages_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
      RETURN NULL;
    END IF;
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
    IF EXISTS (SELECT 1 FROM old_rows WHERE status IN ('suppressed', 'failed', 'expired', 'undeliverable')) THEN
      INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
      SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
        FROM (SELECT d.* FROM (SELECT * FROM messages WHERE false) n CROSS JOIN LATERAL report_message_reasons(n::messages) d
              UNION ALL
              SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_message_reasons(o::messages) d) x
       WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
       ORDER BY 1, 2, 3, 5, 6, 4
      ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_link_clicks_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_link_clicks_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_link_clicks_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_campaign_recipients_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
    IF EXISTS (SELECT 1 FROM new_rows WHERE suppressed_reason IS NOT NULL) THEN
      INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
      SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
        FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_recipient_reasons(n::campaign_recipients) d
              UNION ALL
              SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM (SELECT * FROM campaign_recipients WHERE false) o CROSS JOIN LATERAL report_recipient_reasons(o::campaign_recipients) d) x
       WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
       ORDER BY 1, 2, 3, 5, 6, 4
      ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_campaign_recipients_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
    IF EXISTS (SELECT 1 FROM new_rows WHERE suppressed_reason IS NOT NULL) OR EXISTS (SELECT 1 FROM old_rows WHERE suppressed_reason IS NOT NULL) THEN
      INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
      SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
        FROM (SELECT d.* FROM new_rows n CROSS JOIN LATERAL report_recipient_reasons(n::campaign_recipients) d
              UNION ALL
              SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_recipient_reasons(o::campaign_recipients) d) x
       WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
       ORDER BY 1, 2, 3, 5, 6, 4
      ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_campaign_recipients_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
      RETURN NULL;
    END IF;
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
    IF EXISTS (SELECT 1 FROM old_rows WHERE suppressed_reason IS NOT NULL) THEN
      INSERT INTO report_reasons AS rr (shop_id, source_kind, source_id, day, dimension, reason, count)
      SELECT x.shop_id, x.source_kind, x.source_id, x.day, x.dimension, x.reason, sum(x.n)
        FROM (SELECT d.* FROM (SELECT * FROM campaign_recipients WHERE false) n CROSS JOIN LATERAL report_recipient_reasons(n::campaign_recipients) d
              UNION ALL
              SELECT d.shop_id, d.source_kind, d.source_id, d.day, d.dimension, d.reason, -d.n FROM old_rows o CROSS JOIN LATERAL report_recipient_reasons(o::campaign_recipients) d) x
       WHERE EXISTS (SELECT 1 FROM shops s WHERE s.id = x.shop_id)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0
       ORDER BY 1, 2, 3, 5, 6, 4
      ON CONFLICT (shop_id, source_kind, source_id, dimension, reason, day) DO UPDATE SET count = rr.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
  END
$$
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_order_attributions_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_order_attributions_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_order_attributions_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_consent_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_consent_events_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_consent_events_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_counters_daily_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_counters_daily_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION report_counters_daily_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
      RETURN NULL;
    END IF;
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
