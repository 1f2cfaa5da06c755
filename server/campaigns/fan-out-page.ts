// One page of a campaign's fan-out: assigns each recipient (holdout, A/B test, rest), skips those smart
// sending flags, renders and tracks their messages, and in ONE transaction enqueues them (idempotency key
// `campaign:<campaignId>:<subscriberId>`), records every recipient in campaign_recipients and moves the
// cursor past the page. A page that fails commits nothing, and a page run twice creates nothing twice.
import type pg from 'pg';
import type { AppContext } from '../app-context.js';
import { enqueueMessages, type EnqueuedMessage } from '../messaging/outbox/enqueue.js';
import { newShopCeilingOf } from '../messaging/outbox/daily-ceiling.js';
import { rewriteLinks, shortenUrlsBulk, trackableUrls, type LinkRequest } from '../messaging/links/index.js';
import { linkBaseUrl } from '../automations/public-url.js';
import { locateRecipient } from '../messaging/outbox/recipient-location.js';
import type { MessageDraft } from '../messaging/outbox/types.js';
import { addCampaignCodes, discountValue, generateCampaignCode } from './campaign-discounts.js';
import type { CampaignRecord } from './campaign-repository.js';
import { inTransaction } from '../db/transaction.js';
import type { CampaignShop } from './campaign-shop.js';
import {
  campaignUtm,
  recipientVariables,
  templatesFor,
  variantDelayMinutes,
  type Recipient,
} from './campaign-render.js';
import { createCampaignBodyCache, type CampaignBodyCache } from './render-cache.js';
import { recipientNotBefore } from './schedule-time.js';

export interface PageRecipient extends Recipient {
  group: 'test' | 'rest' | 'holdout';
  /** Variant key, "holdout", or null (the main templates / the winner). */
  variant: string | null;
  /** Why they get no message (e.g. "smart_sending"), or null. */
  skip: string | null;
  /** Recorded only (the rest of an A/B test, waiting for the winner). */
  deferToWinner: boolean;
}

export const campaignIdempotencyKey = (campaignId: string, subscriberId: string) =>
  `campaign:${campaignId}:${subscriberId}`;

interface Draft {
  r: PageRecipient;
  body: string;
  notBefore: Date;
  code: string | null;
}

/** Processes the page; `cursor` is the last subscriber id of it (stored with the page's writes). */
export async function processPage(
  app: AppContext,
  shop: CampaignShop,
  campaign: CampaignRecord,
  page: PageRecipient[],
  cursorColumn: 'fanout_cursor',
  cursor: string,
  /** Rendered bodies memoised across the run's pages (render-cache.ts). */
  bodies: CampaignBodyCache = createCampaignBodyCache(),
): Promise<{ queued: number; skipped: number; stopped: boolean }> {
  const now = app.clock.now();
  const toSend = page.filter((r) => r.group !== 'holdout' && r.skip === null && !r.deferToWinner);
  const discount = campaign.message.discount;
  const drafts: Draft[] = toSend.map((r) => {
    const code =
      discount === null ? null : discount.mode === 'shared' ? discount.code : generateCampaignCode();
    const vars = recipientVariables(
      shop,
      r,
      code === null || discount === null ? null : { code, value: discountValue(discount) },
    );
    const body = bodies.render(templatesFor(campaign, r.variant), r, vars);
    // Only a recipient-local schedule needs the recipient's zone.
    const zone =
      campaign.schedule.kind === 'recipient_local'
        ? (locateRecipient(r.phone, { countryCode: r.country }).zones[0] ?? null)
        : null;
    const base = recipientNotBefore(campaign.schedule, zone, shop.timezone, now);
    return {
      r,
      body,
      notBefore: new Date(base.getTime() + variantDelayMinutes(campaign, r.variant) * 60_000),
      code,
    };
  });
  if (discount?.mode === 'unique') {
    await addCampaignCodes(
      app,
      shop.id,
      campaign.discountId,
      drafts.map((d) => d.code!),
    );
  }
  // Tracked links first (their own statements): a crash before the page commits leaves unused links only.
  const requests: LinkRequest[] = [];
  const owners: number[] = [];
  drafts.forEach((d, i) => {
    for (const url of [
      ...new Set(
        trackableUrls({ kind: 'marketing', body: d.body, urlFieldValues: [], trackTransactional: false }),
      ),
    ]) {
      requests.push({
        url,
        subscriberId: d.r.subscriberId,
        utm: campaignUtm(url, shop.domain, campaign.slug, campaign.options.utm),
      });
      owners.push(i);
    }
  });
  const codesByDraft = new Map<number, string[]>();
  if (requests.length > 0) {
    const short = await shortenUrlsBulk(app.database.db, shop.id, linkBaseUrl(app), requests);
    const maps = new Map<number, Map<string, string>>();
    short.forEach((s, k) => {
      const i = owners[k]!;
      if (!maps.has(i)) maps.set(i, new Map());
      maps.get(i)!.set(requests[k]!.url, s);
      codesByDraft.set(i, [...(codesByDraft.get(i) ?? []), s.slice(s.lastIndexOf('/') + 1)]);
    });
    for (const [i, map] of maps) drafts[i]!.body = rewriteLinks(drafts[i]!.body, map);
  }
  const messageDrafts: MessageDraft[] = drafts.map((d) => ({
    subscriberId: d.r.subscriberId,
    phone: d.r.phone,
    kind: 'marketing',
    sourceType: 'campaign',
    sourceId: campaign.id,
    body: bodies.compose(shop, d.r, d.body),
    idempotencyKey: campaignIdempotencyKey(campaign.id, d.r.subscriberId),
    notBefore: d.notBefore,
    topic: `campaign:${campaign.id}`,
    campaignId: campaign.id,
    // Quiet hours or a frequency cap at the due time: held until allowed, or skipped (the gates decide).
    whenBlocked: campaign.options.whenBlocked,
  }));
  return inTransaction(app.database.pool, async (tx) => {
    // The campaign row is locked until the page commits: a pause or cancel committed before this point stops
    // the fan-out here (nothing of the page is written), and one arriving later waits for the page, whose
    // messages it then parks or cancels with the rest.
    const { rows: current } = await tx.query<{ status: string }>(
      'SELECT status FROM campaigns WHERE shop_id = $1 AND id = $2 FOR NO KEY UPDATE',
      [shop.id, campaign.id],
    );
    if (current[0]?.status !== 'sending') return { queued: 0, skipped: 0, stopped: true };
    const result =
      messageDrafts.length > 0
        ? await enqueueMessages(tx, shop.id, messageDrafts, {
            now,
            newShopCeiling: newShopCeilingOf(app.config.sendLimits),
            noPlanSegments: app.config.billing.noPlanSegments,
          })
        : null;
    const byKey = new Map<string, EnqueuedMessage>(
      (result?.messages ?? []).map((m) => [m.idempotencyKey, m]),
    );
    await linkMessages(tx, shop.id, campaign.id, drafts, byKey, codesByDraft);
    await recordRecipients(
      tx,
      shop.id,
      campaign.id,
      page,
      byKey,
      new Map(drafts.map((d) => [d.r.subscriberId, d.code])),
    );
    await tx.query(
      `UPDATE campaigns SET ${cursorColumn} = $3, fanout_pages = fanout_pages + 1, fanout_heartbeat_at = $4,
              queued_count = queued_count + $5, suppressed_count = suppressed_count + $6, updated_at = $4
        WHERE shop_id = $1 AND id = $2`,
      [
        shop.id,
        campaign.id,
        cursor,
        now,
        result ? result.queued + result.deferred : 0,
        (result?.suppressed ?? 0) + page.filter((r) => r.skip).length,
      ],
    );
    return {
      queued: result ? result.queued + result.deferred : 0,
      skipped: page.length - toSend.length,
      stopped: false,
    };
  });
}

async function linkMessages(
  tx: pg.PoolClient,
  shopId: string,
  campaignId: string,
  drafts: Draft[],
  byKey: Map<string, EnqueuedMessage>,
  codes: Map<number, string[]>,
): Promise<void> {
  const linkCodes: string[] = [];
  const ids: string[] = [];
  drafts.forEach((d, i) => {
    const m = byKey.get(campaignIdempotencyKey(campaignId, d.r.subscriberId));
    if (!m || m.status === 'existing') return;
    for (const c of codes.get(i) ?? []) {
      linkCodes.push(c);
      ids.push(m.id);
    }
  });
  if (linkCodes.length === 0) return;
  await tx.query(
    `UPDATE short_links sl SET message_id = t.message_id FROM unnest($2::text[], $3::uuid[]) AS t(code, message_id)
      WHERE sl.shop_id = $1 AND sl.code = t.code`,
    [shopId, linkCodes, ids],
  );
}

async function recordRecipients(
  tx: pg.PoolClient,
  shopId: string,
  campaignId: string,
  page: PageRecipient[],
  byKey: Map<string, EnqueuedMessage>,
  codes: Map<string, string | null>,
): Promise<void> {
  if (page.length === 0) return;
  const col = <T>(f: (r: PageRecipient) => T): T[] => page.map(f);
  const message = (r: PageRecipient) => byKey.get(campaignIdempotencyKey(campaignId, r.subscriberId)) ?? null;
  await tx.query(
    `INSERT INTO campaign_recipients (shop_id, campaign_id, subscriber_id, variant, "group", message_id, suppressed_reason, discount_code)
     SELECT $1, $2, t.subscriber_id, t.variant, t.grp, t.message_id, t.reason, t.code
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[]) AS t(subscriber_id, variant, grp, message_id, reason, code)
     ON CONFLICT (campaign_id, subscriber_id) DO UPDATE
       SET variant = EXCLUDED.variant, message_id = COALESCE(EXCLUDED.message_id, campaign_recipients.message_id),
           suppressed_reason = EXCLUDED.suppressed_reason, discount_code = COALESCE(EXCLUDED.discount_code, campaign_recipients.discount_code)`,
    [
      shopId,
      campaignId,
      col((r) => r.subscriberId),
      col((r) => r.variant ?? 'main'),
      col((r) => r.group),
      col((r) => message(r)?.id ?? null),
      col((r) => r.skip),
      col((r) => codes.get(r.subscriberId) ?? null),
    ],
  );
}
