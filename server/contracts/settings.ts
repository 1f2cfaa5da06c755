// Shared between the server and the admin UI: zod schemas and types only, no server runtime code.
import { z } from 'zod';

/**
 * An SMS sender ID: alphanumeric up to 11 characters (at least one letter; display only, replies cannot reach
 * it), or an E.164 number, which the server accepts only when it is the number the operator assigned to the shop.
 */
export const senderIdSchema = z
  .string()
  .trim()
  .refine((v) => /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(v) || /^\+[1-9]\d{6,14}$/.test(v), {
    message:
      'Sender ID must be 1–11 letters, digits or spaces (with at least one letter), or a phone number in E.164 format such as +14155550123',
  });

export const timezoneSchema = z
  .string()
  .trim()
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return tz.length > 0;
      } catch {
        return false;
      }
    },
    { message: 'Timezone must be an IANA time zone name such as America/New_York' },
  );

export const shopSettingsSchema = z.object({
  shopDomain: z.string(),
  shopName: z.string(),
  senderId: z.string(),
  /** The number that receives the shop's replies (STOP, HELP...), assigned by the operator; read-only here. */
  smsNumber: z.string().nullable(),
  timezone: z.string(),
  currency: z.string(),
  countryCode: z.string(),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

export const updateShopSettingsSchema = z
  .object({
    shopName: z
      .string()
      .trim()
      .min(1, 'Shop name is required')
      .max(100, 'Shop name must be at most 100 characters'),
    senderId: senderIdSchema,
    timezone: timezoneSchema,
  })
  .partial()
  .strict();
export type UpdateShopSettings = z.infer<typeof updateShopSettingsSchema>;
