// The shop's own test number (GET/PUT /api/messages/test-phone): tests sent to it skip the consent checks.
import { z } from 'zod';
import type { TestPhoneSetting } from '../../../server/contracts/index.js';
import { apiGet, apiPut } from '../api/client.js';

const testPhoneResponseSchema: z.ZodType<{ phone: string | null }> = z.object({
  phone: z.string().nullable(),
});

export const fetchTestPhone = (signal?: AbortSignal): Promise<string | null> =>
  apiGet('/api/messages/test-phone', testPhoneResponseSchema, signal).then((r) => r.phone);

export const saveTestPhone = (phone: TestPhoneSetting['phone']): Promise<string | null> =>
  apiPut('/api/messages/test-phone', { phone }, testPhoneResponseSchema).then((r) => r.phone);
