// The shop's own test number (GET/PUT /api/messages/test-phone, POST .../code and .../verify): a number becomes
// the test number only once the code texted to it is entered; tests sent to it then skip the consent checks.
import { z } from 'zod';
import type { PendingTestPhone, TestPhoneState } from '../../../server/contracts/index.js';
import { apiGet, apiPut, apiRequest } from '../api/client.js';

const pendingSchema: z.ZodType<PendingTestPhone> = z.object({ phone: z.string(), expiresAt: z.string() });
const testPhoneStateSchema: z.ZodType<TestPhoneState> = z.object({
  phone: z.string().nullable(),
  pending: pendingSchema.nullable().default(null),
});
const phoneSchema: z.ZodType<{ phone: string | null }> = z.object({ phone: z.string().nullable() });

export const fetchTestPhoneState = (signal?: AbortSignal): Promise<TestPhoneState> =>
  apiGet('/api/messages/test-phone', testPhoneStateSchema, signal);

/** The verified test number, or null. */
export const fetchTestPhone = (signal?: AbortSignal): Promise<string | null> =>
  fetchTestPhoneState(signal).then((r) => r.phone);

/** Texts a one-time code to `phone` (valid 10 minutes, 5 tries). */
export const sendTestPhoneCode = (phone: string): Promise<PendingTestPhone> =>
  apiRequest('/api/messages/test-phone/code', { method: 'POST', body: { phone }, schema: pendingSchema });

/** Enters the code: on success `phone` is the shop's test number. */
export const verifyTestPhoneCode = (phone: string, code: string): Promise<string | null> =>
  apiRequest('/api/messages/test-phone/verify', {
    method: 'POST',
    body: { phone, code },
    schema: phoneSchema,
  }).then((r) => r.phone);

export const removeTestPhone = (): Promise<string | null> =>
  apiPut('/api/messages/test-phone', { phone: null }, phoneSchema).then((r) => r.phone);
