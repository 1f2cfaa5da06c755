// GET /api/campaigns/:id/estimate: reachable now (the audience query's count, under the segments' statement
// timeout), SMS segments per message over every template (with prefix, footer and tracked link lengths),
// and the cost for all reachable recipients at the shop country's price, in USD as the price table is. A campaign
// with an audience limit (options.audienceLimit) reaches at most that many.
import type { AppContext } from '../app-context.js';
import type { CampaignEstimate } from '../contracts/campaigns.js';
import { AppError } from '../errors.js';
import { linkBaseUrl } from '../automations/public-url.js';
import { formatMicrosAsUsd, pricePerSegment } from '../messaging/pricing.js';
import { analyzeComposedTemplate } from '../messaging/templates/index.js';
import { withSegmentTimeout } from '../segments/segment-queries.js';
import { campaignAudienceCountQuery, resolveAudience } from './audience.js';
import type { CampaignRecord } from './campaign-repository.js';
import { loadCampaignShop } from './campaign-shop.js';
import { campaignTemplates } from './campaign-validation.js';

export async function estimateCampaign(
  app: AppContext,
  shopId: string,
  campaign: CampaignRecord,
): Promise<CampaignEstimate> {
  const shop = await loadCampaignShop(app, shopId);
  const resolved = await resolveAudience(app.database.pool, shopId, {
    id: campaign.id,
    audience: campaign.audience,
    smartSendingHours: 0,
  });
  if (!resolved.ok) {
    throw new AppError({
      code: 'unknown_segment',
      status: 400,
      message: `The audience names unknown segment(s): ${resolved.unknownSegments.join(', ')}`,
    });
  }
  const q = campaignAudienceCountQuery(shopId, resolved.input, app.clock.now());
  const counted = await withSegmentTimeout(
    app.database.pool,
    app.config.segments.queryTimeoutMs,
    async (client) => {
      const { rows } = await client.query<{ reachable: number }>(q.text, q.values);
      return rows[0]?.reachable ?? 0;
    },
  );
  const limit = campaign.options.audienceLimit ?? null;
  const reachable = limit === null ? counted : Math.min(counted, limit);
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  const base = linkBaseUrl(app);
  for (const [key, template] of Object.entries(campaignTemplates(campaign.message, campaign.ab))) {
    const fr = key.endsWith('fr');
    const a = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      shopName: shop.name,
      senderId: shop.senderId,
      recipientCountry: fr ? 'FR' : shop.countryCode,
      linkBaseUrl: base,
      knownFields: { discount: campaign.message.discount === null ? 'absent' : 'present' },
    });
    min = Math.min(min, a.minSegments);
    max = Math.max(max, a.maxSegments);
  }
  if (!Number.isFinite(min)) min = 0;
  const price = pricePerSegment(shop.countryCode, shop.pricesMicros).microsPerSegment;
  return {
    reachable,
    segments: { min, max },
    cost: {
      min: formatMicrosAsUsd(price * min * reachable),
      max: formatMicrosAsUsd(price * max * reachable),
      currency: 'USD',
    },
  };
}
