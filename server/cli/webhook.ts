// `npm run webhook -- <topic> [payload.json] [--url http://127.0.0.1:3000] [--shop demo.myshopify.com]
//  [--webhook-id <id>] [--phone <E.164>] [--customer <id>] [--order <id>] [--config shopify.app.toml]`: sends a webhook to a running
// app, signed with SHOPIFY_API_SECRET exactly as Shopify signs it. Without a payload file,
// test/fixtures/shopify/<topic with / as __>.json is sent, with these changes:
// - orders/create is a new order on every run (new id, name, timestamps), so each run gets a confirmation;
// - in local mode an orders/* or checkouts/* fixture, whose customer is not in the demo store, is sent for a
//   subscribed demo subscriber (asked from the running app), unless --phone or --customer says who.
// --phone / --customer replace the payload's phones (order, customer, shipping/billing) / customer id; --order
// sets the order id (orders/*) or the order a fulfillment belongs to; without it, a fulfillments/* or
// fulfillment_events/* fixture ships the last order this command created (remembered in .data/).
// Each run is a new delivery (webhook id).
// The request goes to the uri shopify.app.toml subscribes the topic at (relative to the app's URL, as
// Shopify resolves it against application_url); a topic the app does not subscribe to is refused.
// --config reads another app configuration file than the repository's shopify.app.toml.
// Exit code 0 when the app answered 2xx.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { DEMO_SHOP_DOMAIN } from '../local/demo-shop.js';
import { fixturesDir } from '../paths.js';
import { lastOrder, rememberOrder, shipsAnOrder } from './last-order.js';
import { signShopifyWebhook } from '../webhooks/sign.js';
import { loadWebhookConfig, subscriptionFor } from '../webhooks/subscriptions.js';
import {
  asNewOrder,
  isShopperTopic,
  retarget,
  takesOrderId,
  withOrderId,
  type Json,
  type Target,
} from './webhook-payload.js';

const USAGE =
  'usage: npm run webhook -- <topic> [payload.json] [--url http://127.0.0.1:3000] [--shop demo.myshopify.com]\n' +
  '         [--webhook-id <id>] [--phone <E.164>] [--customer <id>] [--order <id>] [--config shopify.app.toml]\n';
const OPTIONS = ['url', 'shop', 'webhook-id', 'phone', 'customer', 'order', 'config'];

interface Args {
  topic: string;
  payloadFile: string | null;
  url: string | null;
  shop: string;
  webhookId: string | undefined;
  target: Target;
  orderId: number | undefined;
  /** The app configuration file declaring the subscriptions (default: the repository's shopify.app.toml). */
  appConfigFile: string | undefined;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function shopifyId(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) fail(`--${flag} must be a Shopify id such as 7345678901234 (got ${value})`);
  return id;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (!OPTIONS.includes(key)) fail(`unknown option --${key}`);
      const value = inline ?? argv[++i];
      if (value === undefined) fail(`--${key} needs a value`);
      flags[key] = value;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length < 1 || positional.length > 2) fail('expected a topic and at most one payload file');
  const topic = positional[0]!;
  if (!/^[a-z0-9_]+(\/[a-z0-9_]+)+$/.test(topic)) fail(`topic must look like orders/create (got ${topic})`);
  const phone = flags.phone?.trim();
  if (phone !== undefined && !/^\+[1-9]\d{6,14}$/.test(phone))
    fail(`--phone must be in E.164 format such as +14155550123 (got ${phone})`);
  const customerId = shopifyId('customer', flags.customer);
  if ((phone !== undefined || customerId !== undefined) && !isShopperTopic(topic))
    fail(`--phone and --customer do not apply to ${topic}`);
  const orderId = shopifyId('order', flags.order);
  if (orderId !== undefined && !takesOrderId(topic)) fail(`--order does not apply to ${topic}`);
  return {
    topic,
    payloadFile: positional[1] ?? null,
    url: flags.url ?? null,
    shop: flags.shop ?? DEMO_SHOP_DOMAIN,
    webhookId: flags['webhook-id'],
    target: {
      ...(phone === undefined ? {} : { phone }),
      ...(customerId === undefined ? {} : { customerId }),
    },
    orderId,
    appConfigFile: flags.config === undefined ? undefined : resolve(flags.config),
  };
}

/** Local mode: a subscribed demo subscriber in the US (where the fixtures' addresses are), from the running app. */
async function demoSubscriberPhone(baseUrl: string): Promise<string | null> {
  try {
    const res = await fetch(`${baseUrl}/api/subscribers?state=subscribed&country=US&limit=1`);
    if (!res.ok) return null;
    const body = (await res.json()) as { items?: Array<{ phone?: unknown }> };
    const phone = body.items?.[0]?.phone;
    return typeof phone === 'string' ? phone : null;
  } catch {
    return null;
  }
}

async function buildBody(args: Args, text: string, baseUrl: string, local: boolean): Promise<string> {
  const fromFixture = args.payloadFile === null;
  if (fromFixture && args.orderId === undefined && shipsAnOrder(args.topic)) {
    const remembered = await lastOrder(args.shop);
    if (remembered === null) {
      process.stdout.write(
        `no order created by npm run webhook yet: ${args.topic} for the fixture's order (run orders/create first, or pass --order)\n`,
      );
    } else {
      args = { ...args, orderId: remembered.id };
      process.stdout.write(
        `for order ${remembered.name} (id ${remembered.id}), the last one npm run webhook created (choose with --order)\n`,
      );
    }
  }
  const edits = Object.keys(args.target).length > 0 || args.orderId !== undefined;
  const newOrder = fromFixture && args.topic === 'orders/create';
  const demoDefault =
    fromFixture && local && Object.keys(args.target).length === 0 && /^(orders|checkouts)\//.test(args.topic);
  if (!edits && !newOrder && !demoDefault) return text; // sent byte for byte
  let payload = JSON.parse(text) as Json;
  let target = args.target;
  if (demoDefault) {
    const phone = await demoSubscriberPhone(baseUrl);
    if (phone === null)
      process.stderr.write('no subscribed demo subscriber found: sending the fixture customer as is\n');
    else {
      target = { phone };
      process.stdout.write(`local mode: for demo subscriber ${phone} (choose with --phone or --customer)\n`);
    }
  }
  if (Object.keys(target).length > 0) payload = retarget(args.topic, payload, target);
  if (newOrder) payload = asNewOrder(payload, new Date(), args.orderId);
  else if (args.orderId !== undefined) payload = withOrderId(args.topic, payload, args.orderId);
  if (args.topic.startsWith('orders/'))
    process.stdout.write(`order ${String(payload.name)} (id ${String(payload.id)})\n`);
  if (shipsAnOrder(args.topic))
    process.stdout.write(`${args.topic} for order id ${String(payload.order_id)}\n`);
  return JSON.stringify(payload);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const webhooks = await loadWebhookConfig(args.appConfigFile);
  if (!webhooks.ok) fail(webhooks.error);
  const subscription = subscriptionFor(webhooks.config, args.topic);
  if (subscription === null)
    fail(`${args.topic} is not subscribed in shopify.app.toml: Shopify would never send it`);
  const file = args.payloadFile
    ? resolve(args.payloadFile)
    : join(fixturesDir, 'shopify', `${args.topic.replaceAll('/', '__')}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    fail(`cannot read the payload file ${file}`);
  }
  const baseUrl = (args.url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  let body: string;
  try {
    body = await buildBody(args, text, baseUrl, config.mode === 'local');
  } catch (err) {
    fail(`cannot edit the payload of ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const headers = signShopifyWebhook({
    secret: config.shopify.apiSecret,
    topic: args.topic,
    shopDomain: args.shop,
    body,
    apiVersion: config.shopify.apiVersion,
    webhookId: args.webhookId,
  });
  const target = `${baseUrl}${subscription.path}`;
  let res: Response;
  try {
    res = await fetch(target, { method: 'POST', headers, body });
  } catch (err) {
    process.stderr.write(`could not reach ${target}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const answer = await res.text();
  process.stdout.write(`${args.topic} -> ${target}: ${res.status} ${res.statusText}\n`);
  process.stdout.write(`webhook id: ${headers['X-Shopify-Webhook-Id']}\n`);
  if (res.ok && args.topic === 'orders/create') {
    const sent = JSON.parse(body) as { id?: unknown; name?: unknown };
    if (typeof sent.id === 'number')
      await rememberOrder(args.shop, {
        id: sent.id,
        name: String(sent.name ?? sent.id),
        createdAt: new Date().toISOString(),
      });
  }
  if (answer) process.stdout.write(`${answer}\n`);
  process.exit(res.ok ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
