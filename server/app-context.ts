// What the running app is made of, built once in main.ts and handed to routes, jobs and workers. Every
// piece of per-app state lives here (or in the objects main.ts creates): two apps started in one process
// share nothing.
import type { Agenda } from 'agenda';
import type { PublicUrl } from './automations/public-url.js';
import type { BillingProvider } from './billing/provider.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { ProviderSetup } from './messaging/provider-setup.js';
import type { ShopifyAdmin } from './shopify/offline-token.js';
import type { ShopifyApi } from './shopify/shopify-api.js';

export interface AppContext {
  config: Config;
  database: Database;
  shopify: ShopifyApi;
  /** The app's Admin GraphQL client and offline-token refresher. */
  shopifyAdmin: ShopifyAdmin;
  agenda: Agenda;
  clock: Clock;
  /** The app's public base URL (links, provider callbacks). */
  publicUrl: PublicUrl;
  /** The app's SMS provider registry and callback replay guard. */
  providers: ProviderSetup;
  /** The app's billing provider: Shopify's Billing API, or the simulator in local mode (BILLING_PROVIDER). */
  billing: BillingProvider;
  /** True in the worker and all-in-one roles: this process runs agenda jobs and the background workers. */
  runsJobs(): boolean;
}
