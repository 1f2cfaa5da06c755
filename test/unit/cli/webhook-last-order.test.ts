// `npm run webhook -- fulfillments/create` (and the other fulfillments/* and fulfillment_events/* topics)
// without --order ships the last order the CLI created for that shop, and says which. The CLI is spawned as
// a developer runs it, against a plain HTTP server that records the bodies.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LAST_ORDER_FILE, lastOrder, rememberOrder } from '../../../server/cli/last-order.js';
import { repoRoot } from '../../../server/paths.js';

const run = promisify(execFile);

describe('last order remembered by npm run webhook', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'last-order-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is kept per shop, and nothing is remembered before the first order', async () => {
    const file = join(dir, 'sub', 'last.json');
    expect(await lastOrder('a.myshopify.com', file)).toBeNull();
    await rememberOrder(
      'a.myshopify.com',
      { id: 11, name: '#1001', createdAt: '2026-01-01T00:00:00Z' },
      file,
    );
    await rememberOrder(
      'b.myshopify.com',
      { id: 22, name: '#1002', createdAt: '2026-01-01T00:00:00Z' },
      file,
    );
    await rememberOrder(
      'a.myshopify.com',
      { id: 33, name: '#1003', createdAt: '2026-01-02T00:00:00Z' },
      file,
    );
    expect(await lastOrder('a.myshopify.com', file)).toMatchObject({ id: 33, name: '#1003' });
    expect(await lastOrder('b.myshopify.com', file)).toMatchObject({ id: 22 });
  });
});

describe('npm run webhook -- fulfillments/create without --order', () => {
  let server: Server;
  let url: string;
  const bodies: Array<{ path: string; body: Record<string, unknown> }> = [];
  // A shop of its own, so the developer's remembered demo order is left alone.
  const shop = `cli-last-order-${process.pid}.myshopify.com`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'POST')
          bodies.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { readFile, writeFile } = await import('node:fs/promises');
    const store = JSON.parse(await readFile(LAST_ORDER_FILE, 'utf8')) as Record<string, unknown>;
    delete store[shop];
    await writeFile(LAST_ORDER_FILE, `${JSON.stringify(store, null, 2)}\n`);
  });

  const cli = (...args: string[]) =>
    run(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['server/cli/webhook.ts', ...args, '--url', url, '--shop', shop],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
    );

  it('ships the order orders/create made, printing which; --order still chooses', async () => {
    const created = await cli('orders/create');
    const order = bodies.at(-1)!.body;
    expect(created.stdout).toContain(`(id ${String(order.id)})`);

    const shipped = await cli('fulfillments/create');
    expect(bodies.at(-1)!.body.order_id).toBe(order.id);
    expect(shipped.stdout).toContain(
      `for order ${String(order.name)} (id ${String(order.id)}), the last one npm run webhook created`,
    );

    await cli('fulfillment_events/create');
    expect(bodies.at(-1)!.body.order_id).toBe(order.id);

    await cli('fulfillments/update', '--order', '4242');
    expect(bodies.at(-1)!.body.order_id).toBe(4242);
  }, 120_000);
});
