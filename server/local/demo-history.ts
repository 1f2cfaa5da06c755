// A believable past for the demo shop (issue #13), so a new user sees a living dashboard on first start: 90 days
// of flow messages and three completed campaigns, with deliveries, failures, clicks (some by bots), orders placed
// after a click (attributed by the orders trigger) and opt-outs. Set-based SQL; every "random" choice is a hash of
// the row, so the history is the same on every seed. Nothing is dated after `now`. The report counters follow
// from the triggers of migration 0022.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import { recomputeCustomerAggregates } from '../store/index.js';

/** hash(...) % 1000: a deterministic per-row draw in 0..999. */
const draw = (expr: string) => `(abs(hashtext(${expr})) % 1000)`;

const FLOWS = [
  {
    key: 'abandoned_checkout',
    kind: 'marketing',
    perMille: 25,
    body: 'You left something in your cart at Demo Store. Complete your order: https://demo.example/c',
  },
  {
    key: 'welcome',
    kind: 'marketing',
    perMille: 6,
    body: 'Welcome to Demo Store texts! Here is 10% off: WELCOME10 https://demo.example/w',
  },
  {
    key: 'win_back',
    kind: 'marketing',
    perMille: 4,
    body: 'We miss you at Demo Store. New arrivals: https://demo.example/n',
  },
  {
    key: 'order_confirmation',
    kind: 'transactional',
    perMille: 20,
    body: 'Demo Store: thanks for your order! Track it here: https://demo.example/o',
  },
] as const;

const CAMPAIGNS = [
  {
    daysAgo: 62,
    name: 'Spring Sale',
    body: 'Demo Store Spring Sale: 20% off everything this weekend https://demo.example/s',
  },
  {
    daysAgo: 33,
    name: 'New Arrivals',
    body: 'Fresh arrivals at Demo Store, see what is new https://demo.example/a',
  },
  {
    daysAgo: 9,
    name: 'Weekend Flash Sale',
    body: 'Flash sale: 48 hours only at Demo Store https://demo.example/f',
  },
] as const;

const STATUS_SQL = (key: string) => `CASE WHEN ${draw(`${key} || 's'`)} < 880 THEN 'delivered'
                                         WHEN ${draw(`${key} || 's'`)} < 940 THEN 'failed'
                                         WHEN ${draw(`${key} || 's'`)} < 965 THEN 'expired'
                                         WHEN ${draw(`${key} || 's'`)} < 975 THEN 'sent'
                                         ELSE 'suppressed' END`;

export async function seedDemoHistory(tx: DbOrTx, shopId: string, now: Date): Promise<void> {
  // Flow messages: per day of the last 90 and subscribed subscriber, a draw per flow.
  for (const flow of FLOWS) {
    await tx.execute(
      bind(
        `INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, source_id, body, encoding, segments, cost_micros, idempotency_key,
                             status, suppressed_reason, provider, provider_message_id, error_code, error_reason, attempts, country_code,
                             not_before, queued_at, created_at, updated_at, sent_at, delivered_at, failed_at)
       SELECT $1, s.id, s.phone, $2, 'automation', $3, $4, 'gsm7', 1, 7900, 'demo:' || $3 || ':' || s.id || ':' || d,
              x.status, CASE WHEN x.status = 'suppressed' THEN 'quiet_hours' END, 'simulator', CASE WHEN x.status <> 'suppressed' THEN 'demo-' || md5(s.id || $3 || d) END,
              CASE WHEN x.status = 'failed' THEN 'EC_ABSENT_SUBSCRIBER' WHEN x.status = 'expired' THEN 'EC_EXPIRED' END,
              CASE WHEN x.status = 'failed' THEN 'Absent subscriber' WHEN x.status = 'expired' THEN 'Validity period expired' END,
              1, s.country_code, x.t, x.t, x.t, x.t,
              CASE WHEN x.status <> 'suppressed' THEN x.t + interval '4 seconds' END,
              CASE WHEN x.status = 'delivered' THEN x.t + interval '9 seconds' END,
              CASE WHEN x.status IN ('failed', 'expired') THEN x.t + interval '40 seconds' END
         FROM subscribers s
        CROSS JOIN generate_series(1, 90) AS d
        CROSS JOIN LATERAL (SELECT $5::timestamptz - make_interval(days => d) + make_interval(mins => ${draw(`s.id::text || d || 'm'`)}) AS t) t0
        CROSS JOIN LATERAL (SELECT t0.t, ${STATUS_SQL(`s.id::text || $3 || d`)} AS status) x
        WHERE s.shop_id = $1 AND s.marketing_state = 'subscribed' AND s.subscribed_at < x.t
          AND ${draw(`s.id::text || $3 || d::text`)} < $6`,
        [shopId, flow.kind, flow.key, flow.body, now, flow.perMille],
      ),
    );
  }
  // Three past campaigns to every subscriber subscribed at the time.
  for (const [i, c] of CAMPAIGNS.entries()) {
    const startedAt = new Date(now.getTime() - c.daysAgo * 86_400_000 - 7 * 3_600_000);
    const completedAt = new Date(startedAt.getTime() + 40 * 60_000);
    await tx.execute(
      bind(
        `WITH c AS (
         INSERT INTO campaigns (shop_id, name, slug, status, audience, message, schedule, options, started_at, completed_at, start_at,
                                fanout_phase, audience_count, queued_count, created_at, updated_at)
         VALUES ($1, $2, $3, 'completed', '{"include":"all","exclude":[]}', jsonb_build_object('templates', jsonb_build_object('en', $4::text), 'discount', NULL),
                 '{"kind":"now"}', '{"whenBlocked":"hold","smartSendingHours":16,"utm":true,"holdoutPercent":0}', $5, $6, $5, 'done', 0, 0, $5::timestamptz - interval '1 day', $6)
         RETURNING id
       ), m AS (
         INSERT INTO messages (shop_id, subscriber_id, phone, kind, source_type, source_id, campaign_id, body, encoding, segments, cost_micros,
                               idempotency_key, status, suppressed_reason, provider, provider_message_id, error_code, error_reason, attempts,
                               country_code, not_before, queued_at, created_at, updated_at, sent_at, delivered_at, failed_at)
         SELECT $1, s.id, s.phone, 'marketing', 'campaign', c.id::text, c.id, $4, 'gsm7', 1, 7900, 'campaign:' || c.id || ':' || s.id,
                x.status, CASE WHEN x.status = 'suppressed' THEN 'quiet_hours' END, 'simulator', CASE WHEN x.status <> 'suppressed' THEN 'demo-' || md5(s.id || c.id::text) END,
                CASE WHEN x.status = 'failed' THEN 'EC_ABSENT_SUBSCRIBER' WHEN x.status = 'expired' THEN 'EC_EXPIRED' END,
                CASE WHEN x.status = 'failed' THEN 'Absent subscriber' WHEN x.status = 'expired' THEN 'Validity period expired' END,
                1, s.country_code, x.t, x.t, x.t, x.t,
                CASE WHEN x.status <> 'suppressed' THEN x.t + interval '3 seconds' END,
                CASE WHEN x.status = 'delivered' THEN x.t + interval '8 seconds' END,
                CASE WHEN x.status IN ('failed', 'expired') THEN x.t + interval '50 seconds' END
           FROM c CROSS JOIN subscribers s
          CROSS JOIN LATERAL (SELECT $5::timestamptz + make_interval(secs => ${draw(`s.id::text || $7`)} * 2) AS t, ${STATUS_SQL(`s.id::text || $7`)} AS status) x
          WHERE s.shop_id = $1 AND s.marketing_state = 'subscribed' AND s.subscribed_at < $5
          RETURNING id, subscriber_id, campaign_id, status, created_at
       )
       INSERT INTO campaign_recipients (shop_id, campaign_id, subscriber_id, variant, "group", message_id, created_at)
       SELECT $1, m.campaign_id, m.subscriber_id, 'main', 'rest', m.id, m.created_at FROM m`,
        [shopId, c.name, slugOf(c.name), c.body, startedAt, completedAt, `campaign${i}`],
      ),
    );
  }
  // The fan-out's figures (audience, queued) from the rows just written: a later statement, since a statement's
  // data-modifying CTEs cannot see the campaign row its own INSERT made (an UPDATE there changed nothing).
  await tx.execute(
    bind(
      `UPDATE campaigns cp
          SET audience_count = (SELECT count(*) FROM campaign_recipients r WHERE r.shop_id = $1 AND r.campaign_id = cp.id),
              queued_count = (SELECT count(*) FROM messages m WHERE m.shop_id = $1 AND m.campaign_id = cp.id AND m.status <> 'suppressed')
        WHERE cp.shop_id = $1 AND cp.slug IN $2`,
      [shopId, CAMPAIGNS.map((c) => slugOf(c.name))],
    ),
  );
  // Opt-outs: 1.2% of campaign recipients reply STOP 30 minutes after their message.
  await tx.execute(
    bind(
      `WITH o AS (
       SELECT DISTINCT ON (m.subscriber_id) m.subscriber_id, m.sent_at + interval '30 minutes' AS at
         FROM messages m
        WHERE m.shop_id = $1 AND m.campaign_id IS NOT NULL AND m.sent_at IS NOT NULL AND ${draw(`m.idempotency_key || 'x'`)} < 12
          AND m.sent_at + interval '30 minutes' < $2
        ORDER BY m.subscriber_id, m.sent_at
     ), e AS (
       INSERT INTO consent_events (shop_id, subscriber_id, channel, action, source, evidence, occurred_at, recorded_at)
       SELECT $1, o.subscriber_id, 'marketing', 'unsubscribed', 'keyword', '{"keyword":"STOP"}', o.at, o.at FROM o
       RETURNING 1
     ), u AS (
       UPDATE subscribers s SET marketing_state = 'unsubscribed', unsubscribed_at = o.at, updated_at = o.at
         FROM o WHERE s.shop_id = $1 AND s.id = o.subscriber_id
       RETURNING 1
     )
     -- Later marketing texts to them were suppressed, as the gates would have.
     UPDATE messages m SET status = 'suppressed', suppressed_reason = 'opted_out', sent_at = NULL, delivered_at = NULL, failed_at = NULL,
            provider_message_id = NULL, error_code = NULL, error_reason = NULL, cost_micros = 0
       FROM o WHERE m.shop_id = $1 AND m.subscriber_id = o.subscriber_id AND m.kind = 'marketing' AND m.created_at > o.at`,
      [shopId, now],
    ),
  );
  // Clicks: 14% of delivered marketing messages by people (10 minutes after delivery), 4% by link-preview bots.
  await tx.execute(
    bind(
      `INSERT INTO link_clicks (shop_id, code, message_id, subscriber_id, user_agent, is_bot, clicked_at)
     SELECT m.shop_id, 'demo' || left(md5(m.idempotency_key), 6), m.id, m.subscriber_id,
            CASE WHEN b.bot THEN 'facebookexternalhit/1.1' ELSE 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148' END,
            b.bot, m.delivered_at + CASE WHEN b.bot THEN interval '2 seconds' ELSE interval '10 minutes' END
       FROM messages m
      CROSS JOIN LATERAL (SELECT ${draw(`m.idempotency_key || 'c'`)} AS v) h
      CROSS JOIN LATERAL (SELECT h.v >= 140 AS bot) b
      WHERE m.shop_id = $1 AND m.status = 'delivered' AND m.kind = 'marketing' AND h.v < 180
        AND m.delivered_at + interval '10 minutes' < $2`,
      [shopId, now],
    ),
  );
  // Orders within two hours of a third of the clicks by people: the orders trigger attributes them to the click.
  await tx.execute(
    bind(
      `INSERT INTO orders (shop_id, id, customer_id, name, email, phone, currency, total_price, subtotal_price, financial_status,
                         fulfillment_status, shopify_created_at, shopify_updated_at, created_at, updated_at)
     SELECT $1, 6000000000000 + row_number() OVER (ORDER BY lc.clicked_at, s.id), s.customer_id,
            '#D' || (5000 + row_number() OVER (ORDER BY lc.clicked_at, s.id)), NULL, s.phone, 'USD',
            (18 + ${draw(`s.id::text || lc.clicked_at::text || 'p'`)} % 140)::numeric(14, 2), (18 + ${draw(`s.id::text || lc.clicked_at::text || 'p'`)} % 140)::numeric(14, 2), 'paid', 'fulfilled',
            lc.clicked_at + make_interval(mins => 5 + ${draw(`s.id::text || lc.clicked_at::text || 't'`)} % 100), lc.clicked_at + make_interval(mins => 5 + ${draw(`s.id::text || lc.clicked_at::text || 't'`)} % 100), $2, $2
       FROM link_clicks lc JOIN subscribers s ON s.shop_id = lc.shop_id AND s.id = lc.subscriber_id
      WHERE lc.shop_id = $1 AND NOT lc.is_bot AND ${draw(`s.id::text || lc.clicked_at::text || 'o'`)} < 330
        AND lc.clicked_at + interval '2 hours' < $2`,
      [shopId, now],
    ),
  );
  const buyers = await tx.execute<{ id: string }>(
    bind(
      `SELECT DISTINCT customer_id::text AS id FROM orders WHERE shop_id = $1 AND id > 6000000000000 AND customer_id IS NOT NULL`,
      [shopId],
    ),
  );
  await recomputeCustomerAggregates(
    tx,
    shopId,
    buyers.rows.map((r) => r.id),
  );
}

/** A statement with $n placeholders bound to params (drizzle's sql template, built from text). */
const slugOf = (name: string) => name.toLowerCase().replaceAll(' ', '-');

function bind(text: string, params: unknown[]) {
  const parts = text.split(/\$(\d+)/);
  let out = sql.raw(parts[0]!);
  for (let i = 1; i < parts.length; i += 2) {
    out = sql`${out}${params[Number(parts[i]) - 1]}${sql.raw(parts[i + 1]!)}`;
  }
  return out;
}
