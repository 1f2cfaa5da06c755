// Read side of the subscribers list: filtered, cursor-paginated pages, counts per state and the CSV export.
// One subscriber's detail, messages and consent proof: subscriber-detail-queries.ts.
import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { customers, subscribers } from '../db/schema/index.js';
import type {
  ListSubscribersQuery,
  SubscriberCounts,
  SubscriberListItem,
  SubscriberListResponse,
  SubscriberState,
} from '../contracts/subscribers.js';
import { afterCursor, pageOf } from './subscriber-cursor.js';
import { customerJoin, listColumns, toItem } from './subscriber-list-row.js';

/** The list's filters (everything but paging) as conditions; `state` is left out for the per-state counts. */
function filterConditions(shopId: string, query: SubscriberFilters, withState = true): SQL[] {
  const where: SQL[] = [eq(subscribers.shopId, shopId)];
  if (query.phone) where.push(eq(subscribers.phone, query.phone));
  if (query.state && withState) where.push(eq(subscribers.marketingState, query.state));
  if (query.source) where.push(eq(subscribers.source, query.source));
  if (query.country) where.push(eq(subscribers.countryCode, query.country));
  if (query.subscribedFrom) where.push(gte(subscribers.subscribedAt, new Date(query.subscribedFrom)));
  if (query.subscribedTo) where.push(lte(subscribers.subscribedAt, new Date(query.subscribedTo)));
  if (query.q) {
    const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const pattern = like(query.q);
    const digits = query.q.replace(/[\s().-]/g, '');
    const conditions = [
      ilike(customers.firstName, pattern),
      ilike(customers.lastName, pattern),
      ilike(sql`${customers.firstName} || ' ' || ${customers.lastName}`, pattern),
      ilike(customers.email, pattern),
    ];
    // A number typed in any national or international shape: match its digits anywhere in the E.164 phone.
    if (/^\+?\d{3,15}$/.test(digits))
      conditions.push(sql`${subscribers.phone} LIKE ${like(digits.replace(/^\+/, ''))}`);
    where.push(or(...conditions)!);
  }
  return where;
}

export type SubscriberFilters = Omit<ListSubscribersQuery, 'cursor' | 'limit'>;

export async function listSubscribers(
  db: Db,
  shopId: string,
  query: ListSubscribersQuery,
): Promise<SubscriberListResponse> {
  const where = filterConditions(shopId, query);
  if (query.cursor) where.push(afterCursor(query.cursor, subscribers.createdAt, subscribers.id));
  const rows = await db
    .select(listColumns)
    .from(subscribers)
    .leftJoin(customers, customerJoin)
    .where(and(...where))
    .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, toItem);
}

/** How many subscribers of each state match the filters (other than the state itself). */
export async function countSubscribersByState(
  db: Db,
  shopId: string,
  query: SubscriberFilters,
): Promise<SubscriberCounts> {
  const rows = await db
    .select({ state: subscribers.marketingState, count: sql<number>`count(*)::int` })
    .from(subscribers)
    .leftJoin(customers, customerJoin)
    .where(and(...filterConditions(shopId, query, false)))
    .groupBy(subscribers.marketingState);
  const counts: SubscriberCounts = { subscribed: 0, pending: 0, unsubscribed: 0, never: 0, total: 0 };
  for (const r of rows) {
    const state = r.state as SubscriberState;
    if (state in counts) counts[state] += Number(r.count);
    counts.total += Number(r.count);
  }
  return counts;
}

/** Every subscriber of the shop, oldest first, for the CSV export (streamed by pages). */
export async function* exportSubscribers(
  db: Db,
  shopId: string,
  filters: SubscriberFilters = {},
  pageSize = 1000,
): AsyncGenerator<SubscriberListItem[]> {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const where: SQL[] = filterConditions(shopId, filters);
    if (after)
      where.push(
        or(
          sql`${subscribers.createdAt} > ${after.createdAt}`,
          and(eq(subscribers.createdAt, after.createdAt), sql`${subscribers.id} > ${after.id}`),
        )!,
      );
    const rows = await db
      .select(listColumns)
      .from(subscribers)
      .leftJoin(customers, customerJoin)
      .where(and(...where))
      .orderBy(asc(subscribers.createdAt), asc(subscribers.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map(toItem);
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
    if (rows.length < pageSize) return;
  }
}
