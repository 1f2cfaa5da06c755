// Subscribers: one row per (shop, E.164 phone). Every function takes the shop's id first and scopes by it.
// State columns are written only by the ledger (consent-ledger.ts); this module creates and finds rows.
import { and, eq, sql } from 'drizzle-orm';
import { customers, shops, subscribers } from '../db/schema/index.js';
import type { DbOrTx } from '../db/transaction.js';
import type { ConsentSource } from './consent-state.js';

export type SubscriberRow = typeof subscribers.$inferSelect;
export type ShopRecord = typeof shops.$inferSelect;

export async function findShopById(db: DbOrTx, shopId: string): Promise<ShopRecord | null> {
  const rows = await db.select().from(shops).where(eq(shops.id, shopId)).limit(1);
  return rows[0] ?? null;
}

export async function getSubscriber(db: DbOrTx, shopId: string, id: string): Promise<SubscriberRow | null> {
  const rows = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findSubscriberByPhone(
  db: DbOrTx,
  shopId: string,
  phone: string,
): Promise<SubscriberRow | null> {
  const rows = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.phone, phone)))
    .limit(1);
  return rows[0] ?? null;
}

export interface EnsureSubscriberInput {
  phone: string;
  countryCode: string | null;
  customerId?: bigint | null;
  source: ConsentSource;
  locale?: string | null;
  now: Date;
}

/**
 * The subscriber for this number, created (state 'never') when it does not exist yet. Fills in the
 * customer link, country and locale when the existing row lacks them.
 */
export async function ensureSubscriber(
  db: DbOrTx,
  shopId: string,
  input: EnsureSubscriberInput,
): Promise<SubscriberRow> {
  const inserted = await db
    .insert(subscribers)
    .values({
      shopId,
      phone: input.phone,
      countryCode: input.countryCode,
      customerId: input.customerId ?? null,
      source: input.source,
      locale: input.locale ?? null,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: [subscribers.shopId, subscribers.phone] })
    .returning();
  if (inserted[0]) return inserted[0];
  const existing = (await findSubscriberByPhone(db, shopId, input.phone))!;
  const patch: Partial<typeof subscribers.$inferInsert> = {};
  if (existing.customerId === null && input.customerId) patch.customerId = input.customerId;
  if (existing.countryCode === null && input.countryCode) patch.countryCode = input.countryCode;
  if (existing.locale === null && input.locale) patch.locale = input.locale;
  if (Object.keys(patch).length === 0) return existing;
  const updated = await db
    .update(subscribers)
    .set({ ...patch, updatedAt: input.now })
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, existing.id)))
    .returning();
  return updated[0]!;
}

/** The mirrored customer with this phone (Shopify stores customer phones in E.164), most recent first. */
export async function findCustomerIdByPhone(
  db: DbOrTx,
  shopId: string,
  phone: string,
): Promise<bigint | null> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.shopId, shopId), eq(customers.phone, phone), sql`${customers.deletedAt} IS NULL`))
    .orderBy(sql`${customers.updatedAt} DESC`)
    .limit(1);
  return rows[0]?.id ?? null;
}
