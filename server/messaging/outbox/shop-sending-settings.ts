// What the outbox needs to know about a shop: sender id, caps, quiet-hours narrowing, price
// overrides and the merchant's own test number. Stored in shops.settings (jsonb) under these keys:
//   testPhone: "+14155550123"                      (consent checks skipped for tests to it)
//   frequencyCaps: { minHoursBetween, maxPer7Days }
//   quietHours: { startMinute, endMinute }        (can only narrow the legal window)
//   pricesMicros: { "US": 8300, "DEFAULT": ... }  (estimated price per segment)
// Malformed values are ignored (defaults apply) rather than blocking every send of the shop.
import type { Queryable } from './queryable.js';
import { z } from 'zod';
import type { FrequencyCaps, MerchantQuietHours } from '../compliance/index.js';

export interface ShopSendingSettings {
  shopId: string;
  name: string;
  senderId: string;
  countryCode: string;
  testPhone: string | null;
  caps: Partial<FrequencyCaps>;
  quietHours: MerchantQuietHours | null;
  pricesMicros: Record<string, number>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const minute = z.number().int().min(0).max(1440);
const pieces = {
  testPhone: z.string().regex(E164),
  frequencyCaps: z
    .object({ minHoursBetween: z.number().min(0), maxPer7Days: z.number().int().min(0) })
    .partial(),
  quietHours: z.object({ startMinute: minute, endMinute: minute }).refine((w) => w.startMinute < w.endMinute),
  pricesMicros: z.record(z.string(), z.number().int().min(0)),
};

function pick<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

export function parseSendingSettings(row: {
  id: string;
  name: string;
  sender_id: string;
  country_code: string;
  settings: unknown;
}): ShopSendingSettings {
  const s = (typeof row.settings === 'object' && row.settings !== null ? row.settings : {}) as Record<
    string,
    unknown
  >;
  return {
    shopId: row.id,
    name: row.name,
    senderId: row.sender_id,
    countryCode: row.country_code,
    testPhone: pick(pieces.testPhone, s.testPhone) ?? null,
    caps: pick(pieces.frequencyCaps, s.frequencyCaps) ?? {},
    quietHours: pick(pieces.quietHours, s.quietHours) ?? null,
    pricesMicros: pick(pieces.pricesMicros, s.pricesMicros) ?? {},
  };
}

/** Loads the sending settings of the given shops (missing shops are absent from the map). */
export async function loadSendingSettings(
  pool: Queryable,
  shopIds: readonly string[],
): Promise<Map<string, ShopSendingSettings>> {
  const { rows } = await pool.query<{
    id: string;
    name: string;
    sender_id: string;
    country_code: string;
    settings: unknown;
  }>('SELECT id, name, sender_id, country_code, settings FROM shops WHERE id = ANY($1::uuid[])', [shopIds]);
  return new Map(rows.map((r) => [r.id, parseSendingSettings(r)]));
}
