// Tracked links: creating short links (one per message and URL, so a click tells who clicked what), and
// resolving a code while recording the click. Every function takes the shop first; the redirect is the
// one public look-up by code, and it records the click under the link's own shop.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/transaction.js';
import { AppError } from '../../errors.js';
import { generateShortCode, shortUrl } from './short-codes.js';

export interface UtmParams {
  /** utm_medium, e.g. "campaign" or "automation". */
  medium: string;
  /** utm_campaign, e.g. the campaign's or automation's slug; omitted when empty. */
  campaign?: string | null;
  /** Add no UTM parameters to this link (not even utm_source). */
  off?: boolean;
}

export interface LinkRequest {
  url: string;
  messageId?: string | null;
  subscriberId?: string | null;
  utm: UtmParams;
}

export interface ShortenInput {
  /** `https://<app host>`: config.appUrl, or the local URL in local mode. */
  baseUrl: string;
  messageId?: string | null;
  subscriberId?: string | null;
  urls: readonly string[];
  utm: UtmParams;
}

/** Rows per INSERT statement (array parameters: this bounds statement size and memory, not parameter count). */
export const LINK_INSERT_CHUNK = 5000;
const MAX_CODE_ATTEMPTS = 5;

function assertLinkUrl(url: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new AppError({
      code: 'invalid_link_url',
      status: 400,
      message: `Only http(s) links can be tracked, got ${JSON.stringify(url.slice(0, 200))}`,
    });
  }
}

async function insertChunk(db: DbOrTx, shopId: string, requests: readonly LinkRequest[]): Promise<string[]> {
  const codes: string[] = new Array<string>(requests.length);
  let pending = requests.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === MAX_CODE_ATTEMPTS) {
      throw new AppError({
        code: 'short_code_exhausted',
        message: 'Could not allocate unique short link codes',
        retryable: true,
      });
    }
    const fresh = new Set<string>();
    const columns = {
      code: [] as string[],
      messageId: [] as (string | null)[],
      subscriberId: [] as (string | null)[],
      url: [] as string[],
      utm: [] as string[],
    };
    for (const i of pending) {
      let code = generateShortCode();
      while (fresh.has(code)) code = generateShortCode();
      fresh.add(code);
      codes[i] = code;
      const r = requests[i]!;
      columns.code.push(code);
      columns.messageId.push(r.messageId ?? null);
      columns.subscriberId.push(r.subscriberId ?? null);
      columns.url.push(r.url);
      columns.utm.push(
        JSON.stringify(
          r.utm.off
            ? { off: true }
            : { medium: r.utm.medium, ...(r.utm.campaign ? { campaign: r.utm.campaign } : {}) },
        ),
      );
    }
    // One statement with five array parameters, whatever the number of rows. Inside a transaction because
    // the embedded server (pglite-socket) interleaves other connections' protocol messages between the
    // Parse and the (large, multi-packet) Bind of an unnamed statement unless a transaction is open.
    const result = await db.transaction((tx) =>
      tx.execute<{ code: string }>(sql`
      INSERT INTO short_links (code, shop_id, message_id, subscriber_id, url, utm)
      SELECT t.code, ${shopId}::uuid, t.message_id, t.subscriber_id, t.url, t.utm::jsonb
      FROM unnest(${sql.param(columns.code)}::text[], ${sql.param(columns.messageId)}::uuid[], ${sql.param(columns.subscriberId)}::uuid[],
                  ${sql.param(columns.url)}::text[], ${sql.param(columns.utm)}::text[]) AS t(code, message_id, subscriber_id, url, utm)
      ON CONFLICT (code) DO NOTHING
      RETURNING code`),
    );
    const inserted = result.rows;
    const ok = new Set(inserted.map((r) => r.code));
    pending = pending.filter((i) => !ok.has(codes[i]!));
  }
  return codes;
}

/**
 * Creates one short link per request with set-based inserts (campaigns: one per recipient and URL) and
 * returns the short URLs in the same order. A code that collides with an existing one is drawn again.
 */
export async function shortenUrlsBulk(
  db: DbOrTx,
  shopId: string,
  baseUrl: string,
  requests: readonly LinkRequest[],
): Promise<string[]> {
  for (const r of requests) assertLinkUrl(r.url);
  const out: string[] = [];
  for (let start = 0; start < requests.length; start += LINK_INSERT_CHUNK) {
    const codes = await insertChunk(db, shopId, requests.slice(start, start + LINK_INSERT_CHUNK));
    for (const code of codes) out.push(shortUrl(baseUrl, code));
  }
  return out;
}

/** Short links for the distinct URLs of one message: a map url → `https://<app host>/r/<code>`. */
export async function shortenUrls(
  db: DbOrTx,
  shopId: string,
  input: ShortenInput,
): Promise<Map<string, string>> {
  const urls = [...new Set(input.urls)];
  const short = await shortenUrlsBulk(
    db,
    shopId,
    input.baseUrl,
    urls.map((url) => ({
      url,
      messageId: input.messageId,
      subscriberId: input.subscriberId,
      utm: input.utm,
    })),
  );
  return new Map(urls.map((url, i) => [url, short[i]!]));
}

export interface ResolvedLink {
  url: string;
  utm: { medium?: string; campaign?: string; off?: boolean };
}

export interface ClickInput {
  userAgent: string | null;
  isBot: boolean;
  at: Date;
}

/** Looks a code up and records the click in the same statement; null when the code does not exist. */
/** The link's target without recording a click (a click over the rate limit still redirects). */
export async function resolveLink(db: DbOrTx, code: string): Promise<ResolvedLink | null> {
  const result = await db.execute<{ url: string; utm: ResolvedLink['utm'] | null }>(
    sql`SELECT url, utm FROM short_links WHERE code = ${code}`,
  );
  const row = result.rows[0];
  return row ? { url: row.url, utm: row.utm ?? {} } : null;
}

export async function resolveAndRecordClick(
  db: DbOrTx,
  code: string,
  click: ClickInput,
): Promise<ResolvedLink | null> {
  const result = await db.execute<{ url: string; utm: ResolvedLink['utm'] | null }>(sql`
    WITH link AS (
      SELECT code, shop_id, message_id, subscriber_id, url, utm FROM short_links WHERE code = ${code}
    ), click AS (
      INSERT INTO link_clicks (shop_id, code, message_id, subscriber_id, user_agent, is_bot, clicked_at)
      SELECT shop_id, code, message_id, subscriber_id, ${click.userAgent}, ${click.isBot}, ${click.at.toISOString()}::timestamptz
      FROM link
    )
    SELECT url, utm FROM link`);
  const row = result.rows[0];
  return row ? { url: row.url, utm: row.utm ?? {} } : null;
}
