// A stream of signed orders/create webhooks at a fixed rate, each a new order (asNewOrder, as
// `npm run webhook` makes them) placed by the customer customerFor(n) says. A delivery that is not
// acknowledged (non-2xx or a network error, e.g. while PostgreSQL restarts) is retried with the same
// X-Shopify-Webhook-Id, as Shopify does. Acknowledged ids and their order ids are kept for the checks.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asNewOrder, retarget, type Json } from '../../server/cli/webhook-payload.js';
import { DEMO_SHOP_DOMAIN } from '../../server/local/demo-shop.js';
import { fixturesDir } from '../../server/paths.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';

const fixture = JSON.parse(readFileSync(join(fixturesDir, 'shopify', 'orders__create.json'), 'utf8')) as Json;
const RETRY_MS = 1000;
const MAX_TRIES = 30;

export interface WebhookStream {
  /** Stops sending new deliveries and waits for retries in flight to settle. */
  stop(): Promise<void>;
  readonly acked: Map<string, string>;
  stats(): { sent: number; acked: number; nonAcked: number; gaveUp: number; latencyMsMax: number };
}

export interface StreamOptions {
  url: string;
  secret: string;
  ratePerSecond: number;
  customerFor(n: number): number;
  phoneOf(i: number): string;
}

export function startWebhookStream(opts: StreamOptions): WebhookStream {
  const acked = new Map<string, string>();
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let nonAcked = 0;
  let gaveUp = 0;
  let latencyMsMax = 0;
  let n = 0;

  async function deliver(): Promise<void> {
    const i = opts.customerFor(n++);
    const order = asNewOrder(
      retarget('orders/create', fixture, { phone: opts.phoneOf(i), customerId: i }),
      new Date(),
    );
    const body = JSON.stringify(order);
    const webhookId = randomUUID();
    sent++;
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const headers = signShopifyWebhook({
        secret: opts.secret,
        topic: 'orders/create',
        shopDomain: DEMO_SHOP_DOMAIN,
        body,
        apiVersion: '2025-10',
        webhookId,
      });
      const t0 = performance.now();
      try {
        const res = await fetch(`${opts.url}/webhooks/shopify`, { method: 'POST', headers, body });
        await res.arrayBuffer();
        latencyMsMax = Math.max(latencyMsMax, performance.now() - t0);
        if (res.ok) {
          acked.set(webhookId, String(order.id));
          return;
        }
      } catch {
        // connection refused or reset: not acknowledged, Shopify would retry
      }
      nonAcked++;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    gaveUp++;
  }

  // Ten ticks a second, each sending what the rate allows so far (a 2 ms interval would not keep time).
  let budget = 0;
  const timer = setInterval(() => {
    budget += opts.ratePerSecond / 10;
    for (; budget >= 1; budget--) {
      const p = deliver().finally(() => pending.delete(p));
      pending.add(p);
    }
  }, 100);

  return {
    async stop() {
      clearInterval(timer);
      while (pending.size > 0) await Promise.all([...pending]);
    },
    acked,
    stats: () => ({ sent, acked: acked.size, nonAcked, gaveUp, latencyMsMax: Math.round(latencyMsMax) }),
  };
}
