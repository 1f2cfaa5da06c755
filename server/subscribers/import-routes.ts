// Background CSV imports (mounted by subscriber-routes.ts):
//   POST /api/subscribers/imports?filename=   the file as a text/csv body → 201, the import with its columns
//   GET  /api/subscribers/imports/:id         progress
//   POST /api/subscribers/imports/:id/preview { mapping } → the first rows as they would be imported
//   POST /api/subscribers/imports/:id/start   { mapping } → 202, imported in the background
//   GET  /api/subscribers/imports/:id/rejected  the rejected rows with their reasons, as CSV
import { and, asc, eq, gt } from 'drizzle-orm';
import { Router, type Request } from 'express';
import type { AppContext } from '../app-context.js';
import {
  importRequestSchema,
  uploadQuerySchema,
  type ImportPreview,
  type SubscriberImport,
} from '../contracts/subscriber-imports.js';
import { subscriberImportRows, subscriberImports } from '../db/schema/index.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { writeWithBackpressure } from '../http/write-with-backpressure.js';
import { loadShop } from './consent-actions.js';
import { csvLine } from './csv.js';
import { checkImportRow, guessMapping, unknownColumns } from './import-row-check.js';
import { SUBSCRIBER_IMPORT_JOB, type SubscriberImportJobData } from './import-jobs.js';
import { storeUpload } from './import-upload.js';

export const PREVIEW_ROWS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ImportRow = typeof subscriberImports.$inferSelect;

const notFound = (id: string) =>
  new AppError({ code: 'import_not_found', status: 404, message: `Import ${id} not found` });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(r: ImportRow): SubscriberImport {
  const columns = r.columns as string[];
  return {
    id: r.id,
    filename: r.filename,
    status: r.status as SubscriberImport['status'],
    columns,
    mapping: r.mapping
      ? Object.fromEntries(
          Object.entries(r.mapping as Record<string, unknown>).filter(
            (e): e is [string, string] => typeof e[1] === 'string',
          ),
        )
      : guessMapping(columns),
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    imported: r.imported,
    unchanged: r.unchanged,
    rejected: r.rejected,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

export function importRoutes(ctx: AppContext): Router {
  const router = Router();
  const db = ctx.database.db;

  const load = async (shopId: string, id: string): Promise<ImportRow> => {
    if (!UUID.test(id)) throw notFound(id);
    const [row] = await db
      .select()
      .from(subscriberImports)
      .where(and(eq(subscriberImports.shopId, shopId), eq(subscriberImports.id, id)));
    if (!row) throw notFound(id);
    return row;
  };
  const mappingOf = (req: Request, row: ImportRow) => {
    const { mapping } = parseOrThrow(importRequestSchema, req.body, 'import');
    const unknown = unknownColumns(row.columns as string[], mapping);
    const fields = Object.keys(unknown);
    if (fields.length > 0) {
      throw new AppError({
        code: 'validation_failed',
        status: 400,
        message: `Invalid import: ${fields.map((f) => `${f}: ${unknown[f]}`).join('; ')}`,
        fields: unknown,
      });
    }
    return mapping;
  };

  router.post('/subscribers/imports', async (req, res) => {
    if (!req.is('text/csv')) {
      throw new AppError({
        code: 'unsupported_media_type',
        status: 415,
        message: 'Send the CSV file as the request body with Content-Type: text/csv',
      });
    }
    const { filename } = parseOrThrow(uploadQuerySchema, req.query, 'query');
    const shopId = shopIdOf(res);
    const id = await storeUpload(db, shopId, req, filename ?? null, ctx.clock.now());
    res.status(201).json(toView(await load(shopId, id)));
  });

  router.get('/subscribers/imports/:id', async (req, res) => {
    res.json(toView(await load(shopIdOf(res), req.params.id)));
  });

  router.post('/subscribers/imports/:id/preview', async (req, res) => {
    const shopId = shopIdOf(res);
    const row = await load(shopId, req.params.id);
    const mapping = mappingOf(req, row);
    const shop = await db.transaction((tx) => loadShop(tx, shopId));
    const lines = await db
      .select()
      .from(subscriberImportRows)
      .where(and(eq(subscriberImportRows.shopId, shopId), eq(subscriberImportRows.importId, row.id)))
      .orderBy(asc(subscriberImportRows.line))
      .limit(PREVIEW_ROWS);
    const firstLine = new Map<string, number>();
    const body: ImportPreview = {
      rows: lines.map((l) => {
        const check = checkImportRow(row.columns as string[], l.cells as string[], mapping, {
          shopCountry: shop.countryCode,
          now: ctx.clock.now(),
        });
        if (!check.ok)
          return { line: l.line, values: check.values, reason: check.reason, message: check.message };
        const first = firstLine.get(check.row.phone);
        if (first !== undefined)
          return {
            line: l.line,
            values: check.values,
            reason: 'duplicate' as const,
            message: `same number as line ${first}`,
          };
        firstLine.set(check.row.phone, l.line);
        return { line: l.line, values: check.values, reason: null, message: null };
      }),
    };
    res.json(body);
  });

  router.post('/subscribers/imports/:id/start', async (req, res) => {
    const shopId = shopIdOf(res);
    const row = await load(shopId, req.params.id);
    const mapping = mappingOf(req, row);
    const [started] = await db
      .update(subscriberImports)
      .set({ status: 'queued', mapping })
      .where(
        and(
          eq(subscriberImports.shopId, shopId),
          eq(subscriberImports.id, row.id),
          eq(subscriberImports.status, 'uploaded'),
        ),
      )
      .returning();
    if (!started)
      throw new AppError({
        code: 'import_already_started',
        status: 409,
        message: `Import ${row.id} is ${row.status}: it can be started once`,
      });
    await ctx.agenda.now<SubscriberImportJobData>(SUBSCRIBER_IMPORT_JOB, { shopId, importId: row.id });
    res.status(202).json(toView(started));
  });

  router.get('/subscribers/imports/:id/rejected', async (req, res) => {
    const shopId = shopIdOf(res);
    const row = await load(shopId, req.params.id);
    const columns = row.columns as string[];
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="rejected-rows-${row.id}.csv"`);
    if (!(await writeWithBackpressure(res, csvLine(['line', 'reason', 'message', ...columns])))) return;
    let after = 0;
    for (;;) {
      const page = await db
        .select()
        .from(subscriberImportRows)
        .where(
          and(
            eq(subscriberImportRows.shopId, shopId),
            eq(subscriberImportRows.importId, row.id),
            eq(subscriberImportRows.status, 'rejected'),
            gt(subscriberImportRows.line, after),
          ),
        )
        .orderBy(asc(subscriberImportRows.line))
        .limit(1000);
      if (page.length === 0) break;
      const chunk = page
        .map((r) => csvLine([r.line, r.reason, r.message, ...(r.cells as string[])]))
        .join('');
      if (!(await writeWithBackpressure(res, chunk))) return;
      after = page.at(-1)!.line;
    }
    res.end();
  });

  return router;
}
