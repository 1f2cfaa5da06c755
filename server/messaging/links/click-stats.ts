// Click counts per message and per campaign. People and link-preview bots are counted apart: `clicks`
// excludes bots (iMessage, WhatsApp, Slack... fetch every link they display), `botClicks` is the rest.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import { linkClicks, messages } from '../../db/schema/index.js';

export interface MessageClickStats {
  messageId: string;
  clicks: number;
  botClicks: number;
  firstClickAt: Date | null;
  lastClickAt: Date | null;
}

export interface CampaignClickStats {
  campaignId: string;
  clicks: number;
  /** Messages (so recipients) with at least one click by a person. */
  uniqueClicks: number;
  botClicks: number;
}

const humanClicks = sql<number>`count(*) filter (where not ${linkClicks.isBot})`.mapWith(Number);
const botClicks = sql<number>`count(*) filter (where ${linkClicks.isBot})`.mapWith(Number);
const asDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));

/** Per message of this shop with clicks (or only `messageIds`); messages without clicks are absent. */
export async function clickStats(
  db: DbOrTx,
  shopId: string,
  options: { messageIds?: readonly string[] } = {},
): Promise<MessageClickStats[]> {
  if (options.messageIds && options.messageIds.length === 0) return [];
  const rows = await db
    .select({
      messageId: linkClicks.messageId,
      clicks: humanClicks,
      botClicks,
      firstClickAt: sql<unknown>`min(${linkClicks.clickedAt}) filter (where not ${linkClicks.isBot})`,
      lastClickAt: sql<unknown>`max(${linkClicks.clickedAt}) filter (where not ${linkClicks.isBot})`,
    })
    .from(linkClicks)
    .where(
      and(
        eq(linkClicks.shopId, shopId),
        options.messageIds
          ? inArray(linkClicks.messageId, [...options.messageIds])
          : sql`${linkClicks.messageId} is not null`,
      ),
    )
    .groupBy(linkClicks.messageId)
    .orderBy(linkClicks.messageId);
  return rows.map((r) => ({
    messageId: r.messageId!,
    clicks: r.clicks,
    botClicks: r.botClicks,
    firstClickAt: asDate(r.firstClickAt),
    lastClickAt: asDate(r.lastClickAt),
  }));
}

/** Per campaign (messages with source_type 'campaign'); campaigns without clicks are absent. */
export async function campaignClickStats(
  db: DbOrTx,
  shopId: string,
  campaignIds: readonly string[],
): Promise<CampaignClickStats[]> {
  if (campaignIds.length === 0) return [];
  const rows = await db
    .select({
      campaignId: messages.sourceId,
      clicks: humanClicks,
      uniqueClicks:
        sql<number>`count(distinct ${linkClicks.messageId}) filter (where not ${linkClicks.isBot})`.mapWith(
          Number,
        ),
      botClicks,
    })
    .from(linkClicks)
    .innerJoin(messages, and(eq(messages.id, linkClicks.messageId), eq(messages.shopId, linkClicks.shopId)))
    .where(
      and(
        eq(linkClicks.shopId, shopId),
        eq(messages.shopId, shopId),
        eq(messages.sourceType, 'campaign'),
        inArray(messages.sourceId, [...campaignIds]),
      ),
    )
    .groupBy(messages.sourceId)
    .orderBy(messages.sourceId);
  return rows.map((r) => ({
    campaignId: r.campaignId!,
    clicks: r.clicks,
    uniqueClicks: r.uniqueClicks,
    botClicks: r.botClicks,
  }));
}
