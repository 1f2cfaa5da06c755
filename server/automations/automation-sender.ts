// Turns one automation trigger into one outbox message: pick the recipient's language, render the flow's
// template, replace links with tracked short links (utm_medium=automation, utm_campaign=<flow>), add the
// marketing prefix and opt-out footer, and enqueue it with source_type 'automation', source_id = flow.
// The outbox applies consent, quiet hours (marketing: deferred, not dropped) and caps (marketing only).
// The idempotency key makes a repeat (duplicate webhook, retried job) a no-op that creates nothing.
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.js';
import type { AutomationLocale } from '../contracts/automations.js';
import type { MergeVariables } from '../contracts/templates.js';
import { messages } from '../db/schema/index.js';
import type { DbOrTx } from '../db/transaction.js';
import { rewriteLinks, shortenUrls, shortenUrlsBulk, trackableUrls } from '../messaging/links/index.js';
import { newShopCeilingOf } from '../messaging/outbox/daily-ceiling.js';
import { enqueueMessages, type EnqueuedMessage } from '../messaging/outbox/enqueue.js';
import { composeMessage, renderTemplate, URL_FIELD_PATHS } from '../messaging/templates/index.js';
import type { FlowConfig } from './flow-repository.js';
import { linkBaseUrl } from './public-url.js';
import { queryableOf } from './tx-queryable.js';

export interface AutomationShop {
  id: string;
  domain: string;
  name: string;
  senderId: string;
  countryCode: string;
  currency: string;
}

export interface AutomationRecipient {
  phone: string;
  subscriberId: string | null;
  customerId: string | null;
  countryCode: string | null;
  locale: AutomationLocale;
  /** Marketing consent (subscribed). Transactional-only contacts never receive marketing flows. */
  marketing: boolean;
}

export interface SendAutomationInput {
  flow: FlowConfig;
  recipient: AutomationRecipient;
  variables: MergeVariables;
  idempotencyKey: string;
  notBefore?: Date;
  isTest?: boolean;
  /** Send this (validated) template instead of the flow's saved one (test sends). */
  template?: string;
}

export type SendAutomationResult =
  { sent: true; message: EnqueuedMessage } | { sent: false; reason: 'already_sent' | 'no_marketing_consent' };

export async function loadAutomationShop(db: DbOrTx, shopId: string): Promise<AutomationShop | null> {
  const result = await db.execute<{
    id: string;
    domain: string;
    name: string;
    sender_id: string;
    country_code: string;
    currency: string;
  }>(
    sql`SELECT id::text AS id, domain, name, sender_id, country_code, currency FROM shops WHERE id = ${shopId} AND uninstalled_at IS NULL`,
  );
  const r = result.rows[0];
  return r
    ? {
        id: r.id,
        domain: r.domain,
        name: r.name,
        senderId: r.sender_id,
        countryCode: r.country_code,
        currency: r.currency,
      }
    : null;
}

export const shopVariables = (shop: AutomationShop): NonNullable<MergeVariables['shop']> => ({
  name: shop.name,
  url: `https://${shop.domain}`,
});

export async function messageExists(db: DbOrTx, shopId: string, idempotencyKey: string): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.shopId, shopId), eq(messages.idempotencyKey, idempotencyKey)))
    .limit(1);
  return rows.length > 0;
}

/** Values of the URL merge fields present in the variables (what a transactional message may track). */
function urlFieldValues(vars: MergeVariables): string[] {
  const out: string[] = [];
  const scope = vars as Record<string, Record<string, unknown> | undefined>;
  for (const path of URL_FIELD_PATHS) {
    const [root, name] = path.split('.') as [string, string];
    const value = scope[root]?.[name];
    if (typeof value === 'string' && value.trim()) out.push(value.trim());
  }
  return out;
}

/** Renders the flow's template for the recipient: the body as it will be sent, links tracked. */
export async function renderAutomationBody(
  db: DbOrTx,
  app: AppContext,
  shop: AutomationShop,
  input: SendAutomationInput,
): Promise<{ text: string; shortCodes: string[] }> {
  const kind = input.flow.definition.kind;
  const template = input.template ?? input.flow.templates[input.recipient.locale];
  let body = renderTemplate(template, input.variables);
  const urls = trackableUrls({
    kind,
    body,
    urlFieldValues: urlFieldValues(input.variables),
    trackTransactional: true,
  });
  const shortCodes: string[] = [];
  if (urls.length > 0) {
    const map = await shortenUrls(db, shop.id, {
      baseUrl: linkBaseUrl(app),
      subscriberId: input.recipient.subscriberId,
      urls,
      utm: { medium: 'automation', campaign: input.flow.key },
    });
    body = rewriteLinks(body, map);
    for (const short of map.values()) shortCodes.push(short.slice(short.lastIndexOf('/') + 1));
  }
  const composed = composeMessage({
    kind,
    body,
    shopName: shop.name,
    senderId: shop.senderId,
    recipientCountry: input.recipient.countryCode ?? shop.countryCode,
  });
  return { text: composed.text, shortCodes };
}

/** Creates the message (once per idempotency key). Runs in the caller's transaction. */
export async function sendAutomationMessage(
  db: DbOrTx,
  app: AppContext,
  shop: AutomationShop,
  input: SendAutomationInput,
): Promise<SendAutomationResult> {
  const kind = input.flow.definition.kind;
  if (kind === 'marketing' && !input.recipient.marketing && !input.isTest)
    return { sent: false, reason: 'no_marketing_consent' };
  if (await messageExists(db, shop.id, input.idempotencyKey)) return { sent: false, reason: 'already_sent' };
  const { text, shortCodes } = await renderAutomationBody(db, app, shop, input);
  const result = await enqueueMessages(
    queryableOf(db),
    shop.id,
    [
      {
        subscriberId: input.recipient.subscriberId,
        phone: input.recipient.phone,
        kind,
        sourceType: 'automation',
        sourceId: input.flow.key,
        body: text,
        idempotencyKey: input.idempotencyKey,
        notBefore: input.notBefore,
        isTest: input.isTest === true,
        topic: kind === 'marketing' ? `automation:${input.flow.key}` : null,
      },
    ],
    {
      now: app.clock.now(),
      newShopCeiling: newShopCeilingOf(app.config.sendLimits),
      noPlanSegments: app.config.billing.noPlanSegments,
    },
  );
  const message = result.messages[0]!;
  if (shortCodes.length > 0 && message.status !== 'existing') {
    await db.execute(sql`UPDATE short_links SET message_id = ${message.id}::uuid
      WHERE shop_id = ${shop.id} AND code = ANY(${sql.param(shortCodes)}::text[])`);
  }
  return message.status === 'existing' ? { sent: false, reason: 'already_sent' } : { sent: true, message };
}

/**
 * sendAutomationMessage for many messages of one shop at once, with the same outcome per input: one
 * look-up of the keys already sent, one short-link insert, one outbox enqueue and one link update for
 * the whole list. Results in input order.
 */
export async function sendAutomationMessages(
  db: DbOrTx,
  app: AppContext,
  shop: AutomationShop,
  inputs: readonly SendAutomationInput[],
): Promise<SendAutomationResult[]> {
  const results: Array<SendAutomationResult | null> = inputs.map((input) =>
    input.flow.definition.kind === 'marketing' && !input.recipient.marketing && !input.isTest
      ? { sent: false, reason: 'no_marketing_consent' }
      : null,
  );
  const candidates = inputs.map((input, i) => ({ input, i })).filter(({ i }) => results[i] === null);
  if (candidates.length === 0) return results as SendAutomationResult[];
  const sentKeys = await existingKeys(
    db,
    shop.id,
    candidates.map((c) => c.input.idempotencyKey),
  );
  const todo = candidates.filter(({ input, i }) =>
    sentKeys.has(input.idempotencyKey)
      ? ((results[i] = { sent: false, reason: 'already_sent' }), false)
      : true,
  );
  if (todo.length === 0) return results as SendAutomationResult[];
  // Render every body, then create all their short links in one insert.
  const rendered = todo.map(({ input }) => {
    const kind = input.flow.definition.kind;
    const body = renderTemplate(
      input.template ?? input.flow.templates[input.recipient.locale],
      input.variables,
    );
    const urls = [
      ...new Set(
        trackableUrls({
          kind,
          body,
          urlFieldValues: urlFieldValues(input.variables),
          trackTransactional: true,
        }),
      ),
    ];
    return { input, kind, body, urls };
  });
  const requests = rendered.flatMap(({ input, urls }) =>
    urls.map((url) => ({
      url,
      subscriberId: input.recipient.subscriberId,
      utm: { medium: 'automation', campaign: input.flow.key },
    })),
  );
  const shortened = requests.length > 0 ? await shortenUrlsBulk(db, shop.id, linkBaseUrl(app), requests) : [];
  let next = 0;
  const drafts = rendered.map(({ input, kind, body, urls }) => {
    const map = new Map(urls.map((url) => [url, shortened[next++]!]));
    const text = composeMessage({
      kind,
      body: map.size > 0 ? rewriteLinks(body, map) : body,
      shopName: shop.name,
      senderId: shop.senderId,
      recipientCountry: input.recipient.countryCode ?? shop.countryCode,
    }).text;
    const shortCodes = [...map.values()].map((short) => short.slice(short.lastIndexOf('/') + 1));
    return { input, kind, text, shortCodes };
  });
  const enqueued = await enqueueMessages(
    queryableOf(db),
    shop.id,
    drafts.map(({ input, kind, text }) => ({
      subscriberId: input.recipient.subscriberId,
      phone: input.recipient.phone,
      kind,
      sourceType: 'automation' as const,
      sourceId: input.flow.key,
      body: text,
      idempotencyKey: input.idempotencyKey,
      notBefore: input.notBefore,
      isTest: input.isTest === true,
      topic: kind === 'marketing' ? `automation:${input.flow.key}` : null,
    })),
    {
      now: app.clock.now(),
      newShopCeiling: newShopCeilingOf(app.config.sendLimits),
      noPlanSegments: app.config.billing.noPlanSegments,
    },
  );
  const byKey = new Map(enqueued.messages.map((m) => [m.idempotencyKey, m]));
  const links = { codes: [] as string[], messageIds: [] as string[] };
  todo.forEach(({ i }, k) => {
    const message = byKey.get(drafts[k]!.input.idempotencyKey)!;
    results[i] =
      message.status === 'existing' ? { sent: false, reason: 'already_sent' } : { sent: true, message };
    if (message.status === 'existing') return;
    for (const code of drafts[k]!.shortCodes) {
      links.codes.push(code);
      links.messageIds.push(message.id);
    }
  });
  if (links.codes.length > 0) {
    await db.execute(sql`UPDATE short_links l SET message_id = t.message_id
      FROM unnest(${sql.param(links.codes)}::text[], ${sql.param(links.messageIds)}::uuid[]) AS t(code, message_id)
      WHERE l.shop_id = ${shop.id} AND l.code = t.code`);
  }
  return results as SendAutomationResult[];
}

async function existingKeys(db: DbOrTx, shopId: string, keys: readonly string[]): Promise<Set<string>> {
  const result = await db.execute<{ key: string }>(sql`SELECT idempotency_key AS key FROM messages
    WHERE shop_id = ${shopId} AND idempotency_key = ANY(${sql.param([...keys])}::text[])`);
  return new Set(result.rows.map((r) => r.key));
}
