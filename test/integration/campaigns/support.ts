// Shared set-up of the campaign integration tests: a demo shop (local mode: the admin API acts as it) and
// another shop, customers with countries and tags, subscribers in every consent state, saved segments.
import type pg from 'pg';
import type { CampaignDetail } from '../../../server/contracts/campaigns.js';

export const DEMO = 'demo.myshopify.com';

export interface Api {
  <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export function apiOf(baseUrl: () => string): Api {
  return async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl()}/api${path}`, {
      method,
      // Local mode refuses state-changing requests that are not JSON (a cross-site form cannot send JSON).
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

export async function insertShop(pool: pg.Pool, domain: string, name = 'Demo Store'): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO shops (domain, name, sender_id, country_code, currency, timezone, installed_at)
     VALUES ($1, $2, 'DemoStore', 'US', 'USD', 'America/New_York', '2024-01-01T00:00:00Z') RETURNING id`,
    [domain, name],
  );
  return rows[0]!.id;
}

export interface Person {
  customerId: number | null;
  phone: string;
  /** Customer and subscriber country (default US; null: none, the phone decides). */
  country?: string | null;
  tags?: string[];
  marketing?: 'subscribed' | 'unsubscribed' | 'never';
  locale?: string | null;
}

export async function insertPeople(
  pool: pg.Pool,
  shopId: string,
  people: Person[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const p of people) {
    if (p.customerId !== null) {
      await pool.query(
        `INSERT INTO customers (shop_id, id, first_name, phone, country_code, tags) VALUES ($1, $2, 'Camille', $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [shopId, p.customerId, p.phone, p.country === undefined ? 'US' : p.country, p.tags ?? []],
      );
    }
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, locale, subscribed_at)
       VALUES ($1, $2, $3, $4, $5, 'subscribed', 'admin', $6, now()) RETURNING id::text AS id`,
      [
        shopId,
        p.phone,
        p.country === undefined ? 'US' : p.country,
        p.customerId,
        p.marketing ?? 'subscribed',
        p.locale ?? null,
      ],
    );
    ids.set(p.phone, rows[0]!.id);
  }
  return ids;
}

export async function insertSegment(
  pool: pg.Pool,
  shopId: string,
  name: string,
  definition: unknown,
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO segments (shop_id, name, definition) VALUES ($1, $2, $3) RETURNING id::text AS id`,
    [shopId, name, JSON.stringify(definition)],
  );
  return rows[0]!.id;
}

export const country = (code: string) => ({
  kind: 'and',
  conditions: [{ kind: 'customer_country', compare: { op: 'eq', value: code } }],
});
export const tagged = (tag: string) => ({
  kind: 'and',
  conditions: [{ kind: 'customer_tags', compare: { op: 'eq', value: tag } }],
});

export type Detail = CampaignDetail;
