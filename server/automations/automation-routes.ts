// /api/automations: the flows with their last-30-days figures, one flow with its template analysis,
// saving changes (validated: 400 with `fields`), live analysis of an unsaved template, test sends, and
// the shop-wide "order updates for checkout phone numbers" setting.
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import {
  analyzeAutomationTemplateSchema,
  automationFlowKeySchema,
  testAutomationSchema,
  updateAutomationSchema,
  updateAutomationSettingsSchema,
  type AutomationTemplateAnalysisResult,
  type AutomationTestResponse,
} from '../contracts/automations.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { getMessage } from '../messaging/outbox/message-queries.js';
import { loadSendingSettings } from '../messaging/outbox/shop-sending-settings.js';
import { loadAutomationShop } from './automation-sender.js';
import {
  getAutomationDetail,
  listAutomations,
  sendTestAutomation,
  updateAutomation,
  updateAutomationSettings,
} from './automation-service.js';
import { analyzeFlowTemplate } from './flow-analysis.js';
import { FLOW_DEFINITIONS } from './flow-definitions.js';

const flowOf = (raw: unknown) => parseOrThrow(automationFlowKeySchema, raw, 'automation flow');

export function automationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/automations', async (_req, res) => {
    res.json(await listAutomations(ctx, shopIdOf(res)));
  });

  router.put('/automations/settings', async (req, res) => {
    const patch = parseOrThrow(updateAutomationSettingsSchema, req.body, 'automation settings');
    res.json(await updateAutomationSettings(ctx, shopIdOf(res), patch));
  });

  router.get('/automations/:flow', async (req, res) => {
    res.json(await getAutomationDetail(ctx, shopIdOf(res), flowOf(req.params.flow)));
  });

  router.put('/automations/:flow', async (req, res) => {
    const flow = flowOf(req.params.flow);
    const body = parseOrThrow(updateAutomationSchema, req.body, 'automation');
    res.json(await updateAutomation(ctx, shopIdOf(res), flow, body));
  });

  router.post('/automations/:flow/analyze', async (req, res) => {
    const flow = flowOf(req.params.flow);
    const input = parseOrThrow(analyzeAutomationTemplateSchema, req.body, 'template analysis');
    const shopId = shopIdOf(res);
    const shop = await loadAutomationShop(ctx.database.db, shopId);
    if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });
    const prices = (await loadSendingSettings(ctx.database.pool, [shopId])).get(shopId)?.pricesMicros ?? {};
    const result: AutomationTemplateAnalysisResult = analyzeFlowTemplate(ctx, FLOW_DEFINITIONS[flow], { ...shop, pricesMicros: prices }, input.template, input.locale);
    res.json(result);
  });

  router.post('/automations/:flow/test', async (req, res) => {
    const flow = flowOf(req.params.flow);
    const input = parseOrThrow(testAutomationSchema, req.body, 'test send');
    const shopId = shopIdOf(res);
    const id = await sendTestAutomation(ctx, shopId, flow, input);
    const detail = await getMessage(ctx.database.pool, shopId, id);
    if (!detail) throw new AppError({ code: 'test_not_created', message: 'The test message could not be created' });
    const { history: _history, subscriberId: _s, errorReason: _e, attempts: _a, notBefore: _n, provider: _p, providerMessageId: _pm, ...message } = detail;
    const body: AutomationTestResponse = { message };
    res.json(body);
  });

  return router;
}
