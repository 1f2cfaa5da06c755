// shopify.app.toml's webhook subscriptions against the handler map, both ways: every topic the inbox
// processor handles is subscribed, every subscribed topic has a handler, the compliance topics are
// declared as such, each block says which handler it feeds, and every uri is a path the receiver serves.
import { readFileSync } from 'node:fs';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../../../server/config.js';
import { WEBHOOK_PATHS } from '../../../server/webhooks/receiver.js';
import { webhookHandlers } from '../../../server/webhooks/handlers/index.js';
import { webhookTopics, type WebhookTopic } from '../../../server/webhooks/schemas/index.js';
import {
  APP_TOML_PATH,
  loadWebhookConfig,
  parseWebhookConfig,
  subscriptionFor,
  subscriptionPath,
  type WebhookConfig,
} from '../../../server/webhooks/subscriptions.js';

const tomlText = readFileSync(APP_TOML_PATH, 'utf8');

/** Shopify's mandatory privacy topics: subscribed under compliance_topics, never under topics. */
const complianceTopics = [
  'customers/data_request',
  'customers/redact',
  'shop/redact',
] as const satisfies readonly WebhookTopic[];

function configOf(text: string): WebhookConfig {
  const result = parseWebhookConfig(text);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

const handled = (): Map<string, string> =>
  new Map(
    Object.entries(webhookHandlers).map(([topic, handler]) => [topic, (handler as { name: string }).name]),
  );

/** Every disagreement between the subscriptions and the handler map, as readable lines (none when in step). */
function mismatches(config: WebhookConfig, handlers: Map<string, string> = handled()): string[] {
  const problems: string[] = [];
  const regular = config.subscriptions.flatMap((s) => s.topics);
  const compliance = config.subscriptions.flatMap((s) => s.complianceTopics);
  const subscribed = [...regular, ...compliance];
  for (const topic of handlers.keys()) {
    if (!subscribed.includes(topic)) problems.push(`${topic} is handled but not subscribed`);
  }
  for (const topic of subscribed) {
    if (!handlers.has(topic)) problems.push(`${topic} is subscribed but has no handler`);
  }
  for (const topic of new Set(subscribed)) {
    if (subscribed.filter((t) => t === topic).length > 1)
      problems.push(`${topic} is subscribed more than once`);
  }
  for (const topic of complianceTopics) {
    if (!compliance.includes(topic)) problems.push(`${topic} is missing from compliance_topics`);
  }
  for (const topic of regular) {
    if ((complianceTopics as readonly string[]).includes(topic))
      problems.push(`${topic} must be under compliance_topics, not topics`);
  }
  for (const topic of compliance) {
    if (!(complianceTopics as readonly string[]).includes(topic))
      problems.push(`${topic} is not a compliance topic`);
  }
  config.subscriptions.forEach((s, i) => {
    if (!/^Handled by:/m.test(s.comment))
      problems.push(`subscription block ${i + 1} has no "# Handled by:" comment`);
    for (const topic of [...s.topics, ...s.complianceTopics]) {
      const name = handlers.get(topic);
      if (name && !s.comment.includes(name))
        problems.push(`block ${i + 1}'s comment does not name ${name} (handler of ${topic})`);
    }
  });
  return problems;
}

describe('shopify.app.toml webhook subscriptions', () => {
  const config = configOf(tomlText);

  it('subscribes to every handled topic, and only to handled topics (both ways)', () => {
    expect(mismatches(config)).toEqual([]);
    const subscribed = config.subscriptions.flatMap((s) => [...s.topics, ...s.complianceTopics]).sort();
    expect(subscribed).toEqual(Object.keys(webhookHandlers).sort());
    // The handler map covers every topic the schemas know.
    expect(Object.keys(webhookHandlers).sort()).toEqual([...webhookTopics].sort());
  });

  it('declares the three mandatory compliance topics under compliance_topics', () => {
    const compliance = config.subscriptions.flatMap((s) => s.complianceTopics).sort();
    expect(compliance).toEqual(['customers/data_request', 'customers/redact', 'shop/redact']);
  });

  it('pins the API version the payload schemas and the app use', () => {
    expect(config.apiVersion).toBe(
      loadConfig({ SHOPIFY_API_KEY: undefined, SHOPIFY_API_VERSION: undefined }).shopify.apiVersion,
    );
  });

  it('gives every topic a uri the receiver serves', async () => {
    const app = express();
    app.post(WEBHOOK_PATHS, (_req, res) => {
      res.sendStatus(204);
    });
    const paths = new Set(config.subscriptions.map((s) => s.path));
    expect(paths.size).toBeGreaterThan(0);
    for (const s of config.subscriptions)
      expect(s.uri.startsWith('/') || s.uri.startsWith('https://')).toBe(true);
    for (const path of paths) {
      const res = await request(app).post(path).send('{}');
      expect({ path, status: res.status }).toEqual({ path, status: 204 });
    }
    // The check can fail: a path the receiver does not serve is a 404.
    expect((await request(app).post('/webhooks').send('{}')).status).toBe(404);
  });

  it('finds the subscription of a topic, compliance topics included', () => {
    expect(subscriptionFor(config, 'orders/create')?.topics).toContain('orders/create');
    expect(subscriptionFor(config, 'shop/redact')?.complianceTopics).toContain('shop/redact');
    expect(subscriptionFor(config, 'orders/delete')).toBeNull();
  });

  it('loads the file from the repository root', async () => {
    const loaded = await loadWebhookConfig();
    expect(loaded).toEqual({ ok: true, config });
  });
});

describe('the comparison catches drift', () => {
  it('a handled topic that is not subscribed', () => {
    const text = tomlText.replace('"orders/create", "orders/paid", ', '"orders/create", ');
    expect(mismatches(configOf(text))).toEqual(['orders/paid is handled but not subscribed']);
  });

  it('a subscribed topic without a handler', () => {
    const text = tomlText.replace(
      'topics = ["customers/delete"]',
      'topics = ["customers/delete", "products/update"]',
    );
    expect(mismatches(configOf(text))).toEqual(['products/update is subscribed but has no handler']);
  });

  it('a compliance topic missing or declared as a regular topic', () => {
    const text = tomlText
      .replace(
        'compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]',
        'compliance_topics = ["customers/data_request", "customers/redact"]',
      )
      .replace('topics = ["bulk_operations/finish"]', 'topics = ["bulk_operations/finish", "shop/redact"]');
    expect(mismatches(configOf(text))).toEqual([
      'shop/redact is missing from compliance_topics',
      'shop/redact must be under compliance_topics, not topics',
      "block 9's comment does not name handleShopRedact (handler of shop/redact)",
    ]);
  });

  it('a block without its "# Handled by:" comment, or naming the wrong handler', () => {
    const noComment = tomlText.replace(/# Handled by: handleFulfillmentEvent[^\n]*\n/, '');
    expect(mismatches(configOf(noComment))).toEqual([
      'subscription block 3 has no "# Handled by:" comment',
      "block 3's comment does not name handleFulfillmentEvent (handler of fulfillment_events/create)",
    ]);
    const wrongName = tomlText.replace(
      '# Handled by: handleCustomerDelete',
      '# Handled by: handleCustomerGone',
    );
    expect(mismatches(configOf(wrongName))).toEqual([
      "block 6's comment does not name handleCustomerDelete (handler of customers/delete)",
    ]);
  });

  it('reports malformed TOML and a wrong shape as values', () => {
    expect(parseWebhookConfig('[webhooks\napi_version = 1')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not valid TOML'),
    });
    const noUri = tomlText.replace(
      'topics = ["app/uninstalled"]\nuri = "/webhooks/shopify"',
      'topics = ["app/uninstalled"]',
    );
    expect(parseWebhookConfig(noUri)).toMatchObject({
      ok: false,
      error: expect.stringContaining('webhooks.subscriptions.7.uri'),
    });
  });
});

describe('subscriptionPath', () => {
  it('resolves relative uris from the app root and strips application_url from absolute ones', () => {
    expect(subscriptionPath('/webhooks/shopify', 'https://sms.example.com')).toBe('/webhooks/shopify');
    expect(subscriptionPath('webhooks/shopify', 'https://sms.example.com/')).toBe('/webhooks/shopify');
    expect(subscriptionPath('https://sms.example.com/webhooks/shopify', 'https://sms.example.com')).toBe(
      '/webhooks/shopify',
    );
    expect(subscriptionPath('https://hooks.example.com/in/shopify', 'https://sms.example.com')).toBe(
      '/in/shopify',
    );
  });
});
