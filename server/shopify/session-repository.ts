// Shopify sessions in the `sessions` table, tokens AES-256-GCM encrypted (token-crypto.ts). Every
// function takes the shop's id first and scopes its query by it.
import { Session } from '@shopify/shopify-api';
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/transaction.js';
import { sessions } from '../db/schema/index.js';
import { decryptToken, encryptToken } from './token-crypto.js';

type SessionRow = typeof sessions.$inferSelect;

function toSession(row: SessionRow, key: Buffer): Session {
  const session = new Session({ id: row.id, shop: row.shopDomain, state: row.state, isOnline: row.isOnline });
  if (row.scope !== null) session.scope = row.scope;
  if (row.expiresAt) session.expires = row.expiresAt;
  if (row.accessTokenEnc) session.accessToken = decryptToken(row.accessTokenEnc, key);
  if (row.refreshTokenEnc) session.refreshToken = decryptToken(row.refreshTokenEnc, key);
  if (row.refreshTokenExpiresAt) session.refreshTokenExpires = row.refreshTokenExpiresAt;
  if (row.onlineAccessInfo) session.onlineAccessInfo = row.onlineAccessInfo as Session['onlineAccessInfo'];
  return session;
}

/** Inserts or replaces the session (by its id) for the shop. */
export async function storeSession(db: DbOrTx, shopId: string, session: Session, key: Buffer): Promise<void> {
  const values = {
    id: session.id,
    shopId,
    shopDomain: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expiresAt: session.expires ?? null,
    accessTokenEnc: session.accessToken ? encryptToken(session.accessToken, key) : null,
    refreshTokenEnc: session.refreshToken ? encryptToken(session.refreshToken, key) : null,
    refreshTokenExpiresAt: session.refreshTokenExpires ?? null,
    onlineAccessInfo: session.onlineAccessInfo ?? null,
    updatedAt: new Date(),
  };
  const { id: _id, ...update } = values;
  await db.insert(sessions).values(values).onConflictDoUpdate({ target: sessions.id, set: update });
}

/** The shop's offline (app-level) session, the one background work uses. */
export async function loadOfflineSession(db: DbOrTx, shopId: string, key: Buffer): Promise<Session | null> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.shopId, shopId), eq(sessions.isOnline, false)))
    .orderBy(desc(sessions.updatedAt))
    .limit(1);
  return rows[0] ? toSession(rows[0], key) : null;
}
