// What every test send (POST /api/messages/test, flow tests, the test-number code) must pass before it is
// created: a number that can receive texts, and the shop's hourly allowance (TEST_SEND_RATE_PER_HOUR),
// counted from the shop's test messages of the last rolling hour. Over it: 429 with Retry-After.
import type { Response } from 'express';
import { AppError } from '../../errors.js';
import { normalizePhone } from '../../subscribers/phone.js';
import type { Queryable } from '../outbox/queryable.js';

const HOUR_MS = 3_600_000;

export type TestSendSlot = { ok: true } | { ok: false; retryAfterSeconds: number; limit: number };

/**
 * Whether the shop may make one more test send at `now`. Run it in the transaction that creates the test
 * message: it holds a per-shop lock until that transaction ends, so concurrent test sends count one another.
 */
export async function reserveTestSend(
  tx: Queryable,
  shopId: string,
  now: Date,
  perHour: number,
): Promise<TestSendSlot> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('test-send:' || $1::text, 0))`, [shopId]);
  const { rows } = await tx.query<{ created_at: Date }>(
    `SELECT created_at FROM messages
      WHERE shop_id = $1 AND is_test AND direction = 'outbound' AND created_at > $2
      ORDER BY created_at DESC LIMIT $3`,
    [shopId, new Date(now.getTime() - HOUR_MS), perHour],
  );
  const oldest = rows[perHour - 1];
  if (!oldest) return { ok: true };
  // A slot frees when the perHour-th most recent test leaves the window.
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldest.created_at.getTime() + HOUR_MS - now.getTime()) / 1000),
  );
  return { ok: false, retryAfterSeconds, limit: perHour };
}

/** The 429 for a spent allowance; sets Retry-After on the response it will be sent with. */
export function testSendRateLimited(
  res: Response,
  slot: { retryAfterSeconds: number; limit: number },
): AppError {
  res.set('Retry-After', String(slot.retryAfterSeconds));
  return new AppError({
    code: 'test_send_rate_limited',
    status: 429,
    retryable: true,
    message: `Too many test sends: this shop may send ${slot.limit} per hour. Try again in ${slot.retryAfterSeconds} seconds.`,
  });
}

/** 400 unless the number can receive texts (a valid mobile-capable number: not premium-rate, toll-free, a landline...). */
export function assertTextablePhone(phone: string): void {
  const parsed = normalizePhone(phone);
  if (parsed.ok) return;
  throw new AppError({
    code: 'validation_failed',
    status: 400,
    message: `Invalid test send: phone: ${parsed.message}`,
    fields: { phone: parsed.message },
  });
}
