// Environment keys of the app itself: runtime, HTTP, logging, database and the Shopify app.
// Part of the one zod schema that server/config.ts composes and that alone reads process.env.
import { z } from 'zod';
import { base64Key32, emptyToUndefined, int, optionalString, postgresUrl } from './env-fields.js';

export const appEnvShape = {
  /** development | production | test. Only affects log defaults; production mode is chosen by SHOPIFY_API_KEY. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port; 0 picks a free port (tests). */
  PORT: int(3000, 0, 65535),
  /** Interface to bind. Local mode defaults to 127.0.0.1 so the demo shop is reachable from this machine only. */
  HOST: optionalString,
  /** Public https URL of the app (Shopify's application_url). Required in production. */
  APP_URL: z.preprocess(
    emptyToUndefined,
    z.url('must be an absolute URL such as https://sms.example.com').optional(),
  ),
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),

  /** PostgreSQL server. Unset: an embedded PGlite server is started (local mode and quick tests). */
  DATABASE_URL: postgresUrl,
  /** Max connections in this process's pool (at least 2: agenda creates its schema on one while another holds the schema lock). */
  DATABASE_POOL_MAX: int(20, 2, 200),
  /** Where the embedded database keeps its files when DATABASE_URL is unset; memory:// keeps nothing. */
  EMBEDDED_DB_DIR: z.preprocess(emptyToUndefined, z.string().default('.data/pglite')),

  /** Shopify app client id. Unset means local mode (demo shop, simulated SMS, no Shopify). */
  SHOPIFY_API_KEY: optionalString,
  /** Shopify app client secret: verifies webhook HMACs and session tokens. Local mode default: local-dev-secret (not with SMS_PROVIDER=messagebird or NODE_ENV=production). */
  SHOPIFY_API_SECRET: optionalString,
  /** Comma-separated access scopes, as in shopify.app.toml. */
  SHOPIFY_SCOPES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('read_customers,write_customers,read_orders,read_fulfillments,write_discounts,read_checkouts'),
  ),
  /** Admin API version used for GraphQL calls and expected on webhooks. */
  SHOPIFY_API_VERSION: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'must look like 2025-10')
      .default('2025-10'),
  ),
  /** AES-256-GCM key for access tokens at rest, base64 of 32 bytes. Required in production mode, and in local mode with SMS_PROVIDER=messagebird or NODE_ENV=production. */
  TOKEN_ENCRYPTION_KEY: base64Key32,
};
