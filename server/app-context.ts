// What the running app is made of, built once in main.ts and handed to routes, jobs and workers.
import type { Agenda } from 'agenda';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { ShopifyApi } from './shopify/shopify-api.js';

export interface AppContext {
  config: Config;
  database: Database;
  shopify: ShopifyApi;
  agenda: Agenda;
  clock: Clock;
  /** True once agenda processing started in this process (worker or all-in-one role). */
  isWorker(): boolean;
}
