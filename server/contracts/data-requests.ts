// Shared between the server and the admin UI: GDPR customers/data_request exports the merchant downloads
// and hands to the customer. Zod schemas and types only.
import { z } from 'zod';

const idString = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a data request id (a positive integer)');

/** GET /api/data-requests query: newest first, keyset pagination on the id. */
export const dataRequestListQuerySchema = z
  .object({
    /** nextCursor of the previous page. */
    cursor: idString.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type DataRequestListQuery = z.infer<typeof dataRequestListQuerySchema>;

export const dataRequestIdParamsSchema = z.object({ id: idString });

export const dataRequestFormats = ['json', 'csv'] as const;
export type DataRequestFormat = (typeof dataRequestFormats)[number];

/** GET /api/data-requests/:id query. */
export const dataRequestDownloadQuerySchema = z
  .object({ format: z.enum(dataRequestFormats, { message: 'format must be json or csv' }).default('json') })
  .strict();

/** ready: the export can be downloaded; redacted: a later customers/redact erased it. */
export const dataRequestStatuses = ['ready', 'redacted'] as const;
export type DataRequestStatus = (typeof dataRequestStatuses)[number];

export const dataRequestSummarySchema = z.object({
  /** bigint as a decimal string. */
  id: z.string(),
  /** Shopify customer id (decimal string), null when the request named none. */
  customerId: z.string().nullable(),
  /** Shopify's data_request.id. */
  shopifyRequestId: z.string().nullable(),
  /** Order ids the customer asked about (decimal strings). */
  ordersRequested: z.array(z.string()),
  status: z.enum(dataRequestStatuses),
  /** ISO timestamps. */
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type DataRequestSummary = z.infer<typeof dataRequestSummarySchema>;

export const dataRequestListSchema = z.object({
  items: z.array(dataRequestSummarySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type DataRequestList = z.infer<typeof dataRequestListSchema>;

/**
 * GET /api/data-requests/:id?format=json (an attachment): the request and everything stored about the
 * customer: customer, orders (with line_items), fulfillments, checkouts, purchased_products,
 * subscribers, consent_events, messages, link_clicks. 64-bit ids beyond 2^53 appear as strings.
 */
export const dataRequestExportSchema = z.object({
  dataRequest: dataRequestSummarySchema,
  data: z.record(z.string(), z.unknown()),
});
export type DataRequestExport = z.infer<typeof dataRequestExportSchema>;

/** The CSV download (?format=csv) has one line per field of each record, with these columns. */
export const dataRequestCsvColumns = ['section', 'record', 'field', 'value'] as const;
