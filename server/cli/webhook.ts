// `npm run webhook -- <topic> [payload.json] [--url http://127.0.0.1:3000] [--shop demo.myshopify.com]
//  [--webhook-id <id>]`: sends a webhook to a running app, signed with SHOPIFY_API_SECRET exactly as
// Shopify signs it. Without a payload file, test/fixtures/shopify/<topic with / as __>.json is sent.
// Exit code 0 when the app answered 2xx.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { DEMO_SHOP_DOMAIN } from '../local/demo-shop.js';
import { fixturesDir } from '../paths.js';
import { signShopifyWebhook } from '../webhooks/sign.js';

const USAGE =
  'usage: npm run webhook -- <topic> [payload.json] [--url http://127.0.0.1:3000] [--shop demo.myshopify.com] [--webhook-id <id>]\n';

interface Args {
  topic: string;
  payloadFile: string | null;
  url: string | null;
  shop: string;
  webhookId: string | undefined;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
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
      if (!['url', 'shop', 'webhook-id'].includes(key)) fail(`unknown option --${key}`);
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
  return { topic, payloadFile: positional[1] ?? null, url: flags.url ?? null, shop: flags.shop ?? DEMO_SHOP_DOMAIN, webhookId: flags['webhook-id'] };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const file = args.payloadFile ? resolve(args.payloadFile) : join(fixturesDir, 'shopify', `${args.topic.replaceAll('/', '__')}.json`);
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch {
    fail(`cannot read the payload file ${file}`);
  }
  const baseUrl = (args.url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  const headers = signShopifyWebhook({
    secret: config.shopify.apiSecret,
    topic: args.topic,
    shopDomain: args.shop,
    body,
    apiVersion: config.shopify.apiVersion,
    webhookId: args.webhookId,
  });
  const target = `${baseUrl}/webhooks/shopify`;
  let res: Response;
  try {
    res = await fetch(target, { method: 'POST', headers, body });
  } catch (err) {
    process.stderr.write(`could not reach ${target}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const text = await res.text();
  process.stdout.write(`${args.topic} -> ${target}: ${res.status} ${res.statusText}\n`);
  process.stdout.write(`webhook id: ${headers['X-Shopify-Webhook-Id']}\n`);
  if (text) process.stdout.write(`${text}\n`);
  process.exit(res.ok ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
