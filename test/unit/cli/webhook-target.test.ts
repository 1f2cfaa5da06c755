// `npm run webhook -- <topic>` posts to the uri shopify.app.toml subscribes the topic at, and refuses a
// topic the app does not subscribe to. The CLI is spawned as a developer runs it (tsx), against a plain
// HTTP server that records what it receives.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../server/paths.js';
import { verifyShopifyWebhook } from '../../../server/webhooks/verify-webhook.js';
import {
  APP_TOML_PATH,
  parseWebhookConfig,
  subscriptionFor,
} from '../../../server/webhooks/subscriptions.js';

const run = promisify(execFile);
const SECRET = 'local-dev-secret';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('npm run webhook posts to the uri shopify.app.toml declares', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webhook-cli-'));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received = [];
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', SHOPIFY_API_SECRET: SECRET };
    delete e.SHOPIFY_API_KEY;
    return e;
  };

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(
        join(repoRoot, 'node_modules', '.bin', 'tsx'),
        ['server/cli/webhook.ts', ...args, '--url', url],
        {
          cwd: repoRoot,
          env: env(),
        },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it("sends a signed delivery to the repository's declared uri", async () => {
    const parsed = parseWebhookConfig(readFileSync(APP_TOML_PATH, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const declared = subscriptionFor(parsed.config, 'customers/create');
    expect(declared).not.toBeNull();

    const result = await cli('customers/create');
    expect(result.code).toBe(0);
    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    expect(delivery).toMatchObject({ method: 'POST', path: declared!.path });
    expect(verifyShopifyWebhook(SECRET, delivery.body, delivery.headers)).toMatchObject({
      valid: true,
      topic: 'customers/create',
    });
    expect(result.stdout).toContain(`customers/create -> ${url}${declared!.path}: 200`);
  });

  it('follows another configuration file: a compliance topic at its own uri', async () => {
    const toml = join(dir, 'shopify.app.other.toml');
    writeFileSync(
      toml,
      [
        'client_id = "x"',
        'application_url = "https://sms.example.com"',
        '[webhooks]',
        'api_version = "2025-10"',
        '[[webhooks.subscriptions]]',
        'topics = ["customers/create"]',
        'uri = "/webhooks/shopify/customers"',
        '[[webhooks.subscriptions]]',
        'compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]',
        'uri = "https://sms.example.com/webhooks/shopify/privacy"',
      ].join('\n'),
    );
    expect((await cli('shop/redact', '--config', toml)).code).toBe(0);
    expect((await cli('customers/create', '--config', toml)).code).toBe(0);
    expect(received.map((r) => r.path)).toEqual(['/webhooks/shopify/privacy', '/webhooks/shopify/customers']);
  });

  it('refuses a topic the app does not subscribe to, sending nothing', async () => {
    const result = await cli(
      'products/update',
      join(repoRoot, 'test', 'fixtures', 'shopify', 'customers__create.json'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('products/update is not subscribed in shopify.app.toml');
    expect(received).toEqual([]);
  });

  it('reports an unreadable or malformed configuration file', async () => {
    const broken = join(dir, 'broken.toml');
    writeFileSync(broken, '[webhooks\n');
    const result = await cli('customers/create', '--config', broken);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not valid TOML');
    expect(received).toEqual([]);
  });
});
