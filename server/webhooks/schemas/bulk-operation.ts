// bulk_operations/finish: a GraphQL bulk query or mutation finished; fetch its result URL with
// the currentBulkOperation / node query using admin_graphql_api_id.
import { z } from 'zod';
import { gidSchema, timestampSchema, withDefaults } from './primitives.js';

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

/** Required: which operation (admin_graphql_api_id) and how it ended (status); the rest is optional. */
export const bulkOperationFinishSchema = z
  .looseObject({
    admin_graphql_api_id: gidSchema,
    status: z.enum(bulkOperationStatuses),
    type: z.string().nullish(),
    /** null on success; a BulkOperationErrorCode (access_denied, internal_server_error, timeout) on failure. */
    error_code: z.string().nullish(),
    created_at: timestampSchema.nullish(),
    completed_at: timestampSchema.nullish(),
  })
  .transform((b) => withDefaults(b, { error_code: b.error_code ?? null }));
export type BulkOperationFinishPayload = z.output<typeof bulkOperationFinishSchema>;
