// Scalar building blocks shared by the Shopify webhook payload schemas: ids, GraphQL gids, money
// strings, timestamps, currency codes and phone numbers, each with an error message that names
// what was expected (the field path is added by the caller).
import { z } from 'zod';

const requiredOr =
  (message: string) =>
  (issue: { input: unknown }): string =>
    issue.input === undefined ? 'is required' : message;

const ID_MESSAGE = 'must be a Shopify numeric id: a non-negative integer or a string of digits';

/**
 * A Shopify REST numeric id. Shopify sends ids as JSON numbers; a digit string is accepted too.
 * Output is always a decimal string. Ids are 64-bit: Shopify's own sample payloads (sent by
 * "shopify app webhook trigger") use 18-digit ids above 2^53 - 1. Plain JSON.parse rounds those,
 * so decode webhook bodies with decodeWebhookJson (lossless-json.ts), which turns such literals
 * into strings; an unsafe JSON number that still reaches this schema is accepted and written out
 * in full (no exponent notation), but its low digits are whatever JSON.parse left.
 */
export const shopifyIdSchema = z
  .union([z.number(), z.string()], { error: requiredOr(ID_MESSAGE) })
  .transform((value, ctx) => {
    if (typeof value === 'string') {
      if (/^\d+$/.test(value)) return value;
      ctx.issues.push({ code: 'custom', input: value, message: ID_MESSAGE });
      return z.NEVER;
    }
    if (!Number.isInteger(value) || value < 0) {
      ctx.issues.push({ code: 'custom', input: value, message: ID_MESSAGE });
      return z.NEVER;
    }
    if (!Number.isSafeInteger(value)) return BigInt(value).toString();
    return String(value);
  });

const GID_MESSAGE = 'must be a Shopify GraphQL id such as "gid://shopify/Order/123"';
/** A GraphQL Admin API global id, e.g. gid://shopify/Order/820982911946154508. */
export const gidSchema = z
  .string({ error: requiredOr(GID_MESSAGE) })
  .regex(/^gid:\/\/shopify\/[A-Za-z]+\/[^\s]+$/, { error: GID_MESSAGE });

const MONEY_MESSAGE = 'must be a decimal string such as "19.99"';
/** Shopify money amounts are decimal strings ("414.95"), never floats. */
export const moneySchema = z
  .string({ error: requiredOr(MONEY_MESSAGE) })
  .regex(/^-?\d+(\.\d+)?$/, { error: MONEY_MESSAGE });

const TIMESTAMP_MESSAGE = 'must be an ISO 8601 timestamp with offset such as "2025-11-10T10:04:37-08:00"';
/** ISO 8601 with a UTC offset or Z, as Shopify serialises every *_at field. */
export const timestampSchema = z.iso.datetime({ offset: true, error: requiredOr(TIMESTAMP_MESSAGE) });

const CURRENCY_MESSAGE = 'must be a three-letter ISO 4217 currency code such as "USD"';
export const currencyCodeSchema = z
  .string({ error: requiredOr(CURRENCY_MESSAGE) })
  .regex(/^[A-Z]{3}$/, { error: CURRENCY_MESSAGE });

const COUNTRY_MESSAGE = 'must be a two-letter ISO 3166-1 country code such as "US"';
export const countryCodeSchema = z
  .string({ error: requiredOr(COUNTRY_MESSAGE) })
  .regex(/^[A-Z]{2}$/, { error: COUNTRY_MESSAGE });

const E164_MESSAGE = 'must be a phone number in E.164 format such as "+14155550142"';
/**
 * Phone fields Shopify documents as E.164 (customer.phone, the SMS consent webhook's phone).
 * Address and checkout phones are free text typed by the buyer ("555-555-SHIP" appears in
 * Shopify's own samples) and use {@link freeTextPhoneSchema} instead.
 */
export const e164PhoneSchema = z
  .string({ error: requiredOr(E164_MESSAGE) })
  .regex(/^\+[1-9]\d{6,14}$/, { error: E164_MESSAGE });

export const freeTextPhoneSchema = z.string({ error: requiredOr('must be a string') });

/** Shopify's shop_money / presentment_money pair used by every *_set field. */
export const moneyBagSchema = z.looseObject({
  shop_money: z.looseObject({ amount: moneySchema, currency_code: currencyCodeSchema }),
  presentment_money: z.looseObject({ amount: moneySchema, currency_code: currencyCodeSchema }),
});

/**
 * A loose (pass-through) payload object with defaults filled in, typed as both: a spread alone would
 * drop the object's index signature, and with it the unknown fields the schemas pass through.
 */
export const withDefaults = <T extends object, D extends object>(value: T, defaults: D): T & D =>
  ({ ...value, ...defaults }) as T & D;
