// Reports API (issue #13): campaign report, flow report over a date range, overview, drill-down to the
// recipients behind a figure, "why did this person not get it", attributed orders and one order's attribution.
// Every table answers CSV with ?format=csv (&table=…), streamed. All scoped to the authenticated shop.
import { Router, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import { automationFlowKeys } from '../contracts/automations.js';
import { campaignIdSchema } from '../contracts/campaigns.js';
import {
  recipientsQuerySchema,
  whyNotQuerySchema,
  type AttributedOrderRow,
} from '../contracts/report-drill-down.js';
import {
  campaignReportQuerySchema,
  flowReportQuerySchema,
  overviewQuerySchema,
  reportRangeQuerySchema,
  type CampaignReport,
  type FlowReport,
  type ReportTable,
} from '../contracts/reports.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { campaignReport, findCampaign } from './campaign-report.js';
import { listRecipients } from './drill-down.js';
import { flowReport } from './flow-report.js';
import { attributedOrders, orderAttribution } from './order-attribution.js';
import { overview } from './overview.js';
import { overviewTable, reportTable, streamCsv } from './report-csv.js';
import { rangeOf } from './report-range.js';
import { whyNot } from './why-not.js';
import { z } from 'zod';

const notFound = (what: string) =>
  new AppError({
    code: `${what}_not_found`,
    status: 404,
    message: `${what[0]!.toUpperCase()}${what.slice(1)} not found`,
  });
const ORDER_ID = /^\d{1,18}$/;

const ordersQuerySchema = z
  .strictObject({
    campaign: campaignIdSchema.optional(),
    flow: z.string().optional(),
    from: reportRangeQuerySchema.shape.from,
    to: reportRangeQuerySchema.shape.to,
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => (q.campaign ? 1 : 0) + (q.flow ? 1 : 0) === 1, {
    message: 'give exactly one of campaign or flow',
    path: ['campaign'],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

const ORDER_HEADER = [
  'order_id',
  'order_name',
  'ordered_at',
  'source_kind',
  'source_id',
  'message_id',
  'channel',
  'matched_by',
  'rule',
  'revenue',
  'refunded',
  'cancelled',
  'currency',
];
const orderCells = (o: AttributedOrderRow) => [
  o.orderId,
  o.orderName,
  o.orderedAt,
  o.sourceKind,
  o.sourceId,
  o.messageId,
  o.channel,
  o.matchedBy,
  o.rule,
  o.revenue,
  o.refunded,
  o.cancelled,
  o.currency,
];

function isFlow(flow: string): boolean {
  return (automationFlowKeys as readonly string[]).includes(flow);
}

export function reportRoutes(ctx: AppContext): Router {
  const router = Router();
  const pool = ctx.database.pool;
  const db = ctx.database.db;

  async function sendReport(
    res: Response,
    report: CampaignReport | FlowReport,
    format: 'json' | 'csv',
    table: ReportTable,
    name: string,
    source: { kind: 'campaign' | 'flow'; id: string },
    range: { from: Date; to: Date } | null,
  ) {
    if (format === 'json') return void res.json(report);
    if (table === 'orders') {
      const rows = await attributedOrders(pool, shopIdOf(res), source, range, 100_000);
      return streamCsv(res, `${name}-orders.csv`, ORDER_HEADER, [rows.map(orderCells)]);
    }
    const t = reportTable(report, table);
    return streamCsv(res, `${name}-${table}.csv`, t.header, [t.rows]);
  }

  router.get('/campaigns/:id/report', async (req, res) => {
    const shopId = shopIdOf(res);
    const id = campaignIdSchema.safeParse(req.params.id);
    if (!id.success) throw notFound('campaign');
    const q = parseOrThrow(campaignReportQuerySchema, req.query, 'report query');
    const report = await campaignReport(pool, db, shopId, id.data);
    if (!report) throw notFound('campaign');
    await sendReport(
      res,
      report,
      q.format,
      q.table,
      `campaign-${id.data}`,
      { kind: 'campaign', id: id.data },
      null,
    );
  });

  const flowHandler = async (req: { params: { flow?: string }; query: unknown }, res: Response) => {
    const shopId = shopIdOf(res);
    const flow = req.params.flow ?? '';
    if (!isFlow(flow)) throw notFound('flow');
    const q = parseOrThrow(flowReportQuerySchema, req.query, 'report query');
    const range = rangeOf(q, ctx.clock.now());
    const report = await flowReport(pool, db, shopId, flow, range);
    await sendReport(res, report, q.format, q.table, `flow-${flow}`, { kind: 'flow', id: flow }, range);
  };
  router.get('/automations/:flow/report', flowHandler);
  router.get('/reports/flows/:flow', flowHandler);

  router.get('/reports/overview', async (req, res) => {
    const q = parseOrThrow(overviewQuerySchema, req.query, 'overview query');
    const result = await overview(pool, shopIdOf(res), rangeOf(q, ctx.clock.now()));
    if (q.format === 'json') return void res.json(result);
    const t = overviewTable(result, q.table);
    await streamCsv(res, `overview-${q.table}.csv`, t.header, [t.rows]);
  });

  router.get('/reports/recipients', async (req, res) => {
    const shopId = shopIdOf(res);
    const q = parseOrThrow(recipientsQuerySchema, req.query, 'recipients query');
    if (q.campaign && !(await findCampaign(pool, shopId, q.campaign))) throw notFound('campaign');
    if (q.format === 'json') return void res.json(await listRecipients(pool, shopId, q, ctx.clock.now()));
    const now = ctx.clock.now();
    async function* pages() {
      let cursor: string | undefined;
      do {
        const page = await listRecipients(pool, shopId, { ...q, limit: 200, cursor }, now);
        yield page.items.map((r) => [r.phone, r.status, r.reason, r.at, r.messageId, r.subscriberId]);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    await streamCsv(
      res,
      `recipients-${q.figure}.csv`,
      ['phone', 'status', 'reason', 'at', 'message_id', 'subscriber_id'],
      pages(),
    );
  });

  router.get('/reports/why-not', async (req, res) => {
    const shopId = shopIdOf(res);
    const q = parseOrThrow(whyNotQuerySchema, req.query, 'why-not query');
    if (q.campaign && !(await findCampaign(pool, shopId, q.campaign))) throw notFound('campaign');
    const answer = await whyNot(pool, shopId, q);
    if (!answer) throw notFound('subscriber');
    res.json(answer);
  });

  router.get('/reports/orders', async (req, res) => {
    const shopId = shopIdOf(res);
    const q = parseOrThrow(ordersQuerySchema, req.query, 'orders query');
    if (q.flow !== undefined && !isFlow(q.flow)) throw notFound('flow');
    if (q.campaign && !(await findCampaign(pool, shopId, q.campaign))) throw notFound('campaign');
    const source = q.campaign
      ? { kind: 'campaign' as const, id: q.campaign }
      : { kind: 'flow' as const, id: q.flow! };
    const range = q.from || q.to ? rangeOf(q, ctx.clock.now()) : null;
    const items = await attributedOrders(pool, shopId, source, range, q.format === 'csv' ? 100_000 : 500);
    if (q.format === 'json') return void res.json({ items });
    await streamCsv(res, `${source.kind}-${source.id}-orders.csv`, ORDER_HEADER, [items.map(orderCells)]);
  });

  router.get('/orders/:id/attribution', async (req, res) => {
    if (!ORDER_ID.test(req.params.id)) throw notFound('order');
    const result = await orderAttribution(pool, shopIdOf(res), req.params.id);
    if (!result) throw notFound('order');
    res.json(result);
  });

  return router;
}
