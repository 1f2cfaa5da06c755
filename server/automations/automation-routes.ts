// /api/automations: the flows with their figures over a date range (?from=&to=, default the last 30 days), one
// flow with its template analysis, saving changes (validated: 400 with `fields`), live analysis of an unsaved
// template, test sends, and the shop-wide "order updates for checkout phone numbers" setting.
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
import { reportRangeQuerySchema } from '../contracts/reports.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { notSentReason } from '../messaging/message-routes.js';
import { getMessage } from '../messaging/outbox/message-queries.js';
import { testSendRateLimited } from '../messaging/test-phone/test-send-guards.js';
import {
  analyzeAutomation,
  getAutomationDetail,
  listAutomations,
  sendTestAutomation,
  updateAutomation,
  updateAutomationSettings,
} from './automation-service.js';

const flowOf = (raw: unknown) => parseOrThrow(automationFlowKeySchema, raw, 'automation flow');

export function automationRoutes(ctx: AppContext): Router {
  const router = Router();

  // ?from=&to= (dates or ISO date-times; default the last 30 days): a bad date, a reversed or over-long range is a
  // 400 naming the field.
  router.get('/automations', async (req, res) => {
    const range = parseOrThrow(reportRangeQuerySchema, req.query, 'automations query');
    res.json(await listAutomations(ctx, shopIdOf(res), range));
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
    const result: AutomationTemplateAnalysisResult = await analyzeAutomation(ctx, shopIdOf(res), flow, input);
    res.json(result);
  });

  // A test send answers 200 with the message whether or not it will reach the phone: a test to a number that
  // has not consented (other than the shop's own test number) is suppressed, and `notSentReason` says why.
  // Over the shop's hourly test allowance: 429 with Retry-After.
  router.post('/automations/:flow/test', async (req, res) => {
    const flow = flowOf(req.params.flow);
    const input = parseOrThrow(testAutomationSchema, req.body, 'test send');
    const shopId = shopIdOf(res);
    const outcome = await sendTestAutomation(ctx, shopId, flow, input);
    if (!outcome.ok) throw testSendRateLimited(res, outcome);
    const { messageId, ownTestNumber } = outcome;
    const detail = await getMessage(ctx.database.pool, shopId, messageId);
    if (!detail)
      throw new AppError({ code: 'test_not_created', message: 'The test message could not be created' });
    const {
      history: _history,
      subscriberId: _s,
      errorReason: _e,
      attempts: _a,
      notBefore: _n,
      provider: _p,
      providerMessageId: _pm,
      ...message
    } = detail;
    const body: AutomationTestResponse = { message, ownTestNumber, notSentReason: notSentReason(message) };
    res.json(body);
  });

  return router;
}
