// Chooses the app's billing provider (BILLING_PROVIDER; local mode defaults to the simulator), like the SMS
// provider setup. One per running app, in its context.
import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';
import type { BillingProvider } from './provider.js';
import { createShopifyBilling } from './shopify-billing.js';
import { createSimulatedBilling } from './simulated-billing.js';

export function createBillingProvider(deps: {
  config: Config;
  pool: pg.Pool;
  graphql: AdminGraphql;
  clock: Clock;
}): BillingProvider {
  switch (deps.config.billing.provider) {
    case 'shopify':
      return createShopifyBilling(deps.graphql);
    case 'simulated':
      return createSimulatedBilling(deps.pool, () => deps.clock.now());
    default: {
      const never: never = deps.config.billing.provider;
      throw new Error(`unknown billing provider ${String(never)}`);
    }
  }
}
