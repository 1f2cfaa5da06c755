// Unique single-use discount codes for marketing flows. Production: created in the store with the Admin
// GraphQL discountCodeBasicCreate mutation (percentage off the whole order, one use, valid 30 days).
// Local mode has no store to create them in: the code is generated locally and only shown in the message
// (it would not work at a real checkout); the message says what it would say in production.
import { randomInt } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import type { AutomationFlowKey } from '../contracts/automations.js';
import { AppError } from '../errors.js';

export interface DiscountCode {
  code: string;
  /** "10%" */
  value: string;
}

const PREFIX: Partial<Record<AutomationFlowKey, string>> = {
  abandoned_checkout: 'BACK',
  welcome: 'WELCOME',
  thank_you: 'THANKS',
  win_back: 'MISSYOU',
};
// No 0/O, 1/I: read aloud and typed from a text message.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const DISCOUNT_VALID_DAYS = 30;

export function generateDiscountCode(flow: AutomationFlowKey): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${PREFIX[flow] ?? 'SMS'}-${suffix}`;
}

const CREATE_DISCOUNT = `mutation AutomationDiscount($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field message code }
  }
}`;

interface CreateDiscountData {
  discountCodeBasicCreate: {
    codeDiscountNode: { id: string } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  } | null;
}

export async function createDiscountCode(
  app: AppContext,
  shopId: string,
  flow: AutomationFlowKey,
  percentage: number,
): Promise<DiscountCode> {
  const code = generateDiscountCode(flow);
  const value = `${percentage}%`;
  if (app.config.mode === 'local') return { code, value };
  const now = app.clock.now();
  const data = await app.shopifyAdmin.graphql.query<CreateDiscountData, Record<string, unknown>>(
    shopId,
    CREATE_DISCOUNT,
    {
      basicCodeDiscount: {
        title: `SMS ${flow.replace(/_/g, ' ')} ${code}`,
        code,
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + DISCOUNT_VALID_DAYS * 86_400_000).toISOString(),
        usageLimit: 1,
        appliesOncePerCustomer: true,
        context: { all: 'ALL' },
        customerGets: { value: { percentage: percentage / 100 }, items: { all: true } },
      },
    },
  );
  const errors = data.discountCodeBasicCreate?.userErrors ?? [];
  if (!data.discountCodeBasicCreate?.codeDiscountNode || errors.length > 0) {
    throw new AppError({
      code: 'discount_create_failed',
      status: 502,
      retryable: true,
      message: `Shopify refused the discount code: ${errors.map((e) => e.message).join('; ') || 'no discount returned'}`,
    });
  }
  return { code, value };
}
