-- Order attribution (migration 0022) planned for the tables as they are, at each statement. PL/pgSQL keeps a
-- static statement's plan for the life of the connection, and a pool's connection typically attributes its
-- first order while messages and campaign_recipients are (nearly) empty. The plan made then (found by npm run
-- chaos) read messages as the outer side of the candidate join, estimated at one row, and ran the three
-- candidate lookups again for each of its rows, each an index scan of all the shop's messages: per order,
-- the square of the shop's marketing messages. Under a campaign an orders/create batch ran for minutes
-- (8 orders and 3,000 messages: 9.7 s), holding the inbox transaction and its key-share lock on the shop row.
-- Now the statement is run through EXECUTE, so it is planned at each call against the tables' current size,
-- and the candidate rows are filtered as marketing where they are read (no second join to messages, the
-- shape that made the blow-up possible). The result is unchanged: last touch, the recipient's unique code
-- first, then the latest click by a person in the click window, then the latest delivery in the delivered
-- window, by the order's customer (their subscribers' phones) or its phone.
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_attribute_orders() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    EXECUTE $sql$
    INSERT INTO order_attributions (shop_id, order_id, message_id, source_kind, source_id, message_kind, channel, matched_by,
                                    window_hours, touched_at, ordered_at, currency, in_shop_currency, total, refunded, cancelled)
    SELECT o.shop_id, o.id, t.message_id,
           CASE WHEN t.campaign_id IS NOT NULL THEN 'campaign' ELSE 'flow' END,
           CASE WHEN t.campaign_id IS NOT NULL THEN t.campaign_id::text ELSE COALESCE(t.msg_source_id, '') END,
           t.message_kind, t.channel, t.matched_by, t.window_hours, t.touched_at, o.shopify_created_at, o.currency,
           o.currency = sh.currency, o.total_price, o.refunded_amount, o.cancelled_at IS NOT NULL
      FROM new_rows o
      JOIN shops sh ON sh.id = o.shop_id
     CROSS JOIN LATERAL (
       SELECT COALESCE((sh.settings -> 'attributionWindows' ->> 'clickDays')::int, 5) AS click_days,
              COALESCE((sh.settings -> 'attributionWindows' ->> 'deliveredHours')::int, 24) AS delivered_hours) w
     CROSS JOIN LATERAL (
       SELECT c.* FROM (
         SELECT 0 AS pri, m.id AS message_id, m.sent_at AS touched_at, 'discount_code' AS channel, 'discount_code' AS matched_by,
                0 AS window_hours, m.campaign_id, m.source_id AS msg_source_id, m.kind AS message_kind
           FROM campaign_recipients cr
           JOIN messages m ON m.id = cr.message_id
          WHERE cardinality(o.discount_codes) > 0 AND cr.shop_id = o.shop_id AND cr.discount_code = ANY (o.discount_codes)
            AND m.shop_id = o.shop_id AND m.sent_at IS NOT NULL AND m.sent_at <= o.shopify_created_at
            AND m.kind = 'marketing' AND m.direction = 'outbound' AND NOT m.is_test AND (m.campaign_id IS NOT NULL OR m.source_type = 'automation')
         UNION ALL
         SELECT 1, m.id, lc.clicked_at, 'click', p.matched_by, w.click_days * 24, m.campaign_id, m.source_id, m.kind
           FROM (SELECT DISTINCT ON (x.phone) x.phone, x.matched_by
                   FROM (SELECT s.phone, 'customer' AS matched_by, 0 AS pri FROM subscribers s
                          WHERE o.customer_id IS NOT NULL AND s.shop_id = o.shop_id AND s.customer_id = o.customer_id
                         UNION ALL SELECT o.phone, 'phone', 1 WHERE o.phone IS NOT NULL) x
                  ORDER BY x.phone, x.pri) p
           JOIN messages m ON m.shop_id = o.shop_id AND m.phone = p.phone
           JOIN link_clicks lc ON lc.shop_id = o.shop_id AND lc.message_id = m.id AND NOT lc.is_bot
          WHERE m.sent_at IS NOT NULL AND lc.clicked_at <= o.shopify_created_at
            AND lc.clicked_at > o.shopify_created_at - make_interval(days => w.click_days)
            AND m.kind = 'marketing' AND m.direction = 'outbound' AND NOT m.is_test AND (m.campaign_id IS NOT NULL OR m.source_type = 'automation')
         UNION ALL
         SELECT 2, m.id, m.delivered_at, 'delivery', p.matched_by, w.delivered_hours, m.campaign_id, m.source_id, m.kind
           FROM (SELECT DISTINCT ON (x.phone) x.phone, x.matched_by
                   FROM (SELECT s.phone, 'customer' AS matched_by, 0 AS pri FROM subscribers s
                          WHERE o.customer_id IS NOT NULL AND s.shop_id = o.shop_id AND s.customer_id = o.customer_id
                         UNION ALL SELECT o.phone, 'phone', 1 WHERE o.phone IS NOT NULL) x
                  ORDER BY x.phone, x.pri) p
           JOIN messages m ON m.shop_id = o.shop_id AND m.phone = p.phone
          WHERE w.delivered_hours > 0 AND m.status = 'delivered' AND m.delivered_at <= o.shopify_created_at
            AND m.delivered_at > o.shopify_created_at - make_interval(hours => w.delivered_hours)
            AND m.kind = 'marketing' AND m.direction = 'outbound' AND NOT m.is_test AND (m.campaign_id IS NOT NULL OR m.source_type = 'automation')
       ) c
      ORDER BY c.pri, c.touched_at DESC
      LIMIT 1) t
    ON CONFLICT (shop_id, order_id) DO NOTHING
    $sql$;
    RETURN NULL;
  END
$$
--> statement-breakpoint
-- orders/updated and orders/cancelled: the same, so a plan made while order_attributions was empty (a scan of
-- it for each updated order) is not kept as the table grows.
CREATE OR REPLACE FUNCTION report_reattribute_orders() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- orders/cancelled and refunds in orders/updated reduce the attributed revenue (an order counts once).
    EXECUTE $sql$
    UPDATE order_attributions a
       SET total = n.total_price, refunded = n.refunded_amount, cancelled = n.cancelled_at IS NOT NULL,
           currency = n.currency, in_shop_currency = n.currency = sh.currency
      FROM new_rows n JOIN shops sh ON sh.id = n.shop_id
     WHERE a.shop_id = n.shop_id AND a.order_id = n.id
       AND (a.total, a.refunded, a.cancelled, a.currency) IS DISTINCT FROM (n.total_price, n.refunded_amount, n.cancelled_at IS NOT NULL, n.currency)
    $sql$;
    RETURN NULL;
  END
$$
