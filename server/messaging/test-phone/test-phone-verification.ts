// Verifying the merchant's own test number: a one-time code is texted to it (as a test message, through the
// outbox: a STOP from that number or an invalid number stops it) and the number becomes the shop's test
// number (shops.settings.testPhone) only once that code is entered, within 10 minutes and 5 tries. Only the
// code's hash is stored; the API masks it in the message body. Outcomes are values; the routes map them.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../app-context.js';
import { queryableOf } from '../../automations/tx-queryable.js';
import type { PendingTestPhone } from '../../contracts/messages.js';
import { newShopCeilingOf } from '../outbox/daily-ceiling.js';
import { enqueueMessages } from '../outbox/enqueue.js';
import { TEST_PHONE_CODE_SOURCE } from '../outbox/gates.js';
import { setTestPhone } from '../outbox/message-queries.js';
import type { Queryable } from '../outbox/queryable.js';
import { loadSendingSettings } from '../outbox/shop-sending-settings.js';
import type { SuppressReason } from '../outbox/types.js';
import { reserveTestSend } from './test-send-guards.js';

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;

export type CodeRequestOutcome =
  | { status: 'sent'; pending: PendingTestPhone; messageId: string }
  | { status: 'rate_limited'; retryAfterSeconds: number; limit: number }
  | { status: 'not_sent'; reason: SuppressReason | 'not_created'; messageId: string | null };

export type CodeCheckOutcome =
  | { status: 'verified'; phone: string }
  | { status: 'no_code' }
  | { status: 'expired' }
  | { status: 'incorrect'; attemptsLeft: number }
  | { status: 'too_many_attempts' };

const hashCode = (shopId: string, phone: string, code: string): Buffer =>
  createHash('sha256').update(`${shopId}\n${phone}\n${code}`).digest();

/** The body of the code message (the API shows it with the code masked). */
export const codeMessageBody = (shopName: string, code: string): string =>
  `${code} is your code to use this phone as ${shopName}'s Textlane test number. It expires in 10 minutes.`;

/** The pending code of the shop, if any and not expired. */
export async function pendingTestPhone(
  db: Queryable,
  shopId: string,
  now: Date,
): Promise<PendingTestPhone | null> {
  const { rows } = await db.query<{ phone: string; expires_at: Date }>(
    'SELECT phone, expires_at FROM test_phone_verifications WHERE shop_id = $1 AND expires_at > $2',
    [shopId, now],
  );
  const r = rows[0];
  return r ? { phone: r.phone, expiresAt: r.expires_at.toISOString() } : null;
}

/** Texts a new code to `phone` (replacing any pending one) unless the test allowance is spent or the outbox refuses it. */
export async function requestTestPhoneCode(
  ctx: AppContext,
  shopId: string,
  phone: string,
): Promise<CodeRequestOutcome> {
  const now = ctx.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return ctx.database.db.transaction(async (tx): Promise<CodeRequestOutcome> => {
    const q = queryableOf(tx);
    const slot = await reserveTestSend(q, shopId, now, ctx.config.sendLimits.testSendsPerHour);
    if (!slot.ok)
      return { status: 'rate_limited', retryAfterSeconds: slot.retryAfterSeconds, limit: slot.limit };
    const shop = (await loadSendingSettings(q, [shopId])).get(shopId);
    const result = await enqueueMessages(
      q,
      shopId,
      [
        {
          phone,
          kind: 'transactional',
          sourceType: TEST_PHONE_CODE_SOURCE,
          body: codeMessageBody(shop?.name ?? 'your shop', code),
          idempotencyKey: `test-phone-code:${randomUUID()}`,
          isTest: true,
        },
      ],
      { now, newShopCeiling: newShopCeilingOf(ctx.config.sendLimits) },
    );
    const message = result.messages[0];
    if (!message || message.status === 'existing')
      return { status: 'not_sent', reason: 'not_created', messageId: null };
    // The suppressed message stays (it counts as a test send and shows why); no code is pending for it.
    if (message.status === 'suppressed')
      return { status: 'not_sent', reason: message.suppressedReason ?? 'not_created', messageId: message.id };
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await q.query(
      `INSERT INTO test_phone_verifications (shop_id, phone, code_hash, attempts, expires_at, created_at)
       VALUES ($1, $2, $3, 0, $4, $5)
       ON CONFLICT (shop_id) DO UPDATE SET phone = excluded.phone, code_hash = excluded.code_hash, attempts = 0,
         expires_at = excluded.expires_at, created_at = excluded.created_at`,
      [shopId, phone, hashCode(shopId, phone, code).toString('hex'), expiresAt, now],
    );
    return { status: 'sent', pending: { phone, expiresAt: expiresAt.toISOString() }, messageId: message.id };
  });
}

/** Checks a code; the right one, in time and within the tries, makes `phone` the shop's test number. */
export async function confirmTestPhoneCode(
  ctx: AppContext,
  shopId: string,
  phone: string,
  code: string,
): Promise<CodeCheckOutcome> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx): Promise<CodeCheckOutcome> => {
    const q = queryableOf(tx);
    const { rows } = await q.query<{ phone: string; code_hash: string; attempts: number; expires_at: Date }>(
      'SELECT phone, code_hash, attempts, expires_at FROM test_phone_verifications WHERE shop_id = $1 FOR UPDATE',
      [shopId],
    );
    const pending = rows[0];
    if (!pending || pending.phone !== phone) return { status: 'no_code' };
    const discard = () => q.query('DELETE FROM test_phone_verifications WHERE shop_id = $1', [shopId]);
    if (pending.expires_at <= now) {
      await discard();
      return { status: 'expired' };
    }
    if (!timingSafeEqual(Buffer.from(pending.code_hash, 'hex'), hashCode(shopId, phone, code))) {
      const attempts = pending.attempts + 1;
      if (attempts >= MAX_CODE_ATTEMPTS) {
        await discard();
        return { status: 'too_many_attempts' };
      }
      await q.query('UPDATE test_phone_verifications SET attempts = $2 WHERE shop_id = $1', [
        shopId,
        attempts,
      ]);
      return { status: 'incorrect', attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
    }
    await setTestPhone(q, shopId, phone);
    await discard();
    return { status: 'verified', phone };
  });
}
