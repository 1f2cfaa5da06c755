// Shops: the tenant table. Every function takes the shop's id first, except look-ups by domain.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { shops } from '../db/schema/index.js';
import type { ShopSettings, UpdateShopSettings } from '../contracts/index.js';

export type ShopRow = typeof shops.$inferSelect;

export async function findShopByDomain(db: Db, domain: string): Promise<ShopRow | null> {
  const rows = await db.select().from(shops).where(eq(shops.domain, domain)).limit(1);
  return rows[0] ?? null;
}

export async function getShop(db: Db, shopId: string): Promise<ShopRow | null> {
  const rows = await db.select().from(shops).where(eq(shops.id, shopId)).limit(1);
  return rows[0] ?? null;
}

export function toShopSettings(row: ShopRow): ShopSettings {
  return {
    shopDomain: row.domain,
    shopName: row.name,
    senderId: row.senderId,
    timezone: row.timezone,
    currency: row.currency,
    countryCode: row.countryCode,
  };
}

export async function updateShopSettings(db: Db, shopId: string, patch: UpdateShopSettings): Promise<ShopRow | null> {
  const set: Partial<typeof shops.$inferInsert> = { updatedAt: new Date() };
  if (patch.shopName !== undefined) set.name = patch.shopName;
  if (patch.senderId !== undefined) set.senderId = patch.senderId;
  if (patch.timezone !== undefined) set.timezone = patch.timezone;
  const rows = await db.update(shops).set(set).where(eq(shops.id, shopId)).returning();
  return rows[0] ?? null;
}
