// /api/campaigns: CRUD, estimate, lifecycle actions (schedule, pause, resume, cancel), test send and
// duplicate; the admin UI uses exactly these (shapes in server/contracts/campaigns.ts). Scoped by shop:
// another shop's id (or a malformed one) is a 404. Bad bodies are 400 naming each field, an unknown segment
// 400, a template that does not validate 422 with its issues and positions, an action the status does not
// allow 409 with the reason; a refused request changes nothing.
import { Router, type ErrorRequestHandler } from 'express';
import type { AppContext } from '../app-context.js';
import {
  campaignIdSchema,
  createCampaignSchema,
  listCampaignsQuerySchema,
  testCampaignSchema,
  updateCampaignSchema,
  type CampaignDetail,
  type CampaignList,
  type CampaignTemplateErrors,
} from '../contracts/campaigns.js';
import { actorOf, shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { testSendRateLimited } from '../messaging/test-phone/test-send-guards.js';
import { cancelCampaign, pauseCampaign, resumeCampaign, scheduleCampaign } from './campaign-actions.js';
import { estimateCampaign } from './campaign-estimate.js';
import { campaignProgress } from './campaign-progress.js';
import {
  getCampaign,
  listAudit,
  listCampaigns,
  toCampaign,
  type CampaignRecord,
} from './campaign-repository.js';
import {
  campaignNotFound,
  changeCampaign,
  createCampaign,
  duplicateCampaign,
  removeCampaign,
} from './campaign-service.js';
import { loadCampaignShop } from './campaign-shop.js';
import { campaignFigures } from './campaign-stats.js';
import { sendCampaignTest } from './campaign-test-send.js';
import { TemplateError } from './campaign-validation.js';

function idOf(raw: unknown): string {
  const parsed = campaignIdSchema.safeParse(raw);
  if (!parsed.success) throw campaignNotFound();
  return parsed.data;
}

/** 422 for templates: the usual error body plus every template's issues with their positions. */
const templateErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (!(err instanceof TemplateError)) return next(err);
  const fields = Object.fromEntries(
    Object.entries(err.templates).map(([k, issues]) => [
      `templates.${k}`,
      issues.map((i) => i.message).join(' '),
    ]),
  );
  const body: CampaignTemplateErrors & { error: { fields: Record<string, string> } } = {
    error: { code: 'invalid_template', message: err.message, templates: err.templates, fields },
  };
  res.status(422).json(body);
};

export function campaignRoutes(ctx: AppContext): Router {
  const router = Router();
  const pool = ctx.database.pool;

  async function detail(shopId: string, c: CampaignRecord): Promise<CampaignDetail> {
    const [progress, audit] = await Promise.all([
      campaignProgress(pool, shopId, c.id),
      listAudit(pool, shopId, c.id),
    ]);
    return { ...toCampaign(c), progress, audit };
  }
  async function found(shopId: string, raw: unknown): Promise<CampaignRecord> {
    const c = await getCampaign(pool, shopId, idOf(raw));
    if (!c) throw campaignNotFound();
    return c;
  }

  router.get('/campaigns', async (req, res) => {
    const shopId = shopIdOf(res);
    const query = parseOrThrow(listCampaignsQuerySchema, req.query, 'query');
    const shop = await loadCampaignShop(ctx, shopId);
    const records = await listCampaigns(pool, shopId, query);
    const figures = await campaignFigures(
      pool,
      shopId,
      records.map((r) => r.id),
    );
    const body: CampaignList = {
      items: records.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        startAt: r.startAt,
        audience: r.audienceCount ?? 0,
        ...figures.get(r.id)!,
        currency: shop.currency,
        createdAt: r.createdAt,
      })),
    };
    res.json(body);
  });

  router.post('/campaigns', async (req, res) => {
    const shopId = shopIdOf(res);
    const input = parseOrThrow(createCampaignSchema, req.body, 'campaign');
    const created = await createCampaign(ctx, shopId, actorOf(res), input);
    res.status(201).json(await detail(shopId, created));
  });

  router.get('/campaigns/:id', async (req, res) => {
    const shopId = shopIdOf(res);
    res.json(await detail(shopId, await found(shopId, req.params.id)));
  });

  router.put('/campaigns/:id', async (req, res) => {
    const shopId = shopIdOf(res);
    const id = (await found(shopId, req.params.id)).id;
    const patch = parseOrThrow(updateCampaignSchema, req.body, 'campaign');
    res.json(await detail(shopId, await changeCampaign(ctx, shopId, id, actorOf(res), patch)));
  });

  router.delete('/campaigns/:id', async (req, res) => {
    const shopId = shopIdOf(res);
    await removeCampaign(ctx, shopId, (await found(shopId, req.params.id)).id);
    res.status(204).end();
  });

  router.get('/campaigns/:id/estimate', async (req, res) => {
    const shopId = shopIdOf(res);
    res.json(await estimateCampaign(ctx, shopId, await found(shopId, req.params.id)));
  });

  const actions = {
    schedule: scheduleCampaign,
    pause: pauseCampaign,
    resume: resumeCampaign,
    cancel: cancelCampaign,
  } as const;
  for (const [name, action] of Object.entries(actions)) {
    router.post(`/campaigns/:id/${name}`, async (req, res) => {
      const shopId = shopIdOf(res);
      const id = (await found(shopId, req.params.id)).id;
      res.json(await detail(shopId, await action(ctx, shopId, id, actorOf(res))));
    });
  }

  router.post('/campaigns/:id/duplicate', async (req, res) => {
    const shopId = shopIdOf(res);
    const copy = await duplicateCampaign(ctx, shopId, (await found(shopId, req.params.id)).id, actorOf(res));
    res.status(201).json(await detail(shopId, copy));
  });

  router.post('/campaigns/:id/test', async (req, res) => {
    const shopId = shopIdOf(res);
    const campaign = await found(shopId, req.params.id);
    const input = parseOrThrow(testCampaignSchema, req.body, 'test send');
    const outcome = await sendCampaignTest(ctx, shopId, campaign, actorOf(res), input);
    if (!outcome.ok) throw testSendRateLimited(res, outcome);
    res.json(outcome.response);
  });

  router.use(templateErrors);
  return router;
}
