// bulk_operations/finish: a GraphQL bulk query or mutation finished; fetch its result URL with
// the currentBulkOperation / node query using admin_graphql_api_id.
import { z } from 'zod';
import { gidSchema, timestampSchema } from './primitives.js';

/** Lower-case spellings of BulkOperationStatus as sent in the webhook. */
export const bulkOperationStatuses = [
  'canceled',
  'canceling',
  'completed',
  'created',
  'expired',
  'failed',
  'running',
] as const;
export type BulkOperationStatus = (typeof bulkOperationStatuses)[number];

export const bulkOperationFinishSchema = z.looseObject({
  admin_graphql_api_id: gidSchema,
  status: z.enum(bulkOperationStatuses),
  type: z.enum(['query', 'mutation']),
  /** null on success; a BulkOperationErrorCode (access_denied, internal_server_error, timeout) on failure. */
  error_code: z.string().nullable(),
  created_at: timestampSchema,
  completed_at: timestampSchema.nullable(),
});
export type BulkOperationFinishPayload = z.infer<typeof bulkOperationFinishSchema>;
