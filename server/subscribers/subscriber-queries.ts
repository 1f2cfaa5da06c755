// Read side of the subscribers API: filtered, cursor-paginated lists, detail with history, consent proof.
import { and, asc, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  consentEvents,
  customers,
  messages,
  orderAttributions,
  orders,
  subscribers,
} from '../db/schema/index.js';
import type {
  AttributedOrderView,
  ConsentEventView,
  ConsentProof,
  ListSubscribersQuery,
  SubscriberDetail,
  SubscriberListItem,
  SubscriberListResponse,
  SubscriberMessagePage,
  SubscriberMessagesQuery,
  SubscriberMessageView,
  SubscriberCounts,
  SubscriberState,
} from '../contracts/subscribers.js';
import { AppError } from '../errors.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a cursor made by encodeCursor; anything else (including one PostgreSQL could not take) is a 400. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  const year = createdAt.getUTCFullYear();
  if (rest.length > 0 || !id || !UUID.test(id) || Number.isNaN(year) || year < 1970 || year > 9999) {
    throw new AppError({
      code: 'validation_failed',
      status: 400,
      message: 'Invalid request: cursor: not a cursor returned by this API',
      fields: { cursor: 'not a cursor returned by this API' },
    });
  }
  return { createdAt, id };
}

const listColumns = {
  id: subscribers.id,
  phone: subscribers.phone,
  marketingState: subscribers.marketingState,
  source: subscribers.source,
  countryCode: subscribers.countryCode,
  subscribedAt: subscribers.subscribedAt,
  createdAt: subscribers.createdAt,
  firstName: customers.firstName,
  lastName: customers.lastName,
};

type ListRow = { [K in keyof typeof listColumns]: (typeof listColumns)[K]['_']['data'] | null };

function toItem(r: ListRow): SubscriberListItem {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  return {
    id: r.id!,
    phone: r.phone!,
    state: r.marketingState as SubscriberState,
    source: r.source!,
    country: r.countryCode,
    name: name || null,
    subscribedAt: iso(r.subscribedAt),
    createdAt: r.createdAt!.toISOString(),
  };
}

const customerJoin = and(eq(customers.shopId, subscribers.shopId), eq(customers.id, subscribers.customerId));

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
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(
      or(
        lt(subscribers.createdAt, c.createdAt),
        and(eq(subscribers.createdAt, c.createdAt), lt(subscribers.id, c.id)),
      )!,
    );
  }
  const rows = await db
    .select(listColumns)
    .from(subscribers)
    .leftJoin(customers, customerJoin)
    .where(and(...where))
    .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
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

export function toConsentEventView(e: typeof consentEvents.$inferSelect): ConsentEventView {
  return {
    id: String(e.id),
    channel: e.channel === 'transactional' ? 'transactional' : 'marketing',
    action: e.action,
    source: e.source,
    disclosureText: e.disclosureText,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    orderId: e.orderId === null ? null : String(e.orderId),
    checkoutToken: e.checkoutToken,
    ipAddress: e.ipAddress,
    userAgent: e.userAgent,
    evidence: (e.evidence ?? {}) as Record<string, unknown>,
  };
}

function notFound(id: string): AppError {
  return new AppError({ code: 'subscriber_not_found', status: 404, message: `Subscriber ${id} not found` });
}

export async function getSubscriberDetail(db: Db, shopId: string, id: string): Promise<SubscriberDetail> {
  if (!UUID.test(id)) throw notFound(id);
  const [row] = await db
    .select({
      ...listColumns,
      customerId: subscribers.customerId,
      transactionalState: subscribers.transactionalState,
      locale: subscribers.locale,
      unsubscribedAt: subscribers.unsubscribedAt,
    })
    .from(subscribers)
    .leftJoin(customers, customerJoin)
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, id)));
  if (!row) throw notFound(id);
  const [events, firstPage, attributedOrders] = await Promise.all([
    db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.shopId, shopId), eq(consentEvents.subscriberId, id)))
      .orderBy(desc(consentEvents.occurredAt), desc(consentEvents.id)),
    subscriberMessagesPage(db, shopId, { id, phone: row.phone! }, { limit: SUBSCRIBER_MESSAGES_PAGE }),
    attributedOrdersOf(db, shopId, { id, phone: row.phone! }),
  ]);
  return {
    ...toItem(row),
    customerId: row.customerId === null ? null : String(row.customerId),
    transactionalState: row.transactionalState,
    locale: row.locale,
    unsubscribedAt: iso(row.unsubscribedAt),
    consentHistory: events.map(toConsentEventView),
    messages: firstPage.items,
    messagesNextCursor: firstPage.nextCursor,
    attributedOrders,
  };
}

/** Orders attributed (by the reports' last-touch attribution) to messages sent to this subscriber, newest first. */
async function attributedOrdersOf(
  db: Db,
  shopId: string,
  subscriber: { id: string; phone: string },
): Promise<AttributedOrderView[]> {
  const rows = await db
    .select({
      orderId: orderAttributions.orderId,
      name: orders.name,
      orderedAt: orderAttributions.orderedAt,
      total: orderAttributions.total,
      refunded: orderAttributions.refunded,
      currency: orderAttributions.currency,
      cancelled: orderAttributions.cancelled,
      channel: orderAttributions.channel,
      messageId: orderAttributions.messageId,
      messageBody: messages.body,
    })
    .from(orderAttributions)
    .innerJoin(
      messages,
      and(eq(messages.shopId, orderAttributions.shopId), eq(messages.id, orderAttributions.messageId)),
    )
    .leftJoin(
      orders,
      and(eq(orders.shopId, orderAttributions.shopId), eq(orders.id, orderAttributions.orderId)),
    )
    .where(
      and(
        eq(orderAttributions.shopId, shopId),
        or(eq(messages.subscriberId, subscriber.id), eq(messages.phone, subscriber.phone)),
      ),
    )
    .orderBy(desc(orderAttributions.orderedAt))
    .limit(50);
  return rows.map((r) => ({
    orderId: String(r.orderId),
    name: r.name,
    orderedAt: r.orderedAt.toISOString(),
    total: r.total,
    refunded: r.refunded,
    currency: r.currency,
    cancelled: r.cancelled,
    channel: r.channel,
    messageId: r.messageId,
    messageBody: r.messageBody,
  }));
}

/** Messages shown with a subscriber's detail; the rest are paged with GET /api/subscribers/:id/messages. */
export const SUBSCRIBER_MESSAGES_PAGE = 50;

const toMessageView = (m: typeof messages.$inferSelect): SubscriberMessageView => ({
  id: m.id,
  direction: m.direction === 'inbound' ? 'inbound' : 'outbound',
  kind: m.kind,
  sourceType: m.sourceType,
  body: m.body,
  status: m.status,
  suppressedReason: m.suppressedReason,
  createdAt: m.createdAt.toISOString(),
  sentAt: iso(m.sentAt),
  deliveredAt: iso(m.deliveredAt),
});

/** One page (newest first) of the messages sent to and received from a subscriber (by id or phone). */
async function subscriberMessagesPage(
  db: Db,
  shopId: string,
  subscriber: { id: string; phone: string },
  page: { cursor?: string; limit: number },
): Promise<SubscriberMessagePage> {
  const where: SQL[] = [
    eq(messages.shopId, shopId),
    or(eq(messages.subscriberId, subscriber.id), eq(messages.phone, subscriber.phone))!,
  ];
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    where.push(
      or(
        lt(messages.createdAt, c.createdAt),
        and(eq(messages.createdAt, c.createdAt), lt(messages.id, c.id)),
      )!,
    );
  }
  const rows = await db
    .select()
    .from(messages)
    .where(and(...where))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(toMessageView),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** GET /api/subscribers/:id/messages: 404 for an unknown subscriber, 400 for a cursor this API did not make. */
export async function listSubscriberMessages(
  db: Db,
  shopId: string,
  id: string,
  query: SubscriberMessagesQuery,
): Promise<SubscriberMessagePage> {
  if (!UUID.test(id)) throw notFound(id);
  const [sub] = await db
    .select({ id: subscribers.id, phone: subscribers.phone })
    .from(subscribers)
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, id)));
  if (!sub) throw notFound(id);
  return subscriberMessagesPage(db, shopId, sub, query);
}

export async function getConsentProof(db: Db, shopId: string, id: string, now: Date): Promise<ConsentProof> {
  if (!UUID.test(id)) throw notFound(id);
  const [sub] = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.shopId, shopId), eq(subscribers.id, id)));
  if (!sub) throw notFound(id);
  const events = await db
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.shopId, shopId), eq(consentEvents.subscriberId, id)))
    .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id));
  return {
    subscriber: {
      id: sub.id,
      phone: sub.phone,
      marketingState: sub.marketingState,
      transactionalState: sub.transactionalState,
      country: sub.countryCode,
      customerId: sub.customerId === null ? null : String(sub.customerId),
    },
    events: events.map(toConsentEventView),
    generatedAt: now.toISOString(),
  };
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
