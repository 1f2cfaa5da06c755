// The chaos run's verdict, from the database and the simulator's hand-off log (SIMULATOR_HANDOFF_LOG: one
// line per message id the provider accepted, from every process):
// - every reachable recipient has exactly one campaign message, in a terminal state: not sending, and not queued
//   to go now (a message held by the gates for later, e.g. quiet hours or a frequency cap, is counted as held);
// - no message id was handed to the provider twice (reconciliation asks the simulator, which remembers every
//   process's hand-offs, so a documented policy resend, an abandoned message the provider could not confirm,
//   cannot occur here: any second hand-off is a duplicate), and every message recorded as sent was handed off;
// - every acknowledged webhook is in the inbox once and processed (status done);
// - every order placed got exactly one confirmation, in a terminal state, handed off at least once;
// - the report counters equal a recompute from the raw rows (server/reports/counter-repair.ts).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parseHandoffs } from '../../server/messaging/providers/simulator/handoff-log.js';
import { repairShopCounters } from '../../server/reports/counter-repair.js';

export interface Verdict {
  lost: number;
  duplicates: number;
  webhooksLost: number;
  /** Rows that disagree with the provider: handed off but recorded queued/failed/suppressed/cancelled. */
  inconsistent: number;
  counterDrift: number;
  detail: Record<string, unknown>;
}

export function handoffCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return counts;
  }
  // Torn lines (a worker killed mid-write) are skipped, as the simulator's own readers skip them.
  for (const { messageId } of parseHandoffs(text)) counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
  return counts;
}

export async function verify(
  pool: pg.Pool,
  input: {
    shopId: string;
    campaignIds: string[];
    acked: Map<string, string>;
    handoffLog: string;
  },
): Promise<Verdict> {
  const { shopId, campaignIds } = input;
  const handoffs = handoffCounts(input.handoffLog);
  const q = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) =>
    (await pool.query<T>(text, params)).rows;

  // The campaign's reachable audience, as counted when it started (consent, country, smart sending...); each of
  // them must be recorded once as a campaign recipient, with a message or the reason it was skipped.
  const [audience] = await q<{ n: number }>(
    `SELECT COALESCE(sum(audience_count), 0)::int AS n FROM campaigns WHERE shop_id = $1 AND id = ANY($2::uuid[])`,
    [shopId, campaignIds],
  );
  // Per recipient: how many campaign messages, how many terminal.
  const [perRecipient] = await q<{
    none: number;
    reached: number;
    skipped: number;
    recorded_twice: number;
    many: number;
    open: number;
    held: number;
    statuses: Record<string, number>;
  }>(
    `WITH per AS (
       SELECT s.id, count(m.id)::int AS n, count(m.id) FILTER (WHERE (m.status = 'sending' OR (m.status = 'queued' AND m.not_before <= now() + interval '1 minute')))::int AS open
         FROM subscribers s LEFT JOIN messages m ON m.shop_id = s.shop_id AND m.subscriber_id = s.id AND m.campaign_id = ANY($2::uuid[])
        WHERE s.shop_id = $1 GROUP BY s.id)
     SELECT count(*) FILTER (WHERE n = 0)::int AS none,
            (SELECT count(DISTINCT subscriber_id)::int FROM campaign_recipients
              WHERE shop_id = $1 AND campaign_id = ANY($2::uuid[])) AS reached,
            (SELECT count(*)::int FROM campaign_recipients
              WHERE shop_id = $1 AND campaign_id = ANY($2::uuid[]) AND message_id IS NULL) AS skipped,
            (SELECT count(*)::int FROM (SELECT 1 FROM campaign_recipients WHERE shop_id = $1 AND campaign_id = ANY($2::uuid[])
              GROUP BY campaign_id, subscriber_id HAVING count(*) > 1) d) AS recorded_twice,
            count(*) FILTER (WHERE n > $3)::int AS many,
            COALESCE(sum(open), 0)::int AS open,
            (SELECT count(*)::int FROM messages WHERE shop_id = $1 AND campaign_id = ANY($2::uuid[])
               AND status = 'queued' AND not_before > now() + interval '1 minute') AS held,
            (SELECT COALESCE(jsonb_object_agg(status, n), '{}') FROM (SELECT status, count(*)::int AS n FROM messages
               WHERE shop_id = $1 AND campaign_id = ANY($2::uuid[]) GROUP BY status) x) AS statuses
       FROM per`,
    [shopId, campaignIds, campaignIds.length],
  );
  const messages = await q<{ id: string; status: string; kind: string }>(
    `SELECT id, status, kind FROM messages WHERE shop_id = $1`,
    [shopId],
  );
  const known = new Set(messages.map((m) => m.id));
  let sentNeverHandedOff = 0;
  let handedOffButNotSent = 0;
  let handedOffTwice = 0;
  for (const m of messages) {
    const n = handoffs.get(m.id) ?? 0;
    if (n > 1) handedOffTwice++;
    if (n === 0 && ['sent', 'delivered'].includes(m.status)) sentNeverHandedOff++;
    if (n > 0 && ['queued', 'failed', 'suppressed', 'cancelled'].includes(m.status)) handedOffButNotSent++;
  }
  const handedOffUnknownIds = [...handoffs.keys()].filter((id) => !known.has(id)).length;

  // Webhooks: every acknowledged id stored once and processed.
  const events = await q<{ webhook_id: string; status: string }>(
    `SELECT webhook_id, status FROM webhook_events WHERE webhook_id = ANY($1::text[])`,
    [[...input.acked.keys()]],
  );
  const eventsById = new Map<string, string[]>();
  for (const e of events) eventsById.set(e.webhook_id, [...(eventsById.get(e.webhook_id) ?? []), e.status]);
  let webhooksMissing = 0;
  let webhooksUnprocessed = 0;
  let webhooksTwice = 0;
  for (const id of input.acked.keys()) {
    const s = eventsById.get(id) ?? [];
    if (s.length === 0) webhooksMissing++;
    else if (s.length > 1) webhooksTwice++;
    else if (s[0] !== 'done') webhooksUnprocessed++;
  }

  // Orders: one confirmation each (transactional: at least once to the provider).
  const orderIds = [...new Set(input.acked.values())];
  const confirmations = await q<{ order_id: string; n: number; open: number }>(
    `SELECT o.id::text AS order_id, count(m.id)::int AS n,
            count(m.id) FILTER (WHERE (m.status = 'sending' OR (m.status = 'queued' AND m.not_before <= now() + interval '1 minute')))::int AS open
       FROM unnest($2::text[]) AS o(id)
       LEFT JOIN messages m ON m.shop_id = $1 AND m.idempotency_key = 'order_confirmation:' || o.id
      GROUP BY o.id`,
    [shopId, orderIds],
  );
  const ordersWithout = confirmations.filter((c) => c.n === 0).length;
  const ordersTwice = confirmations.filter((c) => c.n > 1).length;
  const confirmationsOpen = confirmations.reduce((a, c) => a + c.open, 0);

  const drift = await repairShopCounters(pool, shopId);
  const counterDrift = drift.counters + drift.reasons + drift.subscribers;

  // Each reachable recipient once: as many recipients recorded as the audience counted (none left out).
  const unreached = Math.max(0, audience!.n - perRecipient!.reached);
  const lost = unreached + perRecipient!.open + sentNeverHandedOff + ordersWithout + confirmationsOpen;
  const duplicates = perRecipient!.many + perRecipient!.recorded_twice + handedOffTwice + ordersTwice;
  return {
    lost,
    duplicates,
    webhooksLost: webhooksMissing + webhooksUnprocessed + webhooksTwice,
    inconsistent: handedOffButNotSent + handedOffUnknownIds,
    counterDrift,
    detail: {
      audience: audience!.n,
      subscribersWithoutMessage: perRecipient!.none,
      unreached,
      recipientsRecorded: perRecipient!.reached,
      skippedAtFanOut: perRecipient!.skipped,
      recipientsRecordedTwice: perRecipient!.recorded_twice,
      recipientsWithSeveral: perRecipient!.many,
      campaignMessagesOpen: perRecipient!.open,
      campaignMessagesHeld: perRecipient!.held,
      campaignStatuses: perRecipient!.statuses,
      handoffs: [...handoffs.values()].reduce((a, b) => a + b, 0),
      handedOffTwice,
      sentNeverHandedOff,
      handedOffButNotSent,
      handedOffUnknownIds,
      webhooksAcked: input.acked.size,
      webhooksMissing,
      webhooksUnprocessed,
      webhooksTwice,
      orders: orderIds.length,
      ordersWithout,
      ordersTwice,
      confirmationsOpen,
      counterDrift: drift,
    },
  };
}
