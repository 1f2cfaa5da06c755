// The dispatcher's claim with a campaign in the queue: transactional messages are claimed before every
// marketing message, messages of a paused or cancelled campaign are never claimed, and pausing, resuming
// and cancelling park, restore and cancel the campaign's queued messages (each keeping its own send time).
import { start, type RunningApp } from '../../../server/main.js';
import {
  applyCampaignStatusToMessages,
  CAMPAIGN_CANCELLED_REASON,
} from '../../../server/campaigns/campaign-messages.js';
import { campaignProgress } from '../../../server/campaigns/campaign-progress.js';
import { claimBatch, newClaimToken } from '../../../server/messaging/outbox/claim.js';
import { enqueueMessages } from '../../../server/messaging/outbox/enqueue.js';
import type { MessageDraft } from '../../../server/messaging/outbox/types.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { addSubscribers, createShop, phoneOf } from '../messaging/outbox/support.js';

/** 12:00 in New York (EDT), a Tuesday: inside the sending window. */
const NOON_NY = new Date('2025-06-10T16:00:00Z');
const LATER = new Date(NOON_NY.getTime() + 60_000);

describe('claim: transactional first, paused and cancelled campaigns held', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  async function createCampaign(shopId: string, status = 'sending'): Promise<string> {
    const { rows } = await app.database.pool.query<{ id: string }>(
      `INSERT INTO campaigns (shop_id, name, slug, status, audience, message, schedule, options)
       VALUES ($1, 'Spring', 'spring', $2, '{"include":"all","exclude":[]}', '{"templates":{"en":"Sale"},"discount":null}',
               '{"kind":"now"}', '{"whenBlocked":"hold","smartSendingHours":0,"utm":true,"holdoutPercent":0}')
       RETURNING id`,
      [shopId, status],
    );
    return rows[0]!.id;
  }
  const setStatus = (campaignId: string, status: string) =>
    app.database.pool.query('UPDATE campaigns SET status = $2 WHERE id = $1', [campaignId, status]);
  const campaignDrafts = (
    campaignId: string,
    from: number,
    count: number,
    extra: Partial<MessageDraft> = {},
  ): MessageDraft[] =>
    Array.from({ length: count }, (_, k) => ({
      phone: phoneOf(from + k),
      kind: 'marketing',
      sourceType: 'campaign',
      sourceId: campaignId,
      campaignId,
      body: `Spring sale ${from + k}`,
      idempotencyKey: `campaign:${campaignId}:${from + k}`,
      ...extra,
    }));
  const claim = (limit: number, now = LATER) =>
    claimBatch(app.database.pool, { now, limit, leaseMs: 60_000, claimToken: newClaimToken('test') });
  const statusOf = async (shopId: string, campaignId: string) =>
    Object.fromEntries(
      (
        await app.database.pool.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM messages WHERE shop_id = $1 AND campaign_id = $2 GROUP BY status',
          [shopId, campaignId],
        )
      ).rows.map((r) => [r.status, r.n]),
    );

  it('claims a transactional message queued after 3,000 campaign messages in the first batch', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 3001);
    const campaignId = await createCampaign(shopId);
    expect(
      (await enqueueMessages(pool, shopId, campaignDrafts(campaignId, 0, 3000), { now: NOON_NY })).queued,
    ).toBe(3000);
    const order = await enqueueMessages(
      pool,
      shopId,
      [
        {
          phone: phoneOf(3000),
          kind: 'transactional',
          sourceType: 'automation',
          sourceId: 'order_confirmation',
          body: 'Order #1001 confirmed',
          idempotencyKey: 'order:1001',
        },
      ],
      { now: new Date(NOON_NY.getTime() + 30_000) },
    );
    const first = await claim(100);
    expect(first).toHaveLength(100);
    expect(first[0]!.id).toBe(order.messages[0]!.id);
    expect(first.slice(1).every((m) => m.kind === 'marketing')).toBe(true);
    // Without the transactional one, the batch is filled with the oldest marketing messages.
    const second = await claim(100);
    expect(second).toHaveLength(100);
    expect(second.every((m) => m.kind === 'marketing')).toBe(true);
    // Claims are global: leave nothing queued for the next test.
    await pool.query(`DELETE FROM messages WHERE shop_id = $1`, [shopId]);
  });

  it('never claims a paused campaign, parks and restores its messages with their own times, and cancels them with the reason', async () => {
    const pool = app.database.pool;
    const shopId = await createShop(pool);
    await addSubscribers(pool, shopId, 300);
    const campaignId = await createCampaign(shopId);
    const other = await createCampaign(shopId);
    // 100 due now, 100 for a recipient-local time tomorrow; another campaign's 100 keep going.
    const tomorrow = new Date(NOON_NY.getTime() + 86_400_000);
    await enqueueMessages(pool, shopId, campaignDrafts(campaignId, 0, 100), { now: NOON_NY });
    await enqueueMessages(pool, shopId, campaignDrafts(campaignId, 100, 100, { notBefore: tomorrow }), {
      now: NOON_NY,
    });
    await enqueueMessages(pool, shopId, campaignDrafts(other, 200, 100), { now: NOON_NY });

    await setStatus(campaignId, 'paused');
    // The status alone holds the campaign at the next claim, before any message is touched.
    const whilePaused = await claim(1000);
    expect(whilePaused).toHaveLength(100);
    const { rows: claimedCampaigns } = await pool.query<{ campaign_id: string }>(
      'SELECT DISTINCT campaign_id FROM messages WHERE id = ANY($1::uuid[])',
      [whilePaused.map((m) => m.id)],
    );
    expect(claimedCampaigns.map((r) => r.campaign_id)).toEqual([other]);

    const paused = await applyCampaignStatusToMessages(pool, shopId, campaignId);
    expect(paused).toMatchObject({ status: 'paused', parked: 200 });
    // Parked rows are out of reach even for a claim far in the future, and pausing twice moves nothing.
    await setStatus(campaignId, 'sending');
    expect(await claim(1000, new Date('3000-01-01T00:00:00Z'))).toHaveLength(0);
    await setStatus(campaignId, 'paused');
    expect((await applyCampaignStatusToMessages(pool, shopId, campaignId)).parked).toBe(0);

    await setStatus(campaignId, 'sending');
    expect(await applyCampaignStatusToMessages(pool, shopId, campaignId)).toMatchObject({
      status: 'sending',
      unparked: 200,
    });
    const { rows: times } = await pool.query<{ not_before: Date; n: number }>(
      'SELECT not_before, count(*)::int AS n FROM messages WHERE campaign_id = $1 GROUP BY not_before ORDER BY not_before',
      [campaignId],
    );
    expect(times.map((t) => [t.not_before.toISOString(), t.n])).toEqual([
      [NOON_NY.toISOString(), 100],
      [tomorrow.toISOString(), 100],
    ]);
    const resumed = await claim(1000);
    expect(resumed).toHaveLength(100);

    // Cancel: the 100 queued for tomorrow become cancelled with the reason; the claimed ones are not touched.
    await setStatus(campaignId, 'cancelled');
    expect(await applyCampaignStatusToMessages(pool, shopId, campaignId)).toMatchObject({
      status: 'cancelled',
      cancelled: 100,
    });
    expect(await statusOf(shopId, campaignId)).toEqual({ sending: 100, cancelled: 100 });
    const { rows: events } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message_events e JOIN messages m ON m.id = e.message_id
        WHERE m.campaign_id = $1 AND e.status = 'cancelled' AND e.detail->>'reason' = $2`,
      [campaignId, CAMPAIGN_CANCELLED_REASON],
    );
    expect(events[0]!.n).toBe(100);
    expect(await claim(1000, tomorrow)).toHaveLength(0);
    const progress = await campaignProgress(pool, shopId, campaignId);
    expect(progress).toMatchObject({ queued: 0, sending: 100, cancelled: 100, sent: 0 });
  });
});
