// POST /api/campaigns/:id/test: the campaign's message (a locale, a content variant) rendered with example
// values for the recipient and a discount placeholder, tracked links included, sent as a test message to
// the given number. Like every test send: the shop's verified test number skips the consent checks, another
// number must have consented (else the test is stored suppressed and `notSentReason` says why), and the
// shop's hourly test allowance applies (429 with Retry-After).
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import type { CampaignTestResponse, TestCampaign } from '../contracts/campaigns.js';
import { AppError } from '../errors.js';
import { linkBaseUrl } from '../automations/public-url.js';
import { notSentReason } from '../messaging/message-routes.js';
import { rewriteLinks, shortenUrls, trackableUrls } from '../messaging/links/index.js';
import { enqueueMessages } from '../messaging/outbox/enqueue.js';
import { getMessage } from '../messaging/outbox/message-queries.js';
import {
  assertTextablePhone,
  reserveTestSend,
  type TestSendSlot,
} from '../messaging/test-phone/test-send-guards.js';
import { exampleVariables } from '../messaging/templates/index.js';
import { discountValue } from './campaign-discounts.js';
import { recordAudit, type CampaignRecord } from './campaign-repository.js';
import { inTransaction } from '../db/transaction.js';
import { loadCampaignShop } from './campaign-shop.js';
import { campaignUtm, composeFor, recipientVariables, renderFor, templatesFor } from './campaign-render.js';

type Parsed = Required<Pick<TestCampaign, 'phone' | 'locale'>> & Pick<TestCampaign, 'variant'>;

export async function sendCampaignTest(
  app: AppContext,
  shopId: string,
  campaign: CampaignRecord,
  actor: string,
  input: Parsed,
): Promise<{ ok: true; response: CampaignTestResponse } | Extract<TestSendSlot, { ok: false }>> {
  assertTextablePhone(input.phone);
  if (input.variant && !campaign.ab?.variants.some((v) => v.key === input.variant)) {
    throw new AppError({
      code: 'validation_failed',
      status: 400,
      message: `Invalid test send: variant: the campaign has no variant ${input.variant}`,
      fields: { variant: 'no such variant' },
    });
  }
  const shop = await loadCampaignShop(app, shopId);
  const example = exampleVariables() as Record<string, Record<string, string>>;
  const discount = campaign.message.discount;
  const recipient = {
    subscriberId: '',
    phone: input.phone,
    locale: input.locale,
    country: input.locale === 'fr' ? 'FR' : null,
    firstName: example.subscriber?.first_name ?? null,
    lastName: example.subscriber?.last_name ?? null,
  };
  const code = discount === null ? null : discount.mode === 'shared' ? discount.code : 'SMS-TESTCODE';
  const vars = recipientVariables(
    shop,
    recipient,
    code === null || discount === null ? null : { code, value: discountValue(discount) },
  );
  let body = renderFor(templatesFor(campaign, input.variant ?? null), recipient, vars);
  const urls = trackableUrls({ kind: 'marketing', body, urlFieldValues: [], trackTransactional: false });
  for (const url of urls) {
    const map = await shortenUrls(app.database.db, shopId, {
      baseUrl: linkBaseUrl(app),
      urls: [url],
      utm: campaignUtm(url, shop.domain, campaign.slug, campaign.options.utm),
    });
    body = rewriteLinks(body, map);
  }
  const now = app.clock.now();
  const created = await inTransaction(app.database.pool, async (tx) => {
    const slot = await reserveTestSend(tx, shopId, now, app.config.sendLimits.testSendsPerHour);
    if (!slot.ok) return slot;
    const result = await enqueueMessages(
      tx,
      shopId,
      [
        {
          phone: input.phone,
          kind: 'marketing',
          sourceType: 'campaign',
          sourceId: campaign.id,
          body: composeFor(shop, recipient, body),
          idempotencyKey: `test:campaign:${campaign.id}:${randomUUID()}`,
          isTest: true,
          topic: `campaign:${campaign.id}`,
        },
      ],
      { now },
    );
    const message = result.messages[0]!;
    await recordAudit(
      tx,
      shopId,
      campaign.id,
      actor,
      'test_sent',
      { phone: input.phone, locale: input.locale, variant: input.variant ?? null, messageId: message.id },
      now,
    );
    return { ok: true as const, id: message.id };
  });
  if (!created.ok) return created;
  const detail = await getMessage(app.database.pool, shopId, created.id);
  if (!detail)
    throw new AppError({ code: 'test_not_created', message: 'The test message could not be created' });
  const {
    history: _h,
    subscriberId: _s,
    errorReason: _e,
    attempts: _a,
    notBefore: _n,
    provider: _p,
    providerMessageId: _pm,
    ...message
  } = detail;
  return {
    ok: true,
    response: {
      message,
      ownTestNumber: shop.testPhone === input.phone,
      notSentReason: notSentReason(message),
    },
  };
}
