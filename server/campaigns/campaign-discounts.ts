// A campaign's discount: the merchant's own code shared by every message, or one code per recipient. Unique
// codes belong to one discount created in the store when the send starts (Admin GraphQL
// discountCodeBasicCreate: percentage off the whole order, once per customer, valid `validDays`) and are
// added to it in batches of at most 100 (discountRedeemCodeBulkAdd, asynchronous on Shopify's side) as the
// fan-out reaches each page of recipients. Local mode has no store: the codes are generated and only shown.
import { randomInt } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import type { CampaignDiscount } from '../contracts/campaigns.js';
import { AppError } from '../errors.js';

// No 0/O, 1/I: read aloud and typed from a text message.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** discountRedeemCodeBulkAdd accepts at most 100 codes per call in older API versions (250 in newer). */
export const REDEEM_CODES_PER_CALL = 100;

export function generateCampaignCode(): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `SMS-${suffix}`;
}

/** The merge values of a discount: `{ code, value }`. */
export function discountValue(discount: CampaignDiscount): string | null {
  return discount.mode === 'unique' ? `${discount.percentage}%` : null;
}

const CREATE = `mutation CampaignDiscount($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field message code }
  }
}`;

const BULK_ADD = `mutation CampaignDiscountCodes($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) {
  discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) {
    bulkCreation { id }
    userErrors { field message code }
  }
}`;

interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}
interface CreateData {
  discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } | null;
}
interface BulkAddData {
  discountRedeemCodeBulkAdd: { bulkCreation: { id: string } | null; userErrors: UserError[] } | null;
}

const refused = (what: string, errors: UserError[]) =>
  new AppError({
    code: 'discount_create_failed',
    status: 502,
    retryable: true,
    message: `Shopify refused the ${what}: ${errors.map((e) => e.message).join('; ') || 'nothing returned'}`,
  });

function graphql(app: AppContext) {
  return app.shopifyAdmin.graphql;
}

/** Creates the discount the unique codes belong to; returns its gid (null in local mode). */
export async function createCampaignDiscount(
  app: AppContext,
  shopId: string,
  campaign: { slug: string; name: string },
  discount: Extract<CampaignDiscount, { mode: 'unique' }>,
): Promise<string | null> {
  if (app.config.mode === 'local') return null;
  const now = app.clock.now();
  const data = await graphql(app).query<CreateData, Record<string, unknown>>(shopId, CREATE, {
    basicCodeDiscount: {
      title: `SMS campaign ${campaign.name}`.slice(0, 255),
      code: generateCampaignCode(),
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + discount.validDays * 86_400_000).toISOString(),
      appliesOncePerCustomer: true,
      context: { all: 'ALL' },
      customerGets: { value: { percentage: discount.percentage / 100 }, items: { all: true } },
    },
  });
  const node = data.discountCodeBasicCreate?.codeDiscountNode;
  const errors = data.discountCodeBasicCreate?.userErrors ?? [];
  if (!node || errors.length > 0) throw refused('campaign discount', errors);
  return node.id;
}

/** Adds the codes to the discount in batches of REDEEM_CODES_PER_CALL (no call in local mode). */
export async function addCampaignCodes(
  app: AppContext,
  shopId: string,
  discountId: string | null,
  codes: readonly string[],
): Promise<void> {
  if (discountId === null || codes.length === 0) return;
  for (let i = 0; i < codes.length; i += REDEEM_CODES_PER_CALL) {
    const batch = codes.slice(i, i + REDEEM_CODES_PER_CALL).map((code) => ({ code }));
    const data = await graphql(app).query<BulkAddData, Record<string, unknown>>(shopId, BULK_ADD, {
      discountId,
      codes: batch,
    });
    const errors = data.discountRedeemCodeBulkAdd?.userErrors ?? [];
    if (!data.discountRedeemCodeBulkAdd?.bulkCreation || errors.length > 0)
      throw refused('discount codes', errors);
  }
}
