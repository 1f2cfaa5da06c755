// The shop's compliance and sending settings (double opt-in, program name, HELP text, checkout disclosure,
// quiet hours, frequency caps, attribution windows): read from and written to shops.settings (jsonb), where
// the consent flow (subscriber-settings.ts) and the outbox (shop-sending-settings.ts) read them. Every saved
// change is recorded in settings_audit. Every function takes the shop's id first.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { DbOrTx } from '../db/transaction.js';
import { settingsAudit, shops } from '../db/schema/index.js';
import {
  DEFAULT_ATTRIBUTION_WINDOWS,
  attributionWindowsSchema,
  type AttributionWindows,
  type ComplianceSettings,
  type SettingsAuditEntry,
  type UpdateComplianceSettings,
} from '../contracts/compliance.js';
import { subscriberSettingsOf } from '../subscribers/subscriber-settings.js';
import { parseSendingSettings } from '../messaging/outbox/shop-sending-settings.js';
import { DEFAULT_CAPS } from '../messaging/compliance/index.js';
import { legalQuietHoursList } from './legal-quiet-hours.js';

type ShopRow = typeof shops.$inferSelect;

const settingsObject = (settings: unknown): Record<string, unknown> =>
  typeof settings === 'object' && settings !== null && !Array.isArray(settings)
    ? (settings as Record<string, unknown>)
    : {};

function attributionWindowsOf(settings: unknown): AttributionWindows {
  const stored = attributionWindowsSchema.partial().safeParse(settingsObject(settings).attributionWindows);
  return { ...DEFAULT_ATTRIBUTION_WINDOWS, ...(stored.success ? stored.data : {}) };
}

const helpTextSchema = z.object({
  en: z.string().min(1).optional().catch(undefined),
  fr: z.string().min(1).optional().catch(undefined),
});

export function toComplianceSettings(row: ShopRow): ComplianceSettings {
  const consent = subscriberSettingsOf({ name: row.name, settings: row.settings });
  const sending = parseSendingSettings({
    id: row.id,
    name: row.name,
    sender_id: row.senderId,
    country_code: row.countryCode,
    settings: row.settings,
  });
  const help = helpTextSchema.safeParse(settingsObject(row.settings).helpText);
  return {
    doubleOptInCountries: consent.doubleOptInCountries,
    programName: consent.programName,
    supportContact: consent.supportContact,
    helpText: {
      en: (help.success ? help.data.en : undefined) ?? null,
      fr: (help.success ? help.data.fr : undefined) ?? null,
    },
    consentDisclosure: consent.consentDisclosure,
    quietHours: sending.quietHours,
    frequencyCaps: { ...DEFAULT_CAPS, ...sending.caps },
    attributionWindows: attributionWindowsOf(row.settings),
    smsNumber: row.smsNumber,
    legalQuietHours: legalQuietHoursList(),
  };
}

/** The attribution windows the reports use (defaults: clicks 5 days, deliveries 24 hours). */
export async function loadAttributionWindows(db: DbOrTx, shopId: string): Promise<AttributionWindows> {
  const [row] = await db
    .select({ settings: shops.settings })
    .from(shops)
    .where(eq(shops.id, shopId))
    .limit(1);
  return attributionWindowsOf(row?.settings);
}

export async function getComplianceSettings(db: DbOrTx, shopId: string): Promise<ComplianceSettings | null> {
  const [row] = await db.select().from(shops).where(eq(shops.id, shopId)).limit(1);
  return row ? toComplianceSettings(row) : null;
}

/** The jsonb keys a patch writes, in the shapes the consent flow and the outbox read. */
function storedValues(patch: UpdateComplianceSettings, current: ComplianceSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (patch.doubleOptInCountries !== undefined)
    out.doubleOptInCountries = [...new Set(patch.doubleOptInCountries)];
  if (patch.programName !== undefined) out.programName = patch.programName;
  if (patch.supportContact !== undefined) out.supportContact = patch.supportContact;
  if (patch.helpText !== undefined) out.helpText = { ...current.helpText, ...patch.helpText };
  if (patch.consentDisclosure !== undefined) out.consentDisclosure = patch.consentDisclosure;
  if (patch.quietHours !== undefined) out.quietHours = patch.quietHours;
  if (patch.frequencyCaps !== undefined) out.frequencyCaps = patch.frequencyCaps;
  if (patch.attributionWindows !== undefined) out.attributionWindows = patch.attributionWindows;
  return out;
}

export type UpdateComplianceOutcome =
  /** `changed`: the settings whose value changed (none when the patch changed nothing). */
  { ok: true; settings: ComplianceSettings; changed: string[] } | { ok: false; code: 'shop_not_found' };

/** Applies a validated patch and records what changed (nothing is recorded when nothing changed). */
export async function updateComplianceSettings(
  db: Db,
  shopId: string,
  patch: UpdateComplianceSettings,
  meta: { actor: string; now: Date },
): Promise<UpdateComplianceOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(shops).where(eq(shops.id, shopId)).for('update');
    if (!row) return { ok: false, code: 'shop_not_found' } as const;
    const before = toComplianceSettings(row);
    const values = storedValues(patch, before);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, to] of Object.entries(values)) {
      const from = before[key as keyof ComplianceSettings];
      if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
    }
    if (Object.keys(changes).length === 0) return { ok: true, settings: before, changed: [] } as const;
    const [updated] = await tx
      .update(shops)
      .set({
        settings: sql`coalesce(${shops.settings}, '{}'::jsonb) || ${JSON.stringify(values)}::jsonb`,
        updatedAt: meta.now,
      })
      .where(eq(shops.id, shopId))
      .returning();
    await tx
      .insert(settingsAudit)
      .values({ shopId, section: 'compliance', changes, actor: meta.actor, createdAt: meta.now });
    return { ok: true, settings: toComplianceSettings(updated!), changed: Object.keys(changes) } as const;
  });
}

/** The latest changes first. */
export async function listSettingsAudit(
  db: DbOrTx,
  shopId: string,
  limit = 50,
): Promise<SettingsAuditEntry[]> {
  const rows = await db
    .select()
    .from(settingsAudit)
    .where(and(eq(settingsAudit.shopId, shopId), eq(settingsAudit.section, 'compliance')))
    .orderBy(desc(settingsAudit.id))
    .limit(limit);
  return rows.map((r) => ({
    id: String(r.id),
    section: r.section,
    changes: r.changes as SettingsAuditEntry['changes'],
    actor: r.actor,
    createdAt: r.createdAt.toISOString(),
  }));
}
