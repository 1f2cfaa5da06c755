// Generates bulk-operation JSONL result files in Shopify's shape (GraphQL field names, gids, line items
// as child lines with __parentId right after their order) and the aggregates they imply.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const customerGid = (i: number) => `gid://shopify/Customer/${100_000 + i}`;
export const customerId = (i: number) => String(100_000 + i);
export const orderGid = (j: number) => `gid://shopify/Order/${5_000_000 + j}`;
export const orderId = (j: number) => String(5_000_000 + j);

const money = (cents: number) => (cents / 100).toFixed(2);
const PRODUCTS = Array.from({ length: 25 }, (_, p) => ({
  id: `gid://shopify/Product/${800 + p}`,
  variant: `gid://shopify/ProductVariant/${4000 + p}`,
  title: `Product ${p}`,
  vendor: `Vendor ${p % 5}`,
  productType: `Type ${p % 7}`,
  cents: 500 + ((p * 731) % 9000),
}));

export interface GeneratedOrder {
  j: number;
  customer: number | null;
  cancelled: boolean;
  totalCents: number;
  refundedCents: number;
  lineItems: number;
}

export interface BulkFixtures {
  customerLines: number;
  orderLines: number;
  lineItemCount: number;
  orders: GeneratedOrder[];
  /** customer index → expected {count, spentCents} over non-cancelled orders, net of refunds. */
  expected: Map<number, { count: number; spentCents: number }>;
}

async function writeLines(
  path: string,
  produce: (emit: (obj: unknown) => Promise<void>) => Promise<void>,
): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  const emit = async (obj: unknown) => {
    buffer += `${JSON.stringify(obj)}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  await produce(emit);
  out.end(buffer);
  await once(out, 'finish');
}

export async function writeBulkFixtures(
  customersPath: string,
  ordersPath: string,
  n: { customers: number; orders: number },
): Promise<BulkFixtures> {
  const r = rng(20260101);
  const base = Date.parse('2024-01-01T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  await writeLines(customersPath, async (emit) => {
    for (let i = 0; i < n.customers; i++) {
      const created = base + Math.floor(r() * 300) * 86_400_000;
      const subscribed = r() < 0.4;
      await emit({
        id: customerGid(i),
        firstName: `First${i}`,
        lastName: `Last${i}`,
        defaultEmailAddress: { emailAddress: `customer${i}@example.com` },
        defaultPhoneNumber:
          r() < 0.7 ? { phoneNumber: `+1415${String(5_000_000 + i).padStart(7, '0')}` } : null,
        defaultAddress: r() < 0.9 ? { countryCodeV2: 'US', provinceCode: 'CA', zip: '94107' } : null,
        tags: i % 10 === 0 ? ['vip', 'wholesale'] : [],
        createdAt: iso(created),
        updatedAt: iso(created + 86_400_000),
        smsMarketingConsent: subscribed
          ? {
              marketingState: 'SUBSCRIBED',
              marketingOptInLevel: 'SINGLE_OPT_IN',
              consentUpdatedAt: iso(created),
            }
          : {
              marketingState: 'NOT_SUBSCRIBED',
              marketingOptInLevel: 'SINGLE_OPT_IN',
              consentUpdatedAt: null,
            },
      });
    }
  });

  const orders: GeneratedOrder[] = [];
  const expected = new Map<number, { count: number; spentCents: number }>();
  let lineItemCount = 0;
  let orderLines = 0;
  let li = 0;
  await writeLines(ordersPath, async (emit) => {
    for (let j = 0; j < n.orders; j++) {
      const customer = r() < 0.95 ? Math.floor(r() * n.customers) : null;
      const items = 1 + Math.floor(r() * 3);
      const lines = Array.from({ length: items }, () => {
        const p = PRODUCTS[Math.floor(r() * PRODUCTS.length)]!;
        return { p, quantity: 1 + Math.floor(r() * 3) };
      });
      const subtotal = lines.reduce((s, l) => s + l.p.cents * l.quantity, 0);
      const discount = r() < 0.2 ? Math.floor(subtotal * 0.1) : 0;
      const total = subtotal - discount;
      const cancelled = r() < 0.05;
      const refunded = !cancelled && r() < 0.05 ? Math.floor(total / 2) : 0;
      const created = base + Math.floor(r() * 500 * 86_400_000);
      await emit({
        id: orderGid(j),
        name: `#${1001 + j}`,
        email: customer === null ? `guest${j}@example.com` : `customer${customer}@example.com`,
        phone: null,
        customer: customer === null ? null : { id: customerGid(customer) },
        createdAt: iso(created),
        updatedAt: iso(created + 3_600_000),
        cancelledAt: cancelled ? iso(created + 7_200_000) : null,
        closedAt: null,
        currencyCode: 'USD',
        totalPriceSet: { shopMoney: { amount: money(total), currencyCode: 'USD' } },
        subtotalPriceSet: { shopMoney: { amount: money(subtotal) } },
        totalDiscountsSet: { shopMoney: { amount: money(discount) } },
        totalRefundedSet: { shopMoney: { amount: money(refunded) } },
        discountCodes: discount > 0 ? ['TENOFF'] : [],
        displayFinancialStatus: refunded > 0 ? 'PARTIALLY_REFUNDED' : 'PAID',
        displayFulfillmentStatus: 'FULFILLED',
        statusPageUrl: `https://shop.example.com/orders/${j}`,
      });
      orderLines++;
      for (const l of lines) {
        await emit({
          id: `gid://shopify/LineItem/${9_000_000 + li++}`,
          title: l.p.title,
          quantity: l.quantity,
          vendor: l.p.vendor,
          originalUnitPriceSet: { shopMoney: { amount: money(l.p.cents) } },
          product: { id: l.p.id, productType: l.p.productType, vendor: l.p.vendor },
          variant: { id: l.p.variant },
          __parentId: orderGid(j),
        });
        orderLines++;
        lineItemCount++;
      }
      orders.push({ j, customer, cancelled, totalCents: total, refundedCents: refunded, lineItems: items });
      if (customer !== null && !cancelled) {
        const e = expected.get(customer) ?? { count: 0, spentCents: 0 };
        e.count++;
        e.spentCents += total - refunded;
        expected.set(customer, e);
      }
    }
  });
  return { customerLines: n.customers, orderLines, lineItemCount, orders, expected };
}
