// Read side of one subscriber: the detail with its consent history, first messages and attributed orders,
// the rest of its messages by pages, and the consent proof.
import { and, asc, desc, eq, or, type SQL } from 'drizzle-orm';
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
  SubscriberDetail,
  SubscriberMessagePage,
  SubscriberMessagesQuery,
  SubscriberMessageView,
} from '../contracts/subscribers.js';
import { AppError } from '../errors.js';
import { afterCursor, pageOf, UUID } from './subscriber-cursor.js';
import { customerJoin, iso, listColumns, toItem } from './subscriber-list-row.js';

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
  if (page.cursor) where.push(afterCursor(page.cursor, messages.createdAt, messages.id));
  const rows = await db
    .select()
    .from(messages)
    .where(and(...where))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, toMessageView);
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
