// The campaign fan-out: from `sending`, it computes the audience now (audience.ts), pages through it by
// subscriber id and hands each page to processPage (one transaction: messages, recipients, cursor), so a
// fan-out stopped anywhere continues after its last committed page. Phases (campaigns.fanout_phase):
// pending → rest → done, or with an A/B test pending → test → waiting (the winner job after the wait) →
// winner (the recorded rest get the winning variant) → done. It checks the campaign's status between
// pages: a pause or cancel stops it (resume queues it again). One fan-out per campaign at a time (advisory
// lock held on its own connection). An audience limit (options.audienceLimit): the first N recipients in
// subscriber order who would get a message are sent to, the rest recorded with the skip 'audience_limit'
// (counted from the committed pages, so a resumed fan-out keeps the limit exactly).
import type pg from 'pg';
import type { AppContext } from '../app-context.js';
import { logger } from '../logger.js';
import { assignRecipient } from './ab-split.js';
import {
  audiencePage,
  campaignAudienceCountQuery,
  campaignAudienceQuery,
  resolveAudience,
  type AudienceRow,
} from './audience.js';
import { cancelCampaignFor, completeCampaign } from './campaign-actions.js';
import { createCampaignDiscount } from './campaign-discounts.js';
import { getCampaign, updateCampaign, type CampaignRecord } from './campaign-repository.js';
import { loadCampaignShop, type CampaignShop } from './campaign-shop.js';
import { openPageStream } from './fan-out-cursor.js';
import { processPage, type PageRecipient } from './fan-out-page.js';
import { createCampaignBodyCache } from './render-cache.js';
import { requestWinnerChoice } from './campaign-jobs.js';

const log = logger.child({ component: 'campaign-fan-out' });
export const FAN_OUT_PAGE_SIZE = 1000;
/** LIMIT of the audience query when it is read through a cursor (all of it). */
const ALL_ROWS = 2_147_483_647;

/** Runs the fan-out under the campaign's lock; `onPage` is told of each page it commits. */
export async function runCampaignFanOut(
  app: AppContext,
  shopId: string,
  campaignId: string,
  onPage: () => void = () => undefined,
): Promise<void> {
  const lockClient = await app.database.pool.connect();
  let failure: Error | undefined;
  try {
    await lockClient.query(`SELECT pg_advisory_lock(hashtext('campaign-fan-out'), hashtext($1))`, [
      campaignId,
    ]);
    try {
      await fanOut(app, shopId, campaignId, lockClient, onPage);
    } finally {
      await lockClient.query(`SELECT pg_advisory_unlock(hashtext('campaign-fan-out'), hashtext($1))`, [
        campaignId,
      ]);
    }
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // After a failure the connection is closed, not returned to the pool: an unlock or CLOSE that failed on a
    // connection still alive would otherwise leave the campaign's lock (or the cursor) held in the pool.
    lockClient.release(failure);
  }
}

async function fanOut(
  app: AppContext,
  shopId: string,
  campaignId: string,
  client: pg.PoolClient,
  onPage: () => void,
): Promise<void> {
  let campaign = await getCampaign(app.database.pool, shopId, campaignId);
  if (!campaign || campaign.status !== 'sending') return;
  const shop = await loadCampaignShop(app, shopId);
  if (campaign.fanoutPhase === 'pending') {
    const prepared = await prepare(app, shop, campaign);
    if (!prepared) return;
    campaign = prepared;
  }
  switch (campaign.fanoutPhase) {
    case 'test':
    case 'rest':
      return fanOutAudience(app, shop, campaign, client, onPage);
    case 'winner':
      return fanOutWinner(app, shop, campaign, onPage);
    default:
      return; // waiting for the winner, or done
  }
}

/** Audience size now, the discount, and the first phase; an unknown segment cancels the campaign. */
async function prepare(
  app: AppContext,
  shop: CampaignShop,
  campaign: CampaignRecord,
): Promise<CampaignRecord | null> {
  const pool = app.database.pool;
  const resolved = await resolveAudience(pool, shop.id, {
    id: campaign.id,
    audience: campaign.audience,
    smartSendingHours: campaign.options.smartSendingHours,
  });
  if (!resolved.ok) {
    await cancelCampaignFor(
      app,
      shop.id,
      campaign.id,
      `unknown_segment: segment(s) ${resolved.unknownSegments.join(', ')} no longer exist`,
    );
    return null;
  }
  const now = app.clock.now();
  const count = campaignAudienceCountQuery(shop.id, resolved.input, now);
  const reachable =
    (await pool.query<{ reachable: number }>(count.text, count.values)).rows[0]?.reachable ?? 0;
  if (reachable === 0) {
    await updateCampaign(pool, shop.id, campaign.id, { audience_count: 0 }, now);
    await completeCampaign(
      app,
      shop.id,
      campaign.id,
      'empty_audience: no reachable subscriber in the audience when the send started',
    );
    return null;
  }
  const discount = campaign.message.discount;
  const discountId =
    discount?.mode === 'unique' ? await createCampaignDiscount(app, shop.id, campaign, discount) : null;
  return updateCampaign(
    pool,
    shop.id,
    campaign.id,
    {
      audience_count: reachable,
      fanout_phase: campaign.ab ? 'test' : 'rest',
      fanout_cursor: null,
      discount_id: discountId,
      shared_discount_code: discount?.mode === 'shared' ? discount.code : null,
    },
    now,
  );
}

async function stillSending(pool: pg.Pool, shopId: string, campaignId: string): Promise<boolean> {
  const { rows } = await pool.query<{ status: string }>(
    'SELECT status FROM campaigns WHERE shop_id = $1 AND id = $2',
    [shopId, campaignId],
  );
  return rows[0]?.status === 'sending';
}

/** Recipients the committed pages chose to message (or to wait for the A/B winner): not held out, not skipped. */
async function selectedRecipients(pool: pg.Pool, shopId: string, campaignId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM campaign_recipients
      WHERE shop_id = $1 AND campaign_id = $2 AND "group" <> 'holdout' AND suppressed_reason IS NULL`,
    [shopId, campaignId],
  );
  return rows[0]?.n ?? 0;
}

/** The audience after the cursor, read once through the fan-out's own connection (fan-out-cursor.ts). */
async function fanOutAudience(
  app: AppContext,
  shop: CampaignShop,
  campaign: CampaignRecord,
  client: pg.PoolClient,
  onPage: () => void,
): Promise<void> {
  const pool = app.database.pool;
  const resolved = await resolveAudience(pool, shop.id, {
    id: campaign.id,
    audience: campaign.audience,
    smartSendingHours: campaign.options.smartSendingHours,
  });
  if (!resolved.ok) {
    await cancelCampaignFor(
      app,
      shop.id,
      campaign.id,
      `unknown_segment: segment(s) ${resolved.unknownSegments.join(', ')} no longer exist`,
    );
    return;
  }
  const query = campaignAudienceQuery(
    shop.id,
    resolved.input,
    new Date(campaign.startedAt ?? app.clock.now()),
  );
  const bodies = createCampaignBodyCache();
  const limit = campaign.options.audienceLimit ?? null;
  let selected = limit === null ? 0 : await selectedRecipients(pool, shop.id, campaign.id);
  const stream = await openPageStream<AudienceRow>(
    client,
    audiencePage(query, campaign.fanoutCursor, ALL_ROWS),
    FAN_OUT_PAGE_SIZE,
  );
  try {
    for (;;) {
      if (!(await stillSending(pool, shop.id, campaign.id))) return;
      const rows = await stream.next();
      if (rows.length === 0) break;
      const page: PageRecipient[] = rows.map((row) => {
        const a = assignRecipient(
          campaign.id,
          row.subscriber_id,
          campaign.options.holdoutPercent,
          campaign.ab,
        );
        let skip = a.group !== 'holdout' && row.recently_messaged ? 'smart_sending' : null;
        if (limit !== null && a.group !== 'holdout' && skip === null) {
          if (selected >= limit) skip = 'audience_limit';
          else selected++;
        }
        return {
          subscriberId: row.subscriber_id,
          phone: row.phone,
          locale: row.locale,
          country: row.country,
          firstName: row.first_name,
          lastName: row.last_name,
          group: a.group,
          variant: a.variant,
          skip,
          deferToWinner: campaign.ab !== null && a.group === 'rest',
        };
      });
      const done = await processPage(
        app,
        shop,
        campaign,
        page,
        'fanout_cursor',
        rows[rows.length - 1]!.subscriber_id,
        bodies,
      );
      if (done.stopped) return;
      onPage();
      if (rows.length < FAN_OUT_PAGE_SIZE) break;
    }
  } finally {
    await stream.close();
  }
  const now = app.clock.now();
  if (campaign.ab) {
    await updateCampaign(pool, shop.id, campaign.id, { fanout_phase: 'waiting', fanout_cursor: null }, now);
    await requestWinnerChoice(
      app,
      shop.id,
      campaign.id,
      new Date(now.getTime() + campaign.ab.waitHours * 3_600_000),
    );
    log.info(
      { shopId: shop.id, campaignId: campaign.id },
      'A/B test sent; the winner goes to the rest after the wait',
    );
    return;
  }
  await completeCampaign(app, shop.id, campaign.id, null);
}

/** After the winner is chosen: the recorded rest (no message yet, not skipped) get the winning variant. */
async function fanOutWinner(
  app: AppContext,
  shop: CampaignShop,
  campaign: CampaignRecord,
  onPage: () => void,
): Promise<void> {
  const pool = app.database.pool;
  const bodies = createCampaignBodyCache();
  let cursor = campaign.fanoutCursor;
  for (;;) {
    if (!(await stillSending(pool, shop.id, campaign.id))) return;
    const { rows } = await pool.query<AudienceRow>(
      `SELECT s.id::text AS subscriber_id, s.phone, s.customer_id::text AS customer_id, s.locale, s.country_code AS country,
              cu.first_name, cu.last_name, false AS recently_messaged
         FROM campaign_recipients cr
         JOIN subscribers s ON s.shop_id = cr.shop_id AND s.id = cr.subscriber_id
         LEFT JOIN customers cu ON cu.shop_id = s.shop_id AND cu.id = s.customer_id
        WHERE cr.shop_id = $1 AND cr.campaign_id = $2 AND cr."group" = 'rest' AND cr.message_id IS NULL AND cr.suppressed_reason IS NULL
          AND cr.subscriber_id > $3::uuid
        ORDER BY cr.subscriber_id LIMIT $4`,
      [shop.id, campaign.id, cursor ?? '00000000-0000-0000-0000-000000000000', FAN_OUT_PAGE_SIZE],
    );
    if (rows.length === 0) break;
    const page: PageRecipient[] = rows.map((row) => ({
      subscriberId: row.subscriber_id,
      phone: row.phone,
      locale: row.locale,
      country: row.country,
      firstName: row.first_name,
      lastName: row.last_name,
      group: 'rest',
      variant: campaign.abWinner,
      skip: null,
      deferToWinner: false,
    }));
    cursor = rows[rows.length - 1]!.subscriber_id;
    if ((await processPage(app, shop, campaign, page, 'fanout_cursor', cursor, bodies)).stopped) return;
    onPage();
    if (rows.length < FAN_OUT_PAGE_SIZE) break;
  }
  await completeCampaign(app, shop.id, campaign.id, null);
}
