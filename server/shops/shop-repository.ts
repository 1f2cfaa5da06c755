// Shops: the tenant table. Every function takes the shop's id first, except look-ups by domain.
import { and, eq } from 'drizzle-orm';
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
    smsNumber: row.smsNumber,
    timezone: row.timezone,
    currency: row.currency,
    countryCode: row.countryCode,
  };
}

/** A numeric sender ID is the shop's own operator-assigned number or nothing (anyone else's number is refused). */
export const isNumericSenderId = (senderId: string): boolean => senderId.startsWith('+');

export type UpdateSettingsOutcome =
  { ok: true; shop: ShopRow } | { ok: false; code: 'shop_not_found' | 'sender_id_not_assigned' };

export async function updateShopSettings(
  db: Db,
  shopId: string,
  patch: UpdateShopSettings,
): Promise<UpdateSettingsOutcome> {
  const set: Partial<typeof shops.$inferInsert> = { updatedAt: new Date() };
  if (patch.shopName !== undefined) set.name = patch.shopName;
  if (patch.senderId !== undefined) set.senderId = patch.senderId;
  if (patch.timezone !== undefined) set.timezone = patch.timezone;
  // Checked in the same statement, so an operator re-assigning the number meanwhile cannot slip through.
  const numeric = patch.senderId !== undefined && isNumericSenderId(patch.senderId) ? patch.senderId : null;
  const where =
    numeric === null ? eq(shops.id, shopId) : and(eq(shops.id, shopId), eq(shops.smsNumber, numeric));
  const rows = await db.update(shops).set(set).where(where).returning();
  if (rows[0]) return { ok: true, shop: rows[0] };
  if (numeric !== null && (await getShop(db, shopId))) return { ok: false, code: 'sender_id_not_assigned' };
  return { ok: false, code: 'shop_not_found' };
}
