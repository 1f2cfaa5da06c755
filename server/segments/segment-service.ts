// Segment use cases for the API and jobs: preview, save (with counts), and refreshing saved counts. A
// definition naming a product or variant the shop never sold is a 400 naming its path; nothing is stored.
import type { AppContext } from '../app-context.js';
import type { Segment, SegmentInput, SegmentNode, SegmentPreview } from '../contracts/segments.js';
import { AppError, isAppError } from '../errors.js';
import { logger } from '../logger.js';
import { countAndSample, countSegment, unknownProductIds } from './segment-queries.js';
import { insertSegment, listSegments, recordSegmentCounts, updateSegment } from './segment-repository.js';

const timeoutOf = (ctx: AppContext) => ctx.config.segments.queryTimeoutMs;

async function assertProductsOfShop(
  ctx: AppContext,
  shopId: string,
  definition: SegmentNode,
  prefix: string,
): Promise<void> {
  const unknown = await unknownProductIds(ctx.database.pool, shopId, definition);
  const entries = Object.entries(unknown);
  if (entries.length === 0) return;
  const fields = Object.fromEntries(
    entries.map(([path, message]) => [path ? `${prefix}.${path}` : prefix, message]),
  );
  const summary = Object.entries(fields)
    .map(([k, m]) => `${k}: ${m}`)
    .join('; ');
  throw new AppError({
    code: 'validation_failed',
    status: 400,
    message: `Invalid segment: ${summary}`,
    fields,
  });
}

export async function previewSegment(
  ctx: AppContext,
  shopId: string,
  definition: SegmentNode,
): Promise<SegmentPreview> {
  await assertProductsOfShop(ctx, shopId, definition, 'definition');
  const started = performance.now();
  const result = await countAndSample(ctx.database.pool, shopId, definition, {
    timeoutMs: timeoutOf(ctx),
    now: ctx.clock.now(),
  });
  return { ...result, tookMs: Math.round(performance.now() - started) };
}

/** Counts for a save; a timeout stores the segment without counts (the nightly job tries again). */
async function countsForSave(ctx: AppContext, shopId: string, definition: SegmentNode) {
  try {
    return await countSegment(ctx.database.pool, shopId, definition, {
      timeoutMs: timeoutOf(ctx),
      now: ctx.clock.now(),
    });
  } catch (err) {
    if (isAppError(err) && err.code === 'segment_timeout') return null;
    throw err;
  }
}

export async function createSegment(ctx: AppContext, shopId: string, input: SegmentInput): Promise<Segment> {
  await assertProductsOfShop(ctx, shopId, input.definition, 'definition');
  const counts = await countsForSave(ctx, shopId, input.definition);
  return insertSegment(ctx.database.pool, shopId, input, counts, ctx.clock.now());
}

export async function replaceSegment(
  ctx: AppContext,
  shopId: string,
  id: string,
  input: SegmentInput,
): Promise<Segment | null> {
  await assertProductsOfShop(ctx, shopId, input.definition, 'definition');
  const counts = await countsForSave(ctx, shopId, input.definition);
  return updateSegment(ctx.database.pool, shopId, id, input, counts, ctx.clock.now());
}

/** Recounts every saved segment of the shop; returns how many were counted (timeouts are logged and skipped). */
export async function refreshSegmentCounts(ctx: AppContext, shopId: string): Promise<number> {
  let counted = 0;
  for (const segment of await listSegments(ctx.database.pool, shopId)) {
    const counts = await countsForSave(ctx, shopId, segment.definition);
    if (!counts) {
      logger.warn({ shopId, segmentId: segment.id }, 'segment count timed out; last counts kept');
      continue;
    }
    await recordSegmentCounts(ctx.database.pool, shopId, segment.id, counts, ctx.clock.now());
    counted++;
  }
  return counted;
}
