// Admin API over customers/data_request exports, scoped to the authenticated shop:
//   GET /api/data-requests?cursor=&limit=          newest first, keyset pages
//   GET /api/data-requests/:id?format=json|csv     the export as a download (410 once a redact erased it)
import { Router } from 'express';
import {
  dataRequestDownloadQuerySchema,
  dataRequestIdParamsSchema,
  dataRequestListQuerySchema,
  type DataRequestExport,
  type DataRequestList,
} from '../contracts/index.js';
import type { Db } from '../db/client.js';
import { assertNever, AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { dataRequestCsv } from './data-request-csv.js';
import { getDataRequest, listDataRequests } from './data-request-repository.js';

export function dataRequestRoutes(db: Db): Router {
  const router = Router();

  router.get('/data-requests', async (req, res) => {
    const query = parseOrThrow(dataRequestListQuerySchema, req.query, 'query');
    const body: DataRequestList = await listDataRequests(db, shopIdOf(res), query);
    res.json(body);
  });

  router.get('/data-requests/:id', async (req, res) => {
    const { id } = parseOrThrow(dataRequestIdParamsSchema, req.params, 'data request id');
    const { format } = parseOrThrow(dataRequestDownloadQuerySchema, req.query, 'query');
    const found = await getDataRequest(db, shopIdOf(res), id);
    switch (found.outcome) {
      case 'not_found':
        throw new AppError({
          code: 'data_request_not_found',
          status: 404,
          message: `Data request ${id} not found`,
        });
      case 'redacted':
        throw new AppError({
          code: 'data_request_redacted',
          status: 410,
          message: `Data request ${id} was erased by a later customers/redact: there is no data left to export`,
        });
      case 'found': {
        const filename = `data-request-${id}.${format}`;
        res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
        if (format === 'csv') {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.send(dataRequestCsv(found.data));
          return;
        }
        const body: DataRequestExport = { dataRequest: found.summary, data: found.data };
        res.json(body);
        return;
      }
      default:
        assertNever(found, 'data request lookup');
    }
  });

  return router;
}
