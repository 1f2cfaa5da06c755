// What the automations API does: list flows with their figures, show one flow with its analysis, save
// changes after validating them (unknown merge field, delay out of range → 400 naming the field), and
// send a test through the outbox.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import {
  automationLocales,
  type AutomationDetailResponse,
  type AutomationFlow,
  type AutomationFlowKey,
  type AutomationListResponse,
  type AutomationLocale,
  type AutomationSettings,
  type AutomationStats,
  type AutomationTemplateAnalysisResult,
  type PreviewDiscount,
  type TestAutomation,
  type UpdateAutomation,
} from '../contracts/automations.js';
import type { ReportRangeQuery } from '../contracts/reports.js';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import { loadSendingSettings } from '../messaging/outbox/shop-sending-settings.js';
import { assertTextablePhone, reserveTestSend } from '../messaging/test-phone/test-send-guards.js';
import { validateTemplate } from '../messaging/templates/index.js';
import { rangeOf } from '../reports/report-range.js';
import { loadAttributionWindows } from '../shops/compliance-settings.js';
import { loadAutomationShop, sendAutomationMessage, type AutomationShop } from './automation-sender.js';
import { attributionRule, emptyStats, loadAutomationStats } from './automation-stats.js';
import { discountGuardIssues } from './discount-guard.js';
import {
  analyzeFlowTemplate,
  effectiveDiscount,
  flowMergeFields,
  previewVariables,
} from './flow-analysis.js';
import {
  loadAutomationSettings,
  loadFlowConfig,
  loadFlowConfigs,
  saveAutomationSettings,
  saveFlowConfig,
  type FlowConfig,
} from './flow-repository.js';
import { flowMode } from './order-triggers.js';
import { queryableOf } from './tx-queryable.js';

const log = logger.child({ component: 'automations' });

type PricedShop = AutomationShop & { pricesMicros: Record<string, number>; testPhone: string | null };

async function shopOrThrow(app: AppContext, shopId: string): Promise<PricedShop> {
  const shop = await loadAutomationShop(app.database.db, shopId);
  if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });
  const sending = (await loadSendingSettings(app.database.pool, [shopId])).get(shopId);
  return { ...shop, pricesMicros: sending?.pricesMicros ?? {}, testPhone: sending?.testPhone ?? null };
}

function toFlow(config: FlowConfig, stats: AutomationStats): AutomationFlow {
  const def = config.definition;
  return {
    key: config.key,
    title: def.title,
    description: def.description,
    kind: def.kind,
    trigger: def.trigger,
    enabled: config.enabled,
    templates: config.templates,
    delay:
      def.delay && config.delayMinutes !== null
        ? {
            minutes: config.delayMinutes,
            defaultMinutes: def.delay.defaultMinutes,
            minMinutes: def.delay.minMinutes,
            maxMinutes: def.delay.maxMinutes,
            unit: def.delay.unit,
          }
        : null,
    exitConditions: [...def.exitConditions],
    options: config.options,
    stats,
    updatedAt: config.updatedAt?.toISOString() ?? null,
  };
}

/** The flows with their figures over `query`'s range (default: the last 30 days up to now), from the counters. */
export async function listAutomations(
  app: AppContext,
  shopId: string,
  query: ReportRangeQuery = {},
): Promise<AutomationListResponse> {
  const shop = await shopOrThrow(app, shopId);
  const range = rangeOf(query, app.clock.now());
  const [configs, stats, settings, windows] = await Promise.all([
    loadFlowConfigs(app.database.db, shopId, flowMode(app)),
    loadAutomationStats(app.database.pool, shopId, shop.currency, range),
    loadAutomationSettings(app.database.db, shopId),
    loadAttributionWindows(app.database.db, shopId),
  ]);
  return {
    flows: configs.map((c) => toFlow(c, stats.get(c.key) ?? emptyStats(shop.currency))),
    settings,
    attribution: attributionRule(windows),
    statsFrom: range.from.toISOString(),
    statsTo: range.to.toISOString(),
  };
}

export async function getAutomationDetail(
  app: AppContext,
  shopId: string,
  key: AutomationFlowKey,
): Promise<AutomationDetailResponse> {
  const shop = await shopOrThrow(app, shopId);
  const [config, stats, settings] = await Promise.all([
    loadFlowConfig(app.database.db, shopId, key, flowMode(app)),
    loadAutomationStats(app.database.pool, shopId, shop.currency, rangeOf({}, app.clock.now())),
    loadAutomationSettings(app.database.db, shopId),
  ]);
  const analysis = Object.fromEntries(
    automationLocales.map((locale) => [
      locale,
      analyzeFlowTemplate(
        app,
        config.definition,
        shop,
        config.templates[locale],
        locale,
        config.options.discount,
      ),
    ]),
  ) as AutomationDetailResponse['analysis'];
  return {
    flow: toFlow(config, stats.get(key) ?? emptyStats(shop.currency)),
    mergeFields: flowMergeFields(config.definition),
    analysis,
    settings,
  };
}

/** Applies a change to a flow's configuration, or throws a 400 whose `fields` name every problem. */
export function applyUpdate(config: FlowConfig, body: UpdateAutomation): FlowConfig {
  const def = config.definition;
  const fields: Record<string, string> = {};
  const templates = { ...config.templates };
  for (const locale of automationLocales) {
    const source = body.templates?.[locale];
    if (source === undefined) continue;
    const result = validateTemplate(source, { kind: def.kind, allowedRoots: def.roots });
    if (result.ok) templates[locale] = source;
    else fields[`templates.${locale}`] = result.errors.map((e) => e.message).join(' ');
  }
  let delayMinutes = config.delayMinutes;
  if (body.delayMinutes !== undefined) {
    if (!def.delay) fields.delayMinutes = `The ${def.title.toLowerCase()} flow has no delay.`;
    else if (body.delayMinutes < def.delay.minMinutes || body.delayMinutes > def.delay.maxMinutes) {
      fields.delayMinutes = `The delay must be between ${def.delay.minMinutes} and ${def.delay.maxMinutes} minutes, got ${body.delayMinutes}.`;
    } else delayMinutes = body.delayMinutes;
  }
  const options = { ...config.options };
  if (body.options?.discount !== undefined) {
    if (!options.discount)
      fields['options.discount'] = `The ${def.title.toLowerCase()} flow cannot carry a discount code.`;
    else options.discount = { ...options.discount, ...body.options.discount };
  }
  if (body.options?.winBackDays !== undefined) {
    if (options.winBackDays === null)
      fields['options.winBackDays'] = 'Only the win-back flow has this option.';
    else options.winBackDays = body.options.winBackDays;
  }
  // With the discount off, discount fields must sit inside {% if discount.code %}: checked for the templates
  // being changed, and for both when the discount is being switched off.
  const turnedOff = config.options.discount?.enabled === true && options.discount?.enabled === false;
  for (const locale of automationLocales) {
    if (fields[`templates.${locale}`] !== undefined || (body.templates?.[locale] === undefined && !turnedOff))
      continue;
    const issues = discountGuardIssues(templates[locale], options.discount ? options.discount.enabled : null);
    if (issues.length > 0) fields[`templates.${locale}`] = issues.map((e) => e.message).join(' ');
  }
  const problems = Object.entries(fields);
  if (problems.length > 0) {
    throw new AppError({
      code: 'validation_failed',
      status: 400,
      message: `Invalid automation settings: ${problems.map(([k, m]) => `${k}: ${m}`).join('; ')}`,
      fields,
    });
  }
  return { ...config, enabled: body.enabled ?? config.enabled, templates, delayMinutes, options };
}

export async function updateAutomation(
  app: AppContext,
  shopId: string,
  key: AutomationFlowKey,
  body: UpdateAutomation,
): Promise<AutomationDetailResponse> {
  await shopOrThrow(app, shopId);
  const current = await loadFlowConfig(app.database.db, shopId, key, flowMode(app));
  await saveFlowConfig(app.database.db, shopId, applyUpdate(current, body), app.clock.now());
  return getAutomationDetail(app, shopId, key);
}

export async function updateAutomationSettings(
  app: AppContext,
  shopId: string,
  patch: Partial<AutomationSettings>,
): Promise<AutomationSettings> {
  await shopOrThrow(app, shopId);
  const next = { ...(await loadAutomationSettings(app.database.db, shopId)), ...patch };
  await saveAutomationSettings(app.database.db, shopId, next, app.clock.now());
  return next;
}

/** The live analysis of an unsaved template, with the editor's discount option (else the saved one). */
export async function analyzeAutomation(
  app: AppContext,
  shopId: string,
  key: AutomationFlowKey,
  input: { template: string; locale: AutomationLocale; discount?: PreviewDiscount },
): Promise<AutomationTemplateAnalysisResult> {
  const shop = await shopOrThrow(app, shopId);
  const config = await loadFlowConfig(app.database.db, shopId, key, flowMode(app));
  const discount = effectiveDiscount(config.options.discount, input.discount);
  return analyzeFlowTemplate(app, config.definition, shop, input.template, input.locale, discount);
}

export type TestSendOutcome =
  | {
      ok: true;
      messageId: string;
      /** The number is the shop's own test number: the outbox skips the consent checks for this test. */
      ownTestNumber: boolean;
    }
  /** The shop's test sends of the last hour reached TEST_SEND_RATE_PER_HOUR. */
  | { ok: false; retryAfterSeconds: number; limit: number };

/**
 * Renders the flow with example values (the discount as the editor has it) and queues it as a test message
 * (is_test) to `phone`. The outbox decides as for any message, except that a test to the shop's own test
 * number skips the consent checks: a test to anyone else is suppressed with its reason unless they consented.
 */
export async function sendTestAutomation(
  app: AppContext,
  shopId: string,
  key: AutomationFlowKey,
  input: TestAutomation,
): Promise<TestSendOutcome> {
  assertTextablePhone(input.phone);
  const shop = await shopOrThrow(app, shopId);
  const saved = await loadFlowConfig(app.database.db, shopId, key, flowMode(app));
  const config = {
    ...saved,
    options: { ...saved.options, discount: effectiveDiscount(saved.options.discount, input.discount) },
  };
  const locale = input.locale ?? 'en';
  applyUpdate(config, { templates: { [locale]: input.template ?? config.templates[locale] } });
  const ownTestNumber = shop.testPhone !== null && shop.testPhone === input.phone;
  const now = app.clock.now();
  const result = await app.database.db.transaction(async (tx) => {
    const slot = await reserveTestSend(queryableOf(tx), shopId, now, app.config.sendLimits.testSendsPerHour);
    if (!slot.ok) return slot;
    return sendAutomationMessage(tx, app, shop, {
      flow: config,
      recipient: {
        phone: input.phone,
        subscriberId: null,
        customerId: null,
        countryCode: null,
        locale,
        marketing: true,
      },
      variables: previewVariables(config.definition, shop, config.options.discount),
      idempotencyKey: `test:automation:${key}:${randomUUID()}`,
      isTest: true,
      template: input.template,
    });
  });
  if ('ok' in result) return result;
  if (!result.sent)
    throw new AppError({ code: 'test_not_created', message: 'The test message could not be created' });
  log.info(
    {
      shopId,
      flow: key,
      messageId: result.message.id,
      status: result.message.status,
      isTest: true,
      ownTestNumber,
    },
    'automation test message created',
  );
  return { ok: true, messageId: result.message.id, ownTestNumber };
}
