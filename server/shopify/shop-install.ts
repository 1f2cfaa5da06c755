// Installing a shop: read its name, currency, country and time zone from the Admin API, upsert the shops
// row (clearing uninstalled_at), and store the offline session, all keyed by the shop's id.
import type { Session } from '@shopify/shopify-api';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { shops } from '../db/schema/index.js';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import type { AdminGraphql } from './admin-graphql.js';
import type { ShopifyDeps } from './offline-token.js';
import { storeSession } from './session-repository.js';

export const SHOP_INFO_QUERY = /* GraphQL */ `
  query ShopInfo {
    shop {
      name
      currencyCode
      ianaTimezone
      billingAddress {
        countryCodeV2
      }
    }
  }
`;

interface ShopInfoData {
  shop: {
    name: string;
    currencyCode: string;
    ianaTimezone: string | null;
    billingAddress: { countryCodeV2: string | null } | null;
  };
}

export interface ShopInfo {
  name: string;
  currency: string;
  countryCode: string | null;
  timezone: string | null;
}

export async function fetchShopInfo(
  graphql: AdminGraphql,
  domain: string,
  accessToken: string,
): Promise<ShopInfo> {
  const data = await graphql.queryWithCredentials<ShopInfoData>({ domain, accessToken }, SHOP_INFO_QUERY);
  return {
    name: data.shop.name,
    currency: data.shop.currencyCode,
    countryCode: data.shop.billingAddress?.countryCodeV2 ?? null,
    timezone: data.shop.ianaTimezone,
  };
}

/** A default SMS sender ID from the shop name: up to 11 letters/digits/spaces with at least one letter. */
export function defaultSenderId(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 11)
    .trim();
  return /[A-Za-z]/.test(cleaned) ? cleaned : 'Shop';
}

export interface UpsertedShop {
  shopId: string;
  /** True for a first install or a reinstall after app/uninstalled: time for a backfill. */
  freshInstall: boolean;
}

export async function upsertInstalledShop(
  db: Db,
  domain: string,
  info: ShopInfo,
  now: Date = new Date(),
): Promise<UpsertedShop> {
  const existing = await db
    .select({ id: shops.id, uninstalledAt: shops.uninstalledAt })
    .from(shops)
    .where(eq(shops.domain, domain))
    .limit(1);
  const wasUninstalled = existing[0]?.uninstalledAt != null;
  const values = {
    domain,
    name: info.name,
    senderId: defaultSenderId(info.name),
    currency: info.currency,
    ...(info.countryCode ? { countryCode: info.countryCode } : {}),
    ...(info.timezone ? { timezone: info.timezone } : {}),
    installedAt: now,
    lastInstallAt: now,
    uninstalledAt: null,
    updatedAt: now,
  };
  const rows = await db
    .insert(shops)
    .values(values)
    .onConflictDoUpdate({
      target: shops.domain,
      set: {
        name: values.name,
        currency: values.currency,
        ...(info.countryCode ? { countryCode: info.countryCode } : {}),
        ...(info.timezone ? { timezone: info.timezone } : {}),
        // Keep the original install date unless this is a reinstall.
        installedAt: sql`CASE WHEN ${shops.uninstalledAt} IS NULL THEN ${shops.installedAt} ELSE ${now} END`,
        // A token exchange or OAuth grant proves the app is installed now, even when an app/uninstalled
        // triggered earlier is still waiting in the inbox (it is then ignored: lifecycle.ts).
        lastInstallAt: now,
        uninstalledAt: null,
        updatedAt: now,
      },
    })
    .returning({ id: shops.id });
  const shopId = rows[0]?.id;
  if (!shopId)
    throw new AppError({ code: 'shop_install_failed', message: `Could not upsert shop ${domain}` });
  return { shopId, freshInstall: !existing[0] || wasUninstalled };
}

/** Full install from a fresh offline session: shop info, shop row, encrypted session. */
export async function installShop(
  deps: Pick<ShopifyDeps, 'config' | 'db'> & { graphql: AdminGraphql },
  session: Session,
): Promise<UpsertedShop> {
  if (!session.accessToken)
    throw new AppError({ code: 'shop_install_failed', message: 'The offline session has no access token' });
  const info = await fetchShopInfo(deps.graphql, session.shop, session.accessToken);
  const result = await upsertInstalledShop(deps.db, session.shop, info);
  await storeSession(deps.db, result.shopId, session, deps.config.tokenEncryptionKey);
  logger.info(
    { shopId: result.shopId, shop: session.shop, freshInstall: result.freshInstall },
    'shop installed',
  );
  return result;
}
