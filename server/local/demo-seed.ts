// Local mode's demo shop: seeded once, deterministically (same names, numbers and amounts on every machine;
// dates are spread over the 18 months before the first start). ~300 customers in several countries,
// 1,500 orders with line items, a third of the customers SMS-subscribed with consent records.
// Every timestamp it writes is at or before `now` (the moment it runs): nothing is dated in the future.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { consentEvents, customers, shops, subscribers } from '../db/schema/index.js';
import { logger } from '../logger.js';
import {
  recomputeCustomerAggregates,
  upsertCustomers,
  upsertOrders,
  type CustomerRecord,
  type LineItemRecord,
  type OrderRecord,
} from '../store/index.js';
import { DEMO_SHOP_DOMAIN } from './demo-shop.js';
import { seedDemoHistory } from './demo-history.js';
import { demoMobile, pickCountry } from './demo-people.js';
import { seededRandom } from './random.js';

export const DEMO_SEED = 20261122;
export const DEMO_CUSTOMERS = 300;
export const DEMO_ORDERS = 1500;
const DAY = 86_400_000;

const catalog = [
  {
    id: 8100000000001n,
    title: 'Organic Cotton Tee',
    vendor: 'Northwind Apparel',
    type: 'T-Shirts',
    price: '24.00',
  },
  {
    id: 8100000000002n,
    title: 'Merino Crew Socks',
    vendor: 'Northwind Apparel',
    type: 'Socks',
    price: '14.00',
  },
  { id: 8100000000003n, title: 'Canvas Tote', vendor: 'Harbor Goods', type: 'Bags', price: '32.00' },
  {
    id: 8100000000004n,
    title: 'Waxed Rain Jacket',
    vendor: 'Harbor Goods',
    type: 'Outerwear',
    price: '148.00',
  },
  { id: 8100000000005n, title: 'Ceramic Pour-Over', vendor: 'Kettle & Co', type: 'Coffee', price: '38.00' },
  {
    id: 8100000000006n,
    title: 'Single-Origin Beans 250g',
    vendor: 'Kettle & Co',
    type: 'Coffee',
    price: '16.50',
  },
  { id: 8100000000007n, title: 'Linen Napkins (4)', vendor: 'Maison Lin', type: 'Home', price: '28.00' },
  { id: 8100000000008n, title: 'Beeswax Candle', vendor: 'Maison Lin', type: 'Home', price: '19.00' },
  {
    id: 8100000000009n,
    title: 'Trail Running Cap',
    vendor: 'Summit Supply',
    type: 'Accessories',
    price: '22.00',
  },
  {
    id: 8100000000010n,
    title: 'Insulated Bottle 750ml',
    vendor: 'Summit Supply',
    type: 'Accessories',
    price: '34.00',
  },
  { id: 8100000000011n, title: 'Gift Card', vendor: 'Demo Store', type: 'Gift Cards', price: '50.00' },
  {
    id: 8100000000012n,
    title: 'Wool Beanie',
    vendor: 'Northwind Apparel',
    type: 'Accessories',
    price: '26.00',
  },
] as const;

const DISCLOSURE =
  'Demo Store: By checking this box you agree to receive recurring automated marketing text messages (e.g. cart reminders) at the phone number provided. Consent is not a condition to purchase. Msg & data rates may apply. Msg frequency varies. Reply HELP for help and STOP to cancel.';

async function insertInChunks<T>(
  rows: T[],
  size: number,
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

function customerRecordOf(c: typeof customers.$inferInsert): CustomerRecord {
  return {
    id: String(c.id),
    first_name: c.firstName ?? null,
    last_name: c.lastName ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    country_code: c.countryCode ?? null,
    province_code: c.provinceCode ?? null,
    zip: c.zip ?? null,
    tags: c.tags ?? [],
    sms_consent_state: null,
    shopify_created_at: c.shopifyCreatedAt?.toISOString() ?? null,
    shopify_updated_at: c.shopifyUpdatedAt?.toISOString() ?? null,
    source_triggered_at: null,
  };
}

/** Seeds the demo shop unless it exists. Returns the shop id. */
export async function seedDemoShop(db: Db, now: Date = new Date()): Promise<string> {
  const existing = await db
    .select({ id: shops.id })
    .from(shops)
    .where(eq(shops.domain, DEMO_SHOP_DOMAIN))
    .limit(1);
  if (existing[0]) return existing[0].id;
  const started = Date.now();
  const r = seededRandom(DEMO_SEED);
  const shopId = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(shops)
      .values({
        domain: DEMO_SHOP_DOMAIN,
        name: 'Demo Store',
        senderId: 'DemoStore',
        timezone: 'America/New_York',
        currency: 'USD',
        countryCode: 'US',
        installedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: shops.id });
    if (!inserted[0]) return null; // another process seeded it concurrently
    const shopId = inserted[0].id;
    const since = now.getTime() - 548 * DAY;

    const customerRows: Array<typeof customers.$inferInsert> = [];
    const usedPhones = new Set<string>();
    for (let i = 0; i < DEMO_CUSTOMERS; i++) {
      const country = pickCountry(r);
      const place = r.pick(country.places);
      const first = r.pick(country.firstNames);
      const last = r.pick(country.lastNames);
      let phone = demoMobile(country, r);
      while (usedPhones.has(phone)) phone = demoMobile(country, r);
      usedPhones.add(phone);
      const createdAt = new Date(since + Math.floor(r.next() * 540 * DAY));
      customerRows.push({
        shopId,
        id: 7000000000000n + BigInt(i + 1),
        firstName: first,
        lastName: last,
        email: `${first}.${last}.${i + 1}@example.com`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^\x20-\x7e]/g, '')
          .replace(/'/g, ''),
        phone,
        countryCode: country.code,
        provinceCode: place.province,
        zip: place.zip,
        tags: r.chance(0.2) ? ['vip'] : [],
        shopifyCreatedAt: createdAt,
        shopifyUpdatedAt: createdAt,
        createdAt: now,
        updatedAt: now,
      });
    }
    // Written through the store mirror's upserts, as webhooks and the backfill write them.
    await insertInChunks(customerRows, 500, (c) => upsertCustomers(tx, shopId, c.map(customerRecordOf)));

    const orderRows: OrderRecord[] = [];
    const lineRows: LineItemRecord[] = [];
    let lineId = 14000000000000n;
    for (let j = 0; j < DEMO_ORDERS; j++) {
      // Skewed so some customers order often and about a tenth never order.
      const idx = Math.floor(Math.pow(r.next(), 1.6) * DEMO_CUSTOMERS * 0.9);
      const customer = customerRows[idx]!;
      const createdAt = new Date(
        Math.max(customer.shopifyCreatedAt!.getTime(), since + Math.floor(r.next() * 547 * DAY)),
      );
      const id = 5000000000000n + BigInt(j + 1);
      let subtotalCents = 0;
      const nLines = r.int(1, 3);
      for (let k = 0; k < nLines; k++) {
        const product = r.pick(catalog);
        const quantity = r.int(1, 3);
        subtotalCents += Math.round(Number(product.price) * 100) * quantity;
        lineRows.push({
          id: String(++lineId),
          order_id: String(id),
          product_id: String(product.id),
          variant_id: String(product.id + 1000000000n),
          title: product.title,
          vendor: product.vendor,
          product_type: product.type,
          sku: null,
          quantity,
          price: product.price,
        });
      }
      const discountCents = r.chance(0.15) ? Math.round(subtotalCents * 0.1) : 0;
      const cancelled = r.chance(0.03);
      orderRows.push({
        id: String(id),
        customer_id: String(customer.id),
        name: `#${1000 + j + 1}`,
        email: customer.email ?? null,
        phone: customer.phone ?? null,
        checkout_token: `demo-checkout-${j + 1}`,
        currency: 'USD',
        total_price: ((subtotalCents - discountCents) / 100).toFixed(2),
        subtotal_price: (subtotalCents / 100).toFixed(2),
        total_discounts: (discountCents / 100).toFixed(2),
        refunded_amount: cancelled ? ((subtotalCents - discountCents) / 100).toFixed(2) : '0',
        refunds: [],
        presentment_total: null,
        discount_codes: discountCents ? ['WELCOME10'] : [],
        financial_status: cancelled ? 'refunded' : 'paid',
        fulfillment_status: cancelled ? null : 'fulfilled',
        order_status_url: `https://${DEMO_SHOP_DOMAIN}/orders/demo${j + 1}/authenticate`,
        shopify_created_at: createdAt.toISOString(),
        shopify_updated_at: createdAt.toISOString(),
        source_triggered_at: null,
        cancelled_at: cancelled ? new Date(createdAt.getTime() + DAY).toISOString() : null,
        closed_at: null,
      });
    }
    await insertInChunks(orderRows, 500, (c) => upsertOrders(tx, shopId, c, lineRows));

    // Purchase aggregates and purchased products, computed exactly as the webhook handlers do.
    await recomputeCustomerAggregates(
      tx,
      shopId,
      customerRows.map((c) => String(c.id)),
    );

    const subscriberRows: Array<typeof subscribers.$inferInsert & { id: string }> = [];
    const consentRows: Array<typeof consentEvents.$inferInsert> = [];
    customerRows.forEach((c, i) => {
      if (i % 3 !== 0) return;
      // Signed up within a month of becoming a customer, and a day before the seed at the latest; an
      // opt-out follows 20 days later, or at the seed's moment when that would lie in the future.
      const at = new Date(Math.min(c.shopifyCreatedAt!.getTime() + r.int(0, 30) * DAY, now.getTime() - DAY));
      const optedOut = r.chance(0.08);
      const optOutAt = new Date(Math.min(at.getTime() + 20 * DAY, now.getTime()));
      const id = demoUuid(i);
      subscriberRows.push({
        id,
        shopId,
        phone: c.phone!,
        countryCode: c.countryCode,
        customerId: c.id,
        marketingState: optedOut ? 'unsubscribed' : 'subscribed',
        transactionalState: optedOut ? 'unsubscribed' : 'subscribed',
        source: 'checkout',
        locale: c.countryCode === 'FR' ? 'fr' : 'en',
        subscribedAt: at,
        unsubscribedAt: optedOut ? optOutAt : null,
        createdAt: at,
        updatedAt: at,
      });
      for (const channel of ['marketing', 'transactional'] as const) {
        consentRows.push({
          shopId,
          subscriberId: id,
          channel,
          action: 'subscribed',
          source: 'demo_seed',
          disclosureText: DISCLOSURE,
          checkoutToken: `demo-checkout-signup-${i}`,
          evidence: { note: 'Seeded demo data; not a real consent.' },
          occurredAt: at,
          recordedAt: now,
        });
        if (optedOut) {
          consentRows.push({
            shopId,
            subscriberId: id,
            channel,
            action: 'unsubscribed',
            source: 'keyword',
            evidence: { keyword: 'STOP' },
            occurredAt: optOutAt,
            recordedAt: now,
          });
        }
      }
    });
    await insertInChunks(subscriberRows, 500, (c) => tx.insert(subscribers).values(c));
    await insertInChunks(consentRows, 500, (c) => tx.insert(consentEvents).values(c));
    await tx
      .update(customers)
      .set({ smsConsentState: 'subscribed' })
      .where(
        sql`${customers.shopId} = ${shopId} AND ${customers.phone} IN (SELECT phone FROM subscribers WHERE shop_id = ${shopId} AND marketing_state = 'subscribed')`,
      );
    await seedDemoHistory(tx, shopId, now);
    return shopId;
  });
  if (shopId === null) {
    const again = await db
      .select({ id: shops.id })
      .from(shops)
      .where(eq(shops.domain, DEMO_SHOP_DOMAIN))
      .limit(1);
    return again[0]!.id;
  }
  logger.info(
    { shopId, ms: Date.now() - started },
    `seeded demo shop ${DEMO_SHOP_DOMAIN}: ${DEMO_CUSTOMERS} customers, ${DEMO_ORDERS} orders`,
  );
  return shopId;
}

/** Deterministic v4-shaped UUIDs for demo subscribers. */
function demoUuid(i: number): string {
  const hex = (i + 1).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}
