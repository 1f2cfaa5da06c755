// The straightforward in-memory meaning of a segment definition over an MShop: loops over arrays, no
// precomputed aggregates, no SQL. The property test compares the compiled query's result with this.
import type {
  DateComparison,
  DateValue,
  NumberComparison,
  SegmentCondition,
  SegmentNode,
  SegmentWindow,
  TextComparison,
} from '../../../server/contracts/segments.js';
import { rfmGroupOf } from '../../../server/segments/rfm-groups.js';
import type { MCustomer, MOrder, MShop } from './model.js';

const DAY = 86_400_000;
const E164 = /^\+[1-9]\d{6,14}$/;

const at = (v: DateValue, now: number): number =>
  typeof v === 'string'
    ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)
    : now - v.daysAgo * DAY;

const inWindow = (t: number | null, w: SegmentWindow | undefined, now: number): boolean =>
  !w ||
  (t !== null &&
    (w.from === undefined || t >= at(w.from, now)) &&
    (w.to === undefined || t <= at(w.to, now)));

function num(v: number | null, c: NumberComparison, scale: number): boolean {
  if (c.op === 'is_set') return v !== null;
  if (v === null) return false;
  const s = (x: number) => Math.round(x * scale);
  switch (c.op) {
    case 'eq':
      return v === s(c.value);
    case 'ne':
      return v !== s(c.value);
    case 'lt':
      return v < s(c.value);
    case 'lte':
      return v <= s(c.value);
    case 'gt':
      return v > s(c.value);
    case 'gte':
      return v >= s(c.value);
    case 'between':
      return v >= s(c.value[0]) && v <= s(c.value[1]);
    case 'in':
      return c.values.some((x) => s(x) === v);
    case 'not_in':
      return !c.values.some((x) => s(x) === v);
  }
}

function date(v: number | null, c: DateComparison, now: number): boolean {
  if (c.op === 'is_set') return v !== null;
  if (v === null) return false;
  switch (c.op) {
    case 'lt':
      return v < at(c.value, now);
    case 'lte':
      return v <= at(c.value, now);
    case 'gt':
      return v > at(c.value, now);
    case 'gte':
      return v >= at(c.value, now);
    case 'between':
      return v >= at(c.value[0], now) && v <= at(c.value[1], now);
  }
}

function text(v: string | null, c: TextComparison, fold = false): boolean {
  if (c.op === 'is_set') return v !== null;
  if (v === null) return false;
  const f = (s: string) => (fold ? s.toLowerCase() : s);
  switch (c.op) {
    case 'eq':
      return f(v) === f(c.value);
    case 'ne':
      return f(v) !== f(c.value);
    case 'in':
      return c.values.map(f).includes(f(v));
    case 'not_in':
      return !c.values.map(f).includes(f(v));
  }
}

interface Metrics {
  count: number;
  cents: number;
  aov: number | null;
  first: number | null;
  last: number | null;
}
function metrics(orders: MOrder[]): Metrics {
  const cents = orders.reduce((s, o) => s + o.totalCents - o.refundedCents, 0);
  const times = orders.map((o) => o.createdAt);
  return {
    count: orders.length,
    cents,
    aov: orders.length ? Math.round(cents / orders.length) : null,
    first: times.length ? Math.min(...times) : null,
    last: times.length ? Math.max(...times) : null,
  };
}

/** Quintile scores by percent rank ((rank - 1) / (n - 1), ties share the lowest rank). */
function scores(values: Array<[string, number]>): Map<string, number> {
  const sorted = values.map(([, v]) => v).sort((a, b) => a - b);
  const out = new Map<string, number>();
  for (const [id, v] of values) {
    const rank = sorted.findIndex((x) => x === v) + 1;
    const pr = values.length > 1 ? (rank - 1) / (values.length - 1) : 0;
    out.set(id, Math.min(5, 1 + Math.floor(5 * pr)));
  }
  return out;
}

export function createEvaluator(shop: MShop, nowDate: Date) {
  const now = nowDate.getTime();
  const valid = shop.orders.filter((o) => !o.cancelled && o.customerId !== null);
  const ordersOf = (c: MCustomer) => valid.filter((o) => o.customerId === c.id);
  const allTime = new Map(shop.customers.map((c) => [c.id, metrics(ordersOf(c))]));
  const live = shop.customers.filter((c) => !c.deleted);
  const subsOf = (c: MCustomer) => shop.subscribers.filter((s) => s.customerId === c.id);

  const buyers = live.filter((c) => allTime.get(c.id)!.count > 0);
  const r = scores(buyers.map((c) => [c.id, allTime.get(c.id)!.last!]));
  const f = scores(buyers.map((c) => [c.id, allTime.get(c.id)!.count]));
  const m = scores(buyers.map((c) => [c.id, allTime.get(c.id)!.cents]));
  const rfm = new Map(buyers.map((c) => [c.id, rfmGroupOf(r.get(c.id)!, f.get(c.id)!, m.get(c.id)!)]));
  const spends = buyers.map((c) => allTime.get(c.id)!.cents).sort((a, b) => a - b);

  function bought(c: MCustomer, cond: Extract<SegmentCondition, { kind: 'products' }>): boolean {
    const fold = cond.target === 'vendor' || cond.target === 'product_type';
    const key = (li: (typeof shop.lineItems)[number]): string | null => {
      const v = {
        product: li.productId,
        variant: li.variantId,
        sku: li.sku,
        vendor: li.vendor,
        product_type: li.productType,
      }[cond.target];
      return v === null ? null : fold ? v.toLowerCase() : v;
    };
    const wanted = new Set(cond.values.map((v) => (fold ? v.toLowerCase() : v)));
    const orderIds = new Set(
      ordersOf(c)
        .filter((o) => inWindow(o.createdAt, cond.window, now))
        .map((o) => o.id),
    );
    const got = new Set(
      shop.lineItems
        .filter((li) => orderIds.has(li.orderId) && li.quantity > 0)
        .map(key)
        .filter((k) => k !== null && wanted.has(k)),
    );
    switch (cond.match) {
      case 'any':
        return got.size > 0;
      case 'all':
        return got.size === wanted.size;
      case 'none':
        return got.size === 0;
    }
  }

  function holds(c: MCustomer, cond: SegmentCondition): boolean {
    const window = (cond as { window?: SegmentWindow }).window;
    const mt = () =>
      window ? metrics(ordersOf(c).filter((o) => inWindow(o.createdAt, window, now))) : allTime.get(c.id)!;
    switch (cond.kind) {
      case 'order_count':
        return num(mt().count, cond.compare, 1);
      case 'total_spent':
        return num(mt().cents, cond.compare, 100);
      case 'average_order_value':
        return num(mt().aov, cond.compare, 100);
      case 'first_order_date':
        return date(mt().first, cond.compare, now);
      case 'last_order_date':
        return date(mt().last, cond.compare, now);
      case 'products':
        return bought(c, cond);
      case 'discount_code':
        return ordersOf(c).some(
          (o) =>
            inWindow(o.createdAt, cond.window, now) &&
            (cond.code
              ? o.discountCodes.some((d) => d.toLowerCase() === cond.code!.toLowerCase())
              : o.discountCodes.length > 0),
        );
      case 'abandoned_checkout':
        return shop.checkouts.some(
          (k) =>
            k.customerId === c.id &&
            k.completedAt === null &&
            inWindow(k.createdAt, cond.window, now) &&
            !shop.orders.some((o) => o.checkoutToken === k.token),
        );
      case 'customer_tags': {
        const tags = c.tags.map((t) => t.toLowerCase());
        const cc = cond.compare;
        if (cc.op === 'is_set') return tags.length > 0;
        const hasAny = (vs: string[]) => vs.some((v) => tags.includes(v.toLowerCase()));
        if ('values' in cc) return hasAny(cc.values) === (cc.op === 'in');
        return hasAny([cc.value]) === (cc.op === 'eq');
      }
      case 'customer_country':
        return text(c.country, cond.compare);
      case 'customer_province':
        return text(c.province, cond.compare, true);
      case 'customer_created_date':
        return date(c.createdAt, cond.compare, now);
      case 'customer_locale':
        return subsOf(c).some((s) => text(s.locale, cond.compare, true));
      case 'consent_source':
        return subsOf(c).some((s) => text(s.source, cond.compare));
      case 'subscribed_date':
        return subsOf(c).some((s) => date(s.subscribedAt, cond.compare, now));
      case 'phone_country':
        return subsOf(c).some((s) => text(s.country, cond.compare));
      case 'received_message': {
        const ids = new Set(subsOf(c).map((s) => s.id));
        return shop.messages.some(
          (msg) =>
            ids.has(msg.subscriberId) &&
            msg.direction === 'outbound' &&
            !msg.isTest &&
            (msg.status === 'sent' || msg.status === 'delivered') &&
            (!cond.flow || (msg.sourceType === 'automation' && msg.sourceId === cond.flow)) &&
            inWindow(msg.sentAt, cond.window, now),
        );
      }
      case 'clicked':
      case 'not_clicked': {
        const ids = new Set(subsOf(c).map((s) => s.id));
        const clicked = shop.clicks.some(
          (k) => ids.has(k.subscriberId) && !k.isBot && k.clickedAt >= now - cond.days * DAY,
        );
        return cond.kind === 'clicked' ? clicked : !clicked;
      }
      case 'rfm':
        return cond.groups.some((g) => rfm.get(c.id) === g);
      case 'top_spenders': {
        if (spends.length === 0 || allTime.get(c.id)!.count === 0) return false;
        const idx = Math.max(1, Math.ceil((1 - cond.percent / 100) * spends.length));
        return allTime.get(c.id)!.cents >= spends[idx - 1]!;
      }
    }
  }

  function matches(c: MCustomer, node: SegmentNode): boolean {
    switch (node.kind) {
      case 'and':
        return node.conditions.every((n) => matches(c, n));
      case 'or':
        return node.conditions.some((n) => matches(c, n));
      case 'not':
        return !matches(c, node.condition);
      default:
        return holds(c, node);
    }
  }

  return {
    members(node: SegmentNode): string[] {
      return live
        .filter((c) => matches(c, node))
        .map((c) => c.id)
        .sort((a, b) => Number(a) - Number(b));
    },
    reachable(memberIds: string[]): number {
      const ids = new Set(memberIds);
      const undeliverable = new Set(
        shop.messages.filter((msg) => msg.status === 'undeliverable').map((msg) => msg.phone),
      );
      const phones = shop.subscribers.filter(
        (s) =>
          s.customerId !== null &&
          ids.has(s.customerId) &&
          s.marketingState === 'subscribed' &&
          s.transactionalState !== 'unsubscribed' &&
          E164.test(s.phone) &&
          !undeliverable.has(s.phone),
      );
      return new Set(phones.map((s) => s.phone)).size;
    },
    rfmGroups: rfm,
  };
}
