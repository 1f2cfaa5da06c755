-- Issue #9 §3: a consent row takes effect at least(occurred_at, recorded_at), never at a claimed time in the
-- future. Rows written before that rule (the demo seed's, or any API/Shopify consent dated ahead) could
-- outrank a later STOP and leave the cached state subscribed after "You are unsubscribed". Re-derive, in
-- the safe direction only: where the last event in effect order is an opt-out, the cache says unsubscribed.
-- (The ledger itself is append-only and is not changed.)
WITH last_marketing AS (
  SELECT DISTINCT ON (subscriber_id) subscriber_id, action, least(occurred_at, recorded_at) AS effective_at
  FROM consent_events
  WHERE channel = 'marketing'
  ORDER BY subscriber_id, least(occurred_at, recorded_at) DESC, id DESC
)
UPDATE subscribers s
SET marketing_state = 'unsubscribed', subscribed_at = NULL, unsubscribed_at = l.effective_at, updated_at = now()
FROM last_marketing l
WHERE l.subscriber_id = s.id AND l.action = 'unsubscribed' AND s.marketing_state <> 'unsubscribed';--> statement-breakpoint
WITH last_transactional AS (
  SELECT DISTINCT ON (subscriber_id) subscriber_id, action
  FROM consent_events
  WHERE channel = 'transactional'
  ORDER BY subscriber_id, least(occurred_at, recorded_at) DESC, id DESC
)
UPDATE subscribers s
SET transactional_state = 'unsubscribed', updated_at = now()
FROM last_transactional l
WHERE l.subscriber_id = s.id AND l.action = 'unsubscribed' AND s.transactional_state <> 'unsubscribed';
