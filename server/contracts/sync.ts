// The store backfill (GraphQL bulk operations) as the admin UI sees it: GET /api/sync, POST /api/sync.
import { z } from 'zod';

export const syncResources = ['customers', 'orders'] as const;
export const syncResourceSchema = z.enum(syncResources);
export type SyncResource = z.infer<typeof syncResourceSchema>;

/** created: waiting its turn; running: Shopify is exporting; importing: streaming the file into the mirror. */
export const syncRunStatuses = [
  'created',
  'running',
  'importing',
  'completed',
  'failed',
  'cancelled',
] as const;
export const syncRunStatusSchema = z.enum(syncRunStatuses);
export type SyncRunStatus = z.infer<typeof syncRunStatusSchema>;

export const syncResourceProgressSchema = z.object({
  resource: syncResourceSchema,
  status: syncRunStatusSchema,
  /** Rows written to the mirror so far (customers, or orders plus line items). */
  rowsImported: z.number().int().nonnegative(),
  /** Objects Shopify exported (BulkOperation.objectCount); null until known. */
  objectCount: z.number().int().nonnegative().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type SyncResourceProgress = z.infer<typeof syncResourceProgressSchema>;

/** idle: never synced; running: some resource not finished; completed / failed: the last sync's outcome. */
export const syncStateSchema = z.enum(['idle', 'running', 'completed', 'failed']);
export type SyncState = z.infer<typeof syncStateSchema>;

export const syncStatusSchema = z.object({
  state: syncStateSchema,
  resources: z.array(syncResourceProgressSchema),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;
