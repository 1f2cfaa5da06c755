// Shared set-up for the subscriber integration tests: the app in the web role (no dispatcher, so queued
// replies stay queued for the assertions), the local "demo" shop row the admin API resolves, signed
// inbound texts through the real webhook route, and webhook handlers run in a real transaction.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { logger } from '../../../server/logger.js';
import { start, type RunningApp, type StartOptions } from '../../../server/main.js';
import { createSimulatorProvider } from '../../../server/messaging/providers/simulator/index.js';
import { repoRoot } from '../../../server/paths.js';
import { INBOUND_WEBHOOK_PATH } from '../../../server/subscribers/inbound-webhook.js';
import type { WebhookHandler } from '../../../server/webhooks/handler-types.js';
import { parseSmsConsentChange, webhookHandlers } from '../../../server/webhooks/handlers/index.js';
import {
  applyCheckoutSmsConsent,
  applySmsConsentWebhook,
} from '../../../server/subscribers/webhook-consent.js';
import {
  decodeWebhookJson,
  parseWebhookPayload,
  type WebhookPayload,
  type WebhookTopic,
} from '../../../server/webhooks/schemas/index.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';

export type Json = Record<string, unknown>;
export const SHOP_NUMBER = '+15005550006';
export const DISCLOSURE =
  'Demo Store: recurring automated marketing texts. Consent not required to buy. Msg & data rates may apply. Msg frequency varies. Reply HELP for help, STOP to cancel.';

export function fixture(topic: WebhookTopic): Json {
  const text = readFileSync(
    join(repoRoot, 'test', 'fixtures', 'shopify', `${topic.replace('/', '__')}.json`),
    'utf8',
  );
  const decoded = decodeWebhookJson(text);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.value as Json;
}

export interface InboundOptions {
  id?: string;
  method?: 'GET' | 'POST';
  /** The number texted; default the demo shop's SHOP_NUMBER. */
  to?: string;
}

export interface Harness {
  app: RunningApp;
  url: string;
  shopId: string;
  rows<T = Json>(text: string, params?: unknown[]): Promise<T[]>;
  deliver<T extends WebhookTopic>(topic: T, payload: Json, triggeredAt?: Date): Promise<void>;
  /** Runs the subscriber module's webhook entry points (what the handlers call) in a transaction. */
  applyCheckout(payload: Json): Promise<void>;
  applyConsentUpdate(payload: Json): Promise<void>;
  /** Sends a correctly signed inbound text (as MessageBird would) and returns the response. */
  inbound(from: string, body: string, opts?: InboundOptions): Promise<request.Response>;
  /** Signs one inbound text once; each call of the returned function delivers that same request (same token). */
  signedInbound(from: string, body: string, opts?: InboundOptions): () => Promise<request.Response>;
  stop(): Promise<void>;
}

/** role 'web' (default) keeps queued rows still for assertions; 'all' also runs the dispatcher. */
export async function startHarness(
  opts: { role?: 'web' | 'all'; webhookInbox?: StartOptions['webhookInbox'] } = {},
): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase();
  const app = await start({
    port: 0,
    role: opts.role ?? 'web',
    env: testEnv(db, { LOCAL_SEED: 'false' }),
    webhookInbox: opts.webhookInbox,
  });
  const url = app.url!;
  const rows = async <T>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await app.database.pool.query(text, params)).rows as T[];
  const [shop] = await rows<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code, sms_number, settings) VALUES ('demo.myshopify.com', 'Demo Store', 'DemoStore', 'US', $1, $2) RETURNING id`,
    [
      SHOP_NUMBER,
      JSON.stringify({
        programName: 'Demo Store',
        supportContact: 'help@demo.example',
        consentDisclosure: DISCLOSURE,
      }),
    ],
  );
  const simulator = createSimulatorProvider({ signingKey: app.config.sms.messagebird.signingKey });
  const signedInbound = (from: string, body: string, opts: InboundOptions = {}) => {
    const signed = simulator.signInbound({
      from,
      to: opts.to ?? SHOP_NUMBER,
      body,
      url: `${url}${INBOUND_WEBHOOK_PATH}`,
      id: opts.id,
      method: opts.method,
    });
    const path = signed.url.slice(url.length);
    return async (): Promise<request.Response> => {
      const agent = request(url);
      const req = signed.method === 'GET' ? agent.get(path) : agent.post(path);
      for (const [k, v] of Object.entries(signed.headers)) req.set(k, v);
      return signed.method === 'GET' ? req : req.send(signed.body);
    };
  };
  return {
    app,
    url,
    shopId: shop!.id,
    rows,
    async deliver<T extends WebhookTopic>(topic: T, payload: Json, triggeredAt?: Date) {
      const parsed = parseWebhookPayload(topic, payload);
      if (!parsed.ok) throw new Error(parsed.error);
      const handler = webhookHandlers[topic] as WebhookHandler<T>;
      const webhookId = randomUUID();
      await app.database.db.transaction((tx) =>
        handler(
          {
            tx,
            shopId: shop!.id,
            shopDomain: 'demo.myshopify.com',
            topic,
            webhookId,
            triggeredAt: triggeredAt ?? null,
            log: logger.child({ topic }),
            app: app.context,
          },
          parsed.data as WebhookPayload<T>,
        ),
      );
    },
    async applyCheckout(payload) {
      const parsed = parseWebhookPayload('checkouts/create', payload);
      if (!parsed.ok) throw new Error(parsed.error);
      const meta = { topic: 'checkouts/create', webhookId: randomUUID(), triggeredAt: null, now: new Date() };
      await app.database.db.transaction((tx) => applyCheckoutSmsConsent(tx, shop!.id, parsed.data, meta));
    },
    async applyConsentUpdate(payload) {
      const parsed = parseWebhookPayload('customers_marketing_consent/update', payload);
      if (!parsed.ok) throw new Error(parsed.error);
      const meta = {
        topic: 'customers_marketing_consent/update',
        webhookId: randomUUID(),
        triggeredAt: null,
        now: new Date(),
      };
      await app.database.db.transaction((tx) =>
        applySmsConsentWebhook(tx, shop!.id, parseSmsConsentChange(parsed.data), meta),
      );
    },
    async inbound(from, body, opts = {}) {
      return signedInbound(from, body, opts)();
    },
    signedInbound,
    async stop() {
      await app.stop();
      await db.drop();
    },
  };
}

/** A checkout where the buyer ticked the SMS box with this phone. */
export function checkoutWithSms(
  phone: string,
  customerId: string,
  country: string | null,
  token = randomUUID().replaceAll('-', ''),
  locale = 'en-US',
): Json {
  const c = fixture('checkouts/create');
  const customer = { ...(c.customer as Json), id: customerId, phone: null };
  return {
    ...c,
    token,
    customer_locale: locale,
    buyer_accepts_sms_marketing: true,
    sms_marketing_phone: phone,
    customer,
    shipping_address: country
      ? { ...((c.shipping_address as Json | null) ?? {}), country_code: country }
      : c.shipping_address,
  };
}
