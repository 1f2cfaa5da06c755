// What chaos and soak runs send to: the demo shop (local mode's admin API answers for it), N customers with
// N subscribed subscribers in bulk SQL, in a region that is inside its quiet-hours sending window for the
// next hours, and a saved segment holding all of them (customer country). Optionally B more subscribed
// customers outside the segment (another country) who place the orders, so that their order confirmations
// do not take anyone out of the campaign's audience (smart sending) between its count and its fan-out.
import pg from 'pg';
import { DEMO_SHOP_DOMAIN } from '../../server/local/demo-shop.js';
import { nextAllowedSendTime, resolveTimeZones } from '../../server/messaging/compliance/index.js';

const REGIONS = [
  { prefix: '+1212', digits: 7, country: 'US', province: 'NY' },
  { prefix: '+1213', digits: 7, country: 'US', province: 'CA' },
  { prefix: '+1808', digits: 7, country: 'US', province: 'HI' },
  { prefix: '+4477', digits: 8, country: 'GB', province: null },
  { prefix: '+614', digits: 8, country: 'AU', province: null },
] as const;
export type Region = (typeof REGIONS)[number];
const SEED_CHUNK = 5000;

/** The first region inside its sending window now and for the next `hours`. */
export function pickRegion(now: Date, hours: number): Region {
  for (const r of REGIONS) {
    const zones = resolveTimeZones({
      phoneE164: `${r.prefix}${'5'.repeat(r.digits)}`,
      address: { countryCode: r.country, provinceCode: r.province },
    });
    const ok = (at: Date) =>
      nextAllowedSendTime({ now: at, zones, countryCode: r.country, provinceCode: r.province }).allowed;
    if (ok(now) && ok(new Date(now.getTime() + hours * 3_600_000))) return r;
  }
  throw new Error(`no region is inside its sending window for the next ${hours} hours`);
}

export interface Audience {
  shopId: string;
  segmentId: string;
  region: Region;
  size: number;
  /** The phone of customer i (1..size + buyers). */
  phoneOf(i: number): string;
  /** The customer who places order n (a buyer if there are any, else one of the audience). */
  customerFor(n: number): number;
}

export async function seedAudience(
  databaseUrl: string,
  size: number,
  region: Region,
  buyers = 0,
): Promise<Audience> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ id: string }>(
      // Installed a year ago: not under the new-shop daily ceiling.
      `INSERT INTO shops (domain, name, sender_id, installed_at) VALUES ($1, 'Chaos Shop', 'ChaosShop', now() - interval '365 days') RETURNING id`,
      [DEMO_SHOP_DOMAIN],
    );
    const shopId = rows[0]!.id;
    const phone = `$3 || lpad(i::text, ${region.digits}, '0')`;
    await pool.query(
      `INSERT INTO customers (shop_id, id, first_name, phone, country_code, province_code)
       SELECT $1, i, 'Sam', ${phone}, CASE WHEN i > $6 THEN 'CA' ELSE $4 END, CASE WHEN i > $6 THEN NULL ELSE $5 END
         FROM generate_series(1, $2::int) AS i`,
      [shopId, size + buyers, region.prefix, region.country, region.province, size],
    );
    // In chunks, with fresh statistics after each: the statement trigger that refreshes customers'
    // reachable counts plans against the table's statistics, and on a table it believes empty a 100,000-row
    // statement becomes a nested loop of sequential scans (minutes).
    await pool.query('ANALYZE customers');
    const total = size + buyers;
    for (let from = 1; from <= total; from += SEED_CHUNK) {
      await pool.query(
        `INSERT INTO subscribers (shop_id, phone, country_code, customer_id, marketing_state, transactional_state, source, subscribed_at)
         SELECT $1, ${phone}, $4, i, 'subscribed', 'subscribed', 'import', now() FROM generate_series($2::int, $5::int) AS i`,
        [shopId, from, region.prefix, region.country, Math.min(total, from + SEED_CHUNK - 1)],
      );
      await pool.query('ANALYZE subscribers');
    }
    const segment = await pool.query<{ id: string }>(
      `INSERT INTO segments (shop_id, name, definition) VALUES ($1, 'Everyone', $2) RETURNING id`,
      [shopId, JSON.stringify({ kind: 'customer_country', compare: { op: 'eq', value: region.country } })],
    );
    return {
      shopId,
      segmentId: segment.rows[0]!.id,
      region,
      size,
      phoneOf: (i) => `${region.prefix}${String(i).padStart(region.digits, '0')}`,
      customerFor: (n) => (buyers > 0 ? size + 1 + (n % buyers) : 1 + (n % size)),
    };
  } finally {
    await pool.end();
  }
}

async function call<T>(webUrl: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${webUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /api${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The Scale plan with the highest cap, approved (simulated billing), as a merchant would before a big send. */
export async function choosePlan(webUrl: string): Promise<void> {
  const sub = await call<{ confirmationUrl: string }>(webUrl, '/billing/subscribe', {
    plan: 'scale',
    cap: '100000',
  });
  const chargeId = new URL(sub.confirmationUrl, webUrl).searchParams.get('charge_id') ?? undefined;
  await call(webUrl, '/billing/confirm', { chargeId });
}

/** Creates a campaign to the segment through the admin API and sends it now; returns its id. */
export async function sendCampaign(
  webUrl: string,
  segmentId: string,
  name: string,
  smartSendingHours = 16,
): Promise<string> {
  const campaign = await call<{ id: string }>(webUrl, '/campaigns', {
    name,
    audience: { include: [segmentId], exclude: [] },
    message: {
      templates: { en: 'Chaos Shop: {{ subscriber.first_name }}, 20% off today.' },
      discount: null,
    },
    schedule: { kind: 'now' },
    options: { whenBlocked: 'hold', smartSendingHours, utm: true, holdoutPercent: 0 },
  });
  await call(webUrl, `/campaigns/${campaign.id}/schedule`, {});
  return campaign.id;
}
