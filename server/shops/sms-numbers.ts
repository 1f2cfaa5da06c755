// Operator-assigned SMS numbers: the number that receives a shop's inbound texts. Assigned only by the
// operator (npm run shop:number, SHOP_SMS_NUMBERS at boot), unique across shops (shops_sms_number_unique),
// never through /api/settings. Every assignment is kept in sms_number_assignments so an opt-out sent to a
// number no shop owns any more still reaches the shops that texted that phone from it.
// Look-ups by number are, like look-ups by domain, the way to find the shop in the first place.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { shops, smsNumberAssignments } from '../db/schema/index.js';
import type { DbOrTx } from '../db/transaction.js';
import { AppError, assertNever } from '../errors.js';
import type { Logger } from '../logger.js';
import { defaultSenderId } from '../shopify/shop-install.js';

export const E164 = /^\+[1-9]\d{6,14}$/;
/** How far back the outbox is searched for the shops that texted a phone from an unowned number. */
export const UNOWNED_NUMBER_LOOKBACK_DAYS = 90;

export type AssignOutcome =
  | { ok: true; shopId: string; smsNumber: string | null; previous: string | null }
  | { ok: false; code: 'shop_not_found'; message: string }
  | { ok: false; code: 'invalid_number'; message: string }
  | { ok: false; code: 'number_taken'; message: string; holderDomain: string };

/**
 * Gives the shop `number` (null releases its number). The previous number is released in the history; a
 * sender ID equal to the released number falls back to one derived from the shop name. A number held by
 * another shop (installed or not) is refused: release it there first.
 */
export async function assignSmsNumber(
  db: Db,
  shopDomain: string,
  number: string | null,
  now: Date,
): Promise<AssignOutcome> {
  if (number !== null && !E164.test(number))
    return {
      ok: false,
      code: 'invalid_number',
      message: `${number} is not an E.164 number such as +14155550123`,
    };
  return db.transaction(async (tx) => {
    const [shop] = await tx.select().from(shops).where(eq(shops.domain, shopDomain)).for('update').limit(1);
    if (!shop) return { ok: false, code: 'shop_not_found', message: `no shop ${shopDomain}` };
    if (shop.smsNumber === number) return { ok: true, shopId: shop.id, smsNumber: number, previous: number };
    if (number !== null) {
      const [holder] = await tx
        .select({ domain: shops.domain })
        .from(shops)
        .where(eq(shops.smsNumber, number))
        .limit(1);
      if (holder)
        return {
          ok: false,
          code: 'number_taken',
          message: `${number} belongs to ${holder.domain}`,
          holderDomain: holder.domain,
        };
    }
    if (shop.smsNumber !== null) {
      await tx
        .update(smsNumberAssignments)
        .set({ releasedAt: now })
        .where(
          and(
            eq(smsNumberAssignments.shopId, shop.id),
            eq(smsNumberAssignments.smsNumber, shop.smsNumber),
            isNull(smsNumberAssignments.releasedAt),
          ),
        );
    }
    const senderId = shop.senderId === shop.smsNumber ? defaultSenderId(shop.name) : shop.senderId;
    await tx.update(shops).set({ smsNumber: number, senderId, updatedAt: now }).where(eq(shops.id, shop.id));
    if (number !== null)
      await tx.insert(smsNumberAssignments).values({ shopId: shop.id, smsNumber: number, assignedAt: now });
    return { ok: true, shopId: shop.id, smsNumber: number, previous: shop.smsNumber };
  });
}

/** The installed shop that owns `to`, if any. */
export async function findShopOwningNumber(db: DbOrTx, to: string): Promise<string | null> {
  const rows = await db
    .select({ id: shops.id })
    .from(shops)
    .where(and(eq(shops.smsNumber, to), isNull(shops.uninstalledAt)))
    .limit(1);
  return rows[0]?.id ?? null;
}

/**
 * Shops that texted `phone` while holding `number`, within the last 90 days (from the outbox): the shops an
 * opt-out sent to a number no installed shop owns applies to.
 */
export async function shopsThatTextedFrom(
  db: DbOrTx,
  number: string,
  phone: string,
  now: Date,
): Promise<string[]> {
  const since = new Date(now.getTime() - UNOWNED_NUMBER_LOOKBACK_DAYS * 24 * 3600 * 1000);
  const rows = await db.execute<{ shop_id: string }>(sql`
    SELECT DISTINCT a.shop_id
      FROM sms_number_assignments a
     WHERE a.sms_number = ${number}
       AND (a.released_at IS NULL OR a.released_at > ${since})
       AND EXISTS (
         SELECT 1 FROM messages m
          WHERE m.shop_id = a.shop_id AND m.phone = ${phone} AND m.direction = 'outbound'
            AND m.status NOT IN ('queued', 'suppressed', 'cancelled')
            AND m.created_at >= GREATEST(a.assigned_at, ${since}::timestamptz)
            AND (a.released_at IS NULL OR m.created_at < a.released_at))
     ORDER BY a.shop_id`);
  return rows.rows.map((r) => r.shop_id);
}

/**
 * Applies the operator's configured numbers (SHOP_SMS_NUMBERS) at boot. A shop not installed yet is skipped
 * (it gets its number at the next boot, or from npm run shop:number); a number held by another shop stops boot.
 */
export async function applyConfiguredSmsNumbers(
  db: Db,
  pairs: ReadonlyArray<{ shopDomain: string; smsNumber: string }>,
  now: Date,
  log: Logger,
): Promise<void> {
  for (const { shopDomain, smsNumber } of pairs) {
    const outcome = await assignSmsNumber(db, shopDomain, smsNumber, now);
    if (outcome.ok) {
      if (outcome.previous !== smsNumber)
        log.info(
          { shopDomain, smsNumber, previous: outcome.previous },
          'SMS number assigned from SHOP_SMS_NUMBERS',
        );
      continue;
    }
    switch (outcome.code) {
      case 'shop_not_found':
        log.warn(
          { shopDomain, smsNumber },
          'SHOP_SMS_NUMBERS names a shop that is not installed yet: skipped',
        );
        break;
      case 'invalid_number':
      case 'number_taken':
        throw new AppError({
          code: 'config_invalid',
          message: `Invalid configuration: SHOP_SMS_NUMBERS ${shopDomain}=${smsNumber}: ${outcome.message}`,
        });
      default:
        assertNever(outcome, 'SMS number assignment outcome');
    }
  }
}
