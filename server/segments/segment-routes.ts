// /api/segments: preview a definition (counts, a sample, timing), CRUD of saved segments (scoped by shop:
// another shop's id is a 404), and the predefined templates. Bodies are validated (400 naming each bad
// path, nothing stored); a count over the statement timeout is a 503.
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import {
  segmentIdSchema,
  segmentInputSchema,
  segmentPreviewRequestSchema,
  type SegmentList,
  type SegmentTemplateList,
} from '../contracts/segments.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { deleteSegment, getSegment, listSegments } from './segment-repository.js';
import { createSegment, previewSegment, replaceSegment } from './segment-service.js';
import { SEGMENT_TEMPLATES } from './segment-templates.js';

const notFound = () => new AppError({ code: 'segment_not_found', status: 404, message: 'No such segment' });

/** A malformed id names no segment of this shop either: 404, like another shop's. */
function idOf(raw: unknown): string {
  const parsed = segmentIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export function segmentRoutes(ctx: AppContext): Router {
  const router = Router();
  const pool = ctx.database.pool;

  router.post('/segments/preview', async (req, res) => {
    const { definition } = parseOrThrow(segmentPreviewRequestSchema, req.body, 'segment');
    res.json(await previewSegment(ctx, shopIdOf(res), definition));
  });

  router.get('/segments/templates', (_req, res) => {
    const body: SegmentTemplateList = { items: [...SEGMENT_TEMPLATES] };
    res.json(body);
  });

  router.get('/segments', async (_req, res) => {
    const body: SegmentList = { items: await listSegments(pool, shopIdOf(res)) };
    res.json(body);
  });

  router.post('/segments', async (req, res) => {
    const input = parseOrThrow(segmentInputSchema, req.body, 'segment');
    res.status(201).json(await createSegment(ctx, shopIdOf(res), input));
  });

  router.get('/segments/:id', async (req, res) => {
    const segment = await getSegment(pool, shopIdOf(res), idOf(req.params.id));
    if (!segment) throw notFound();
    res.json(segment);
  });

  router.put('/segments/:id', async (req, res) => {
    const id = idOf(req.params.id);
    const shopId = shopIdOf(res);
    if (!(await getSegment(pool, shopId, id))) throw notFound();
    const input = parseOrThrow(segmentInputSchema, req.body, 'segment');
    const segment = await replaceSegment(ctx, shopId, id, input);
    if (!segment) throw notFound();
    res.json(segment);
  });

  router.delete('/segments/:id', async (req, res) => {
    if (!(await deleteSegment(pool, shopIdOf(res), idOf(req.params.id)))) throw notFound();
    res.status(204).end();
  });

  return router;
}
