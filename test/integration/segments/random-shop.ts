// Seeded random small shops and random definitions over their values, plus inserting a shop's rows.
import type pg from 'pg';
import { automationFlowKeys } from '../../../server/contracts/automations.js';
import {
  consentSources,
  rfmGroups,
  type DateValue,
  type SegmentCondition,
  type SegmentNode,
  type SegmentWindow,
} from '../../../server/contracts/segments.js';
import type { MShop } from './model.js';

export type Rng = () => number;
/** mulberry32: small, fast, reproducible. */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const maybe = <T>(rng: Rng, p: number, v: () => T): T | null => (rng() < p ? v() : null);
const some = <T>(rng: Rng, xs: readonly T[], max = 3): T[] => [
  ...new Set(Array.from({ length: int(rng, 1, max) }, () => pick(rng, xs))),
];

const DAY = 86_400_000;
export const NOW = new Date('2025-06-30T12:00:00Z');
/** Whole days before NOW, at varied hours (so date boundaries are exercised too). */
const dayTime = (rng: Rng, maxDays = 400) =>
  NOW.getTime() - int(rng, 0, maxDays) * DAY - int(rng, 0, 3) * 6 * 3_600_000;

// Tags whose array text form is quoted or escaped ("Big Spender", a quote, NULL) check that tags compare as values.
const TAGS = ['VIP', 'vip', 'Wholesale', 'new', 'Big Spender', 'Say "Hi"', 'NULL'];
const COUNTRIES = ['US', 'CA', 'FR'];
const PROVINCES = ['ON', 'on', 'CA', 'QC'];
const VENDORS = ['Acme', 'ACME', 'Zed', 'Nord'];
const TYPES = ['Shirts', 'Mugs', 'shirts'];
const CODES = ['SPRING', 'spring', 'VIP10'];
const LOCALES = ['en', 'FR', 'fr', 'de'];
const FLOWS = ['win_back', 'order_confirmation'] as const;

export function randomShop(rng: Rng, n = 30): MShop {
  const customers = Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    firstName: maybe(rng, 0.8, () => pick(rng, ['Ann', 'Bo', 'Cy'])),
    tags: rng() < 0.5 ? [] : some(rng, TAGS),
    country: maybe(rng, 0.8, () => pick(rng, COUNTRIES)),
    province: maybe(rng, 0.6, () => pick(rng, PROVINCES)),
    createdAt: maybe(rng, 0.9, () => dayTime(rng, 700)),
    deleted: rng() < 0.05,
  }));
  const orders = Array.from({ length: n * 3 }, (_, i) => {
    const total = int(rng, 0, 300) * 100 + pick(rng, [0, 0, 50, 99]);
    return {
      id: String(1000 + i),
      customerId: rng() < 0.05 ? null : String(int(rng, 1, Math.ceil(n * (rng() < 0.5 ? 0.3 : 1)))),
      totalCents: total,
      refundedCents: rng() < 0.15 ? int(rng, 0, total) : 0,
      cancelled: rng() < 0.1,
      createdAt: dayTime(rng),
      discountCodes: rng() < 0.3 ? some(rng, CODES, 2) : [],
      checkoutToken: maybe(rng, 0.3, () => `tok-${int(rng, 1, 15)}`),
    };
  });
  const lineItems = orders.flatMap((o, i) =>
    Array.from({ length: int(rng, 1, 3) }, (_, j) => {
      const product = int(rng, 1, 6);
      return {
        id: String(100_000 + i * 10 + j),
        orderId: o.id,
        productId: rng() < 0.1 ? null : String(product),
        variantId: rng() < 0.1 ? null : String(product * 10 + int(rng, 1, 2)),
        sku: maybe(rng, 0.7, () => `SKU-${product}`),
        vendor: maybe(rng, 0.9, () => pick(rng, VENDORS)),
        productType: maybe(rng, 0.8, () => pick(rng, TYPES)),
        quantity: rng() < 0.1 ? 0 : int(rng, 1, 3),
      };
    }),
  );
  const checkouts = Array.from({ length: 15 }, (_, i) => ({
    token: `tok-${i + 1}`,
    customerId: maybe(rng, 0.9, () => String(int(rng, 1, n))),
    completedAt: maybe(rng, 0.4, () => dayTime(rng, 20)),
    createdAt: dayTime(rng, 20),
  }));
  const subscribers = Array.from({ length: Math.round(n * 0.7) }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    phone: rng() < 0.1 ? `12${i}` : `+1415555${String(1000 + i)}`,
    customerId: maybe(rng, 0.85, () => String(int(rng, 1, n))),
    marketingState: pick(rng, ['never', 'pending', 'subscribed', 'subscribed', 'unsubscribed'] as const),
    transactionalState: pick(rng, ['never', 'subscribed', 'subscribed', 'unsubscribed'] as const),
    source: pick(rng, consentSources),
    locale: maybe(rng, 0.7, () => pick(rng, LOCALES)),
    subscribedAt: maybe(rng, 0.8, () => dayTime(rng, 90)),
    country: maybe(rng, 0.9, () => pick(rng, COUNTRIES)),
  }));
  const messages = Array.from({ length: n }, (_, i) => {
    const s = pick(rng, subscribers);
    return {
      id: `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`,
      subscriberId: s.id,
      phone: s.phone,
      direction: rng() < 0.9 ? ('outbound' as const) : ('inbound' as const),
      isTest: rng() < 0.1,
      status: pick(rng, ['sent', 'delivered', 'delivered', 'failed', 'undeliverable', 'queued']),
      sourceType: pick(rng, ['automation', 'campaign']),
      sourceId: pick(rng, FLOWS),
      sentAt: maybe(rng, 0.85, () => dayTime(rng, 60)),
    };
  });
  const clicks = Array.from({ length: n }, () => ({
    subscriberId: pick(rng, subscribers).id,
    isBot: rng() < 0.2,
    clickedAt: dayTime(rng, 60),
  }));
  return { customers, orders, lineItems, checkouts, subscribers, messages, clicks };
}

function dateValue(rng: Rng): DateValue {
  return rng() < 0.6 ? { daysAgo: int(rng, 0, 400) } : new Date(dayTime(rng)).toISOString().slice(0, 10);
}
function window(rng: Rng): SegmentWindow | undefined {
  const r = rng();
  if (r < 0.45) return undefined;
  if (r < 0.65) return { from: dateValue(rng) };
  if (r < 0.8) return { to: dateValue(rng) };
  const [a, b] = [{ daysAgo: int(rng, 100, 400) }, { daysAgo: int(rng, 0, 99) }];
  return { from: a, to: b };
}
function numberCompare(rng: Rng, values: () => number) {
  const op = pick(rng, ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'not_in', 'is_set'] as const);
  if (op === 'is_set') return { op };
  if (op === 'between') return { op, value: [values(), values()].sort((a, b) => a - b) as [number, number] };
  if (op === 'in' || op === 'not_in') return { op, values: [values(), values()] };
  return { op, value: values() };
}
function dateCompare(rng: Rng) {
  const op = pick(rng, ['lt', 'lte', 'gt', 'gte', 'between', 'is_set'] as const);
  if (op === 'is_set') return { op };
  if (op === 'between')
    return {
      op,
      value: [{ daysAgo: int(rng, 100, 500) }, { daysAgo: int(rng, 0, 99) }] as [DateValue, DateValue],
    };
  return { op, value: dateValue(rng) };
}
function textCompare<T extends string>(rng: Rng, pool: readonly T[]) {
  const op = pick(rng, ['eq', 'ne', 'in', 'not_in', 'is_set'] as const);
  if (op === 'is_set') return { op };
  if (op === 'in' || op === 'not_in') return { op, values: some(rng, pool) };
  return { op, value: pick(rng, pool) };
}
const money = (rng: Rng) => () => (int(rng, 0, 600) * 50) / 100 + pick(rng, [0, 0.5, 0.99]);

export function randomCondition(rng: Rng): SegmentCondition {
  const kinds: Array<() => SegmentCondition> = [
    () => ({ kind: 'order_count', window: window(rng), compare: numberCompare(rng, () => int(rng, 0, 5)) }),
    () => ({ kind: 'total_spent', window: window(rng), compare: numberCompare(rng, money(rng)) }),
    () => ({ kind: 'average_order_value', window: window(rng), compare: numberCompare(rng, money(rng)) }),
    () => ({ kind: 'first_order_date', window: window(rng), compare: dateCompare(rng) }),
    () => ({ kind: 'last_order_date', window: window(rng), compare: dateCompare(rng) }),
    () => {
      const target = pick(rng, ['product', 'variant', 'sku', 'vendor', 'product_type'] as const);
      const pool = {
        product: ['1', '2', '3', '4', '5', '6'],
        variant: ['11', '12', '21', '32', '61'],
        sku: ['SKU-1', 'SKU-2', 'SKU-5'],
        vendor: VENDORS,
        product_type: TYPES,
      }[target];
      return {
        kind: 'products',
        target,
        match: pick(rng, ['any', 'all', 'none'] as const),
        values: some(rng, pool),
        window: window(rng),
      };
    },
    () => ({ kind: 'discount_code', code: rng() < 0.5 ? undefined : pick(rng, CODES), window: window(rng) }),
    () => ({
      kind: 'abandoned_checkout',
      window: rng() < 0.3 ? undefined : { from: { daysAgo: int(rng, 1, 20) } },
    }),
    () => ({ kind: 'customer_tags', compare: textCompare(rng, TAGS) }),
    () => ({ kind: 'customer_country', compare: textCompare(rng, COUNTRIES) }),
    () => ({ kind: 'customer_province', compare: textCompare(rng, PROVINCES) }),
    () => ({ kind: 'customer_locale', compare: textCompare(rng, LOCALES) }),
    () => ({ kind: 'customer_created_date', compare: dateCompare(rng) }),
    () => ({ kind: 'consent_source', compare: textCompare(rng, consentSources) }),
    () => ({ kind: 'subscribed_date', compare: dateCompare(rng) }),
    () => ({ kind: 'phone_country', compare: textCompare(rng, COUNTRIES) }),
    () => ({
      kind: 'received_message',
      flow: rng() < 0.5 ? undefined : pick(rng, automationFlowKeys),
      window: window(rng),
    }),
    () => ({ kind: rng() < 0.5 ? 'clicked' : 'not_clicked', days: int(rng, 1, 60) }),
    () => ({ kind: 'rfm', groups: some(rng, rfmGroups, 4) }),
    () => ({ kind: 'top_spenders', percent: int(rng, 1, 100) }),
  ];
  const c = pick(rng, kinds)();
  if ('window' in c && c.window === undefined) delete (c as { window?: unknown }).window;
  if (c.kind === 'discount_code' && c.code === undefined) delete c.code;
  if (c.kind === 'received_message' && c.flow === undefined) delete c.flow;
  return c;
}

export function randomDefinition(rng: Rng, depth = 1): SegmentNode {
  const r = rng();
  if (depth >= 4 || r < 0.45) return randomCondition(rng);
  if (r < 0.55) return { kind: 'not', condition: randomDefinition(rng, depth + 1) };
  return {
    kind: r < 0.8 ? 'and' : 'or',
    conditions: Array.from({ length: int(rng, 1, 3) }, () => randomDefinition(rng, depth + 1)),
  };
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const money2 = (cents: number) => (cents / 100).toFixed(2);

/** Inserts the shop's rows (aggregates, purchased products and RFM are left to the app's own code). */
export async function insertShop(pool: pg.Pool, shopId: string, s: MShop): Promise<void> {
  const rows = (table: string, cols: string, data: unknown[], types: string) =>
    pool.query(
      `INSERT INTO ${table} (shop_id, ${cols}) SELECT $1, * FROM jsonb_to_recordset($2::jsonb) AS r(${types})`,
      [shopId, JSON.stringify(data)],
    );
  await rows(
    'customers',
    'id, first_name, tags, country_code, province_code, shopify_created_at, deleted_at',
    s.customers.map((c) => ({
      id: c.id,
      first_name: c.firstName,
      tags: c.tags,
      country_code: c.country,
      province_code: c.province,
      created: iso(c.createdAt),
      deleted: c.deleted ? iso(NOW.getTime()) : null,
    })),
    'id bigint, first_name text, tags text[], country_code text, province_code text, created timestamptz, deleted timestamptz',
  );
  await rows(
    'orders',
    'id, customer_id, name, currency, total_price, refunded_amount, cancelled_at, shopify_created_at, shopify_updated_at, discount_codes, checkout_token',
    s.orders.map((o) => ({
      id: o.id,
      customer_id: o.customerId,
      name: `#${o.id}`,
      currency: 'USD',
      total: money2(o.totalCents),
      refunded: money2(o.refundedCents),
      cancelled: o.cancelled ? iso(o.createdAt) : null,
      created: iso(o.createdAt),
      updated: iso(o.createdAt),
      codes: o.discountCodes,
      token: o.checkoutToken,
    })),
    'id bigint, customer_id bigint, name text, currency text, total numeric, refunded numeric, cancelled timestamptz, created timestamptz, updated timestamptz, codes text[], token text',
  );
  await rows(
    'order_line_items',
    'id, order_id, product_id, variant_id, sku, vendor, product_type, title, quantity, price',
    s.lineItems.map((l) => ({
      id: l.id,
      order_id: l.orderId,
      product_id: l.productId,
      variant_id: l.variantId,
      sku: l.sku,
      vendor: l.vendor,
      type: l.productType,
      title: 'x',
      quantity: l.quantity,
      price: '1.00',
    })),
    'id bigint, order_id bigint, product_id bigint, variant_id bigint, sku text, vendor text, type text, title text, quantity int, price numeric',
  );
  await rows(
    'checkouts',
    'token, customer_id, completed_at, shopify_created_at',
    s.checkouts.map((k) => ({
      token: k.token,
      customer_id: k.customerId,
      completed: iso(k.completedAt),
      created: iso(k.createdAt),
    })),
    'token text, customer_id bigint, completed timestamptz, created timestamptz',
  );
  await rows(
    'subscribers',
    'id, phone, customer_id, marketing_state, transactional_state, source, locale, subscribed_at, country_code',
    s.subscribers.map((x) => ({ ...x, id: shopScopedId(shopId, x.id), subscribedAt: iso(x.subscribedAt) })),
    'id uuid, phone text, "customerId" bigint, "marketingState" text, "transactionalState" text, source text, locale text, "subscribedAt" timestamptz, country text',
  );
  await rows(
    'messages',
    'id, subscriber_id, phone, direction, is_test, status, source_type, source_id, sent_at, kind, body, encoding, segments, idempotency_key',
    s.messages.map((m) => ({
      ...m,
      id: shopScopedId(shopId, m.id),
      subscriberId: shopScopedId(shopId, m.subscriberId),
      sentAt: iso(m.sentAt),
      kind: 'marketing',
      body: 'hi',
      encoding: 'gsm7',
      segments: 1,
      key: m.id,
    })),
    'id uuid, "subscriberId" uuid, phone text, direction text, "isTest" boolean, status text, "sourceType" text, "sourceId" text, "sentAt" timestamptz, kind text, body text, encoding text, segments int, key text',
  );
  await rows(
    'link_clicks',
    'code, subscriber_id, is_bot, clicked_at',
    s.clicks.map((k) => ({
      code: 'c',
      subscriberId: shopScopedId(shopId, k.subscriberId),
      isBot: k.isBot,
      clickedAt: iso(k.clickedAt),
    })),
    'code text, "subscriberId" uuid, "isBot" boolean, "clickedAt" timestamptz',
  );
}

/** Subscriber and message ids are global primary keys: each shop gets its own, derived from the model's. */
export const shopScopedId = (shopId: string, id: string) => `${shopId.slice(0, 8)}${id.slice(8)}`;
