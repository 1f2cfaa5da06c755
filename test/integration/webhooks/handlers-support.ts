// Shared set-up for the webhook handler integration tests: a real app on a real database, one shop
// row per test, and `deliver`, which validates a payload like the inbox processor does and runs the
// topic's handler inside a real transaction.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '../../../server/logger.js';
import { start, type RunningApp } from '../../../server/main.js';
import { repoRoot } from '../../../server/paths.js';
import type { WebhookHandler } from '../../../server/webhooks/handler-types.js';
import { webhookHandlers } from '../../../server/webhooks/handlers/index.js';
import {
  decodeWebhookJson,
  parseWebhookPayload,
  type WebhookPayload,
  type WebhookTopic,
} from '../../../server/webhooks/schemas/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

export type Json = Record<string, unknown>;

/** A fixture payload (decoded losslessly, as the inbox does), fresh on every call so tests may change it. */
export function fixture(topic: WebhookTopic): Json {
  const text = readFileSync(
    join(repoRoot, 'test', 'fixtures', 'shopify', `${topic.replace('/', '__')}.json`),
    'utf8',
  );
  const decoded = decodeWebhookJson(text);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.value as Json;
}

export interface DeliverOptions {
  shopId: string | null;
  shopDomain?: string;
  triggeredAt?: Date | null;
  webhookId?: string;
}

export interface Harness {
  app: RunningApp;
  createShop(domain?: string): Promise<{ id: string; domain: string }>;
  deliver<T extends WebhookTopic>(topic: T, payload: Json, opts: DeliverOptions): Promise<void>;
  rows<T = Json>(text: string, params?: unknown[]): Promise<T[]>;
  one<T = Json>(text: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase();
  // role web: no background workers (dispatchers, inbox processor) racing the rows the tests set up;
  // agenda is still connected, so jobs can be created and cancelled.
  const app = await start({ port: 0, role: 'web', env: testEnv(db, { LOCAL_SEED: 'false' }) });
  const rows = async <T>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await app.database.pool.query(text, params)).rows as T[];
  return {
    app,
    rows,
    async one<T>(text: string, params: unknown[] = []): Promise<T> {
      const result = await rows<T>(text, params);
      if (result.length !== 1) throw new Error(`expected one row, got ${result.length}: ${text}`);
      return result[0] as T;
    },
    async createShop(domain = `shop-${randomUUID().slice(0, 8)}.myshopify.com`) {
      const [row] = await rows<{ id: string }>(
        `INSERT INTO shops (domain, name, sender_id, installed_at) VALUES ($1, 'Test Shop', 'TestShop', '2024-01-01T00:00:00Z') RETURNING id`,
        [domain],
      );
      if (!row) throw new Error('shop insert returned nothing');
      return { id: row.id, domain };
    },
    async deliver<T extends WebhookTopic>(topic: T, payload: Json, opts: DeliverOptions): Promise<void> {
      const parsed = parseWebhookPayload(topic, payload);
      if (!parsed.ok) throw new Error(parsed.error);
      const handler = webhookHandlers[topic] as WebhookHandler<T> | undefined;
      if (!handler) throw new Error(`no handler for ${topic}`);
      const webhookId = opts.webhookId ?? randomUUID();
      await app.database.db.transaction(async (tx) =>
        handler(
          {
            tx,
            shopId: opts.shopId,
            shopDomain: opts.shopDomain ?? 'demo.myshopify.com',
            topic,
            webhookId,
            triggeredAt: opts.triggeredAt ?? null,
            log: logger.child({ topic, webhookId }),
            app: app.context,
          },
          parsed.data as WebhookPayload<T>,
        ),
      );
    },
    async stop() {
      await app.stop();
      await db.drop();
    },
  };
}

/** Ids shared by the fixtures (see test/fixtures/shopify/README.md). */
export const ids = {
  customer: '7345678901234',
  order1001: '5789012345678',
  order1002: '5789012345679',
  fulfillment: '5123456789012',
  checkoutToken: '4f2b8c1d9e7a6b5c3d2e1f0a9b8c7d6e',
  tee: '8901234567890',
  tote: '8901234567891',
  phone: '+14155550142',
  email: 'jane.doe@example.com',
};
