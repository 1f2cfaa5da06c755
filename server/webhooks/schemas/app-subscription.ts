// app_subscriptions/update: an app subscription changed status (approved, declined, cancelled, frozen, expired)
// or capped amount. Required: which subscription (admin_graphql_api_id) and its status; the capped amount is
// read when present (a raised cap the merchant approved). Other fields pass through.
import { z } from 'zod';
import { remoteStatuses } from '../../billing/provider.js';
import { gidSchema, timestampSchema } from './primitives.js';

export const appSubscriptionUpdateSchema = z.looseObject({
  app_subscription: z.looseObject({
    admin_graphql_api_id: gidSchema,
    status: z.enum(remoteStatuses),
    name: z.string().nullish(),
    /** Decimal string, e.g. "20.0". */
    capped_amount: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a decimal string')
      .nullish(),
    currency: z.string().nullish(),
    updated_at: timestampSchema.nullish(),
  }),
});
export type AppSubscriptionUpdatePayload = z.output<typeof appSubscriptionUpdateSchema>;
