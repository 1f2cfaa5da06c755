// Hands the merchant's checkout disclosure (Settings › Compliance) to the checkout UI extension the Shopify
// way: an app-owned shop metafield, written with the Admin API's metafieldsSet (deleted with metafieldsDelete
// when the text is cleared) and read by the extension through shopify.appMetafields, which asks for it under
// `[[extensions.metafields]]` in extensions/sms-consent/shopify.extension.toml. A save queues an agenda job
// that pushes the text saved *at the time the job runs*, so the latest save wins whatever order jobs run in,
// and Shopify being down delays the push (retried with backoff) but never fails or undoes the save.
import type { AppContext } from '../app-context.js';
import type { DbOrTx } from '../db/transaction.js';
import { AppError, isAppError } from '../errors.js';
import { retryDelayMs, type BackoffPolicy } from '../jobs/backoff.js';
import { logger } from '../logger.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';
import { subscriberSettingsOf } from '../subscribers/subscriber-settings.js';
import { findShopById } from '../subscribers/subscriber-repository.js';

/** The extension reads the same namespace and key (DISCLOSURE_METAFIELD in its src/settings.ts). */
export const CHECKOUT_DISCLOSURE_METAFIELD = {
  namespace: '$app:sms_consent',
  key: 'checkout_disclosure',
  type: 'multi_line_text_field',
} as const;

export const CHECKOUT_DISCLOSURE_JOB = 'shops.checkout-disclosure-metafield';
export interface CheckoutDisclosureJobData {
  shopId: string;
}

export const SHOP_ID_QUERY = `query CheckoutDisclosureShop {
  shop { id }
}`;

export const METAFIELDS_SET_MUTATION = `mutation SetCheckoutDisclosure($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key }
    userErrors { field message code }
  }
}`;

export const METAFIELDS_DELETE_MUTATION = `mutation DeleteCheckoutDisclosure($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) {
    deletedMetafields { ownerId namespace key }
    userErrors { field message }
  }
}`;

interface ShopIdData {
  shop: { id: string } | null;
}
interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}
interface SetData {
  metafieldsSet: { metafields: Array<{ id: string }> | null; userErrors: UserError[] } | null;
}
interface DeleteData {
  metafieldsDelete: { userErrors: UserError[] } | null;
}

export type DisclosurePush = 'set' | 'deleted' | 'shop_not_found';

const refused = (what: string, errors: UserError[]) =>
  new AppError({
    code: 'shopify_user_error',
    status: 502,
    retryable: false,
    message: `Shopify refused to ${what} the checkout disclosure metafield: ${errors
      .map((e) => `${e.field?.join('.') ?? 'input'}: ${e.message}`)
      .join('; ')}`,
  });

/** Writes the shop's saved disclosure to the metafield, or deletes the metafield when none is saved. */
export async function pushCheckoutDisclosure(
  db: DbOrTx,
  graphql: Pick<AdminGraphql, 'query'>,
  shopId: string,
): Promise<DisclosurePush> {
  const shop = await findShopById(db, shopId);
  if (!shop) return 'shop_not_found';
  const text = subscriberSettingsOf(shop).consentDisclosure;
  const { shop: owner } = await graphql.query<ShopIdData>(shopId, SHOP_ID_QUERY);
  if (!owner)
    throw new AppError({
      code: 'shopify_bad_response',
      status: 502,
      retryable: true,
      message: 'Shopify answered the shop query without the shop',
    });
  const { namespace, key, type } = CHECKOUT_DISCLOSURE_METAFIELD;
  if (text !== null) {
    const data = await graphql.query<SetData, { metafields: unknown[] }>(shopId, METAFIELDS_SET_MUTATION, {
      metafields: [{ ownerId: owner.id, namespace, key, type, value: text }],
    });
    const errors = data.metafieldsSet?.userErrors ?? [];
    if (errors.length > 0) throw refused('set', errors);
    return 'set';
  }
  const data = await graphql.query<DeleteData, { metafields: unknown[] }>(
    shopId,
    METAFIELDS_DELETE_MUTATION,
    {
      metafields: [{ ownerId: owner.id, namespace, key }],
    },
  );
  const errors = data.metafieldsDelete?.userErrors ?? [];
  if (errors.length > 0) throw refused('delete', errors);
  return 'deleted';
}

/** 30 s, 1 min, 2 min … up to an hour, 10 retries; a refusal (not retryable) is not retried. */
const RETRY: BackoffPolicy = { baseMs: 30_000, maxMs: 3600_000 };
const MAX_RETRIES = 10;

/** Queues the push after a saved change of the disclosure. Local mode has no store to write to. */
export async function queueCheckoutDisclosurePush(ctx: AppContext, shopId: string): Promise<void> {
  if (ctx.config.mode !== 'production') return;
  await ctx.agenda.now<CheckoutDisclosureJobData>(CHECKOUT_DISCLOSURE_JOB, { shopId });
}

export function defineCheckoutDisclosureJobs(ctx: AppContext): void {
  ctx.agenda.define<CheckoutDisclosureJobData>(
    CHECKOUT_DISCLOSURE_JOB,
    async (job) => {
      const { shopId } = job.attrs.data;
      try {
        const outcome = await pushCheckoutDisclosure(ctx.database.db, ctx.shopifyAdmin.graphql, shopId);
        logger.info({ shopId, outcome }, 'checkout disclosure metafield updated');
      } catch (err) {
        logger.warn({ err, shopId }, 'checkout disclosure metafield not updated');
        throw err;
      }
    },
    {
      removeOnComplete: true,
      backoff: ({ attempt, error }) =>
        (isAppError(error) && !error.retryable) || attempt > MAX_RETRIES
          ? null
          : retryDelayMs(attempt, RETRY),
    },
  );
}
