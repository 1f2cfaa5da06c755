// A shop's automation settings: the stored rows merged over the flow defaults. Stored values that no
// longer fit the limits (a malformed row, a limit tightened since) fall back to the default rather than
// blocking the flow.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  automationFlowKeys,
  WIN_BACK_DAYS_MAX,
  WIN_BACK_DAYS_MIN,
  type AutomationFlowKey,
  type AutomationOptions,
  type AutomationSettings,
  type AutomationTemplates,
} from '../contracts/automations.js';
import { automationFlows, automationSettings } from '../db/schema/index.js';
import type { DbOrTx } from '../db/transaction.js';
import { FLOW_DEFINITIONS, type FlowDefinition } from './flow-definitions.js';

export interface FlowConfig {
  key: AutomationFlowKey;
  definition: FlowDefinition;
  enabled: boolean;
  templates: AutomationTemplates;
  /** Null for flows without a delay. */
  delayMinutes: number | null;
  options: AutomationOptions;
  updatedAt: Date | null;
}

export interface DefaultsMode {
  /** Local mode: the demo shop's order-update flows default to on. */
  local: boolean;
}

const storedTemplates = z.object({ en: z.string().min(1), fr: z.string().min(1) }).partial();
const storedOptions = z
  .object({
    discount: z.object({ enabled: z.boolean(), percentage: z.number().int().min(1).max(100) }).partial(),
    winBackDays: z.number().int().min(WIN_BACK_DAYS_MIN).max(WIN_BACK_DAYS_MAX),
  })
  .partial();

type FlowRow = typeof automationFlows.$inferSelect;

function merge(def: FlowDefinition, row: FlowRow | undefined, mode: DefaultsMode): FlowConfig {
  const templates = storedTemplates.safeParse(row?.templates ?? {});
  const options = storedOptions.safeParse(row?.options ?? {});
  const t = templates.success ? templates.data : {};
  const o = options.success ? options.data : {};
  const delay =
    def.delay === null
      ? null
      : row?.delayMinutes != null &&
          row.delayMinutes >= def.delay.minMinutes &&
          row.delayMinutes <= def.delay.maxMinutes
        ? row.delayMinutes
        : def.delay.defaultMinutes;
  return {
    key: def.key,
    definition: def,
    enabled: row ? row.enabled : mode.local && def.onInLocalMode,
    templates: { en: t.en ?? def.templates.en, fr: t.fr ?? def.templates.fr },
    delayMinutes: delay,
    options: {
      discount:
        def.discountPercentage === null
          ? null
          : {
              enabled: o.discount?.enabled ?? false,
              percentage: o.discount?.percentage ?? def.discountPercentage,
            },
      winBackDays: def.winBackDays === null ? null : (o.winBackDays ?? def.winBackDays),
    },
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function loadFlowConfigs(db: DbOrTx, shopId: string, mode: DefaultsMode): Promise<FlowConfig[]> {
  const rows = await db.select().from(automationFlows).where(eq(automationFlows.shopId, shopId));
  const byKey = new Map(rows.map((r) => [r.flow, r]));
  return automationFlowKeys.map((key) => merge(FLOW_DEFINITIONS[key], byKey.get(key), mode));
}

export async function loadFlowConfig(
  db: DbOrTx,
  shopId: string,
  key: AutomationFlowKey,
  mode: DefaultsMode,
): Promise<FlowConfig> {
  const rows = await db
    .select()
    .from(automationFlows)
    .where(and(eq(automationFlows.shopId, shopId), eq(automationFlows.flow, key)));
  return merge(FLOW_DEFINITIONS[key], rows[0], mode);
}

/** Writes the whole (validated) configuration of one flow. */
export async function saveFlowConfig(
  db: DbOrTx,
  shopId: string,
  config: FlowConfig,
  now: Date,
): Promise<void> {
  const def = config.definition;
  // Templates equal to the default are stored as absent, so improved defaults reach untouched flows.
  const templates: Partial<AutomationTemplates> = {};
  if (config.templates.en !== def.templates.en) templates.en = config.templates.en;
  if (config.templates.fr !== def.templates.fr) templates.fr = config.templates.fr;
  const options: Record<string, unknown> = {};
  if (config.options.discount) options.discount = config.options.discount;
  if (config.options.winBackDays !== null) options.winBackDays = config.options.winBackDays;
  const values = {
    shopId,
    flow: config.key,
    enabled: config.enabled,
    templates,
    delayMinutes: config.delayMinutes,
    options,
    updatedAt: now,
  };
  await db
    .insert(automationFlows)
    .values(values)
    .onConflictDoUpdate({
      target: [automationFlows.shopId, automationFlows.flow],
      set: {
        enabled: values.enabled,
        templates: values.templates,
        delayMinutes: values.delayMinutes,
        options: values.options,
        updatedAt: now,
      },
    });
}

export async function loadAutomationSettings(db: DbOrTx, shopId: string): Promise<AutomationSettings> {
  const rows = await db.select().from(automationSettings).where(eq(automationSettings.shopId, shopId));
  return { orderUpdatesForCheckoutPhones: rows[0]?.orderUpdatesForCheckoutPhones ?? false };
}

export async function saveAutomationSettings(
  db: DbOrTx,
  shopId: string,
  settings: AutomationSettings,
  now: Date,
): Promise<void> {
  await db
    .insert(automationSettings)
    .values({ shopId, orderUpdatesForCheckoutPhones: settings.orderUpdatesForCheckoutPhones, updatedAt: now })
    .onConflictDoUpdate({
      target: automationSettings.shopId,
      set: { orderUpdatesForCheckoutPhones: sql`excluded.order_updates_for_checkout_phones`, updatedAt: now },
    });
}
