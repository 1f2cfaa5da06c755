// The merchant's own test number: GET /messages/test-phone (the verified number and any pending code),
// POST /messages/test-phone/code (text a one-time code to a number), POST /messages/test-phone/verify (enter
// it: the number becomes the test number), PUT /messages/test-phone (remove it, or confirm the current one).
import { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import {
  requestTestPhoneCodeSchema,
  testPhoneSettingSchema,
  verifyTestPhoneSchema,
  type TestPhoneState,
} from '../../contracts/messages.js';
import { AppError, assertNever } from '../../errors.js';
import { shopIdOf } from '../../http/admin-auth.js';
import { parseOrThrow } from '../../http/validation.js';
import { logger } from '../../logger.js';
import { setTestPhone } from '../outbox/message-queries.js';
import { loadSendingSettings } from '../outbox/shop-sending-settings.js';
import { assertTextablePhone, testSendRateLimited } from './test-send-guards.js';
import {
  MAX_CODE_ATTEMPTS,
  confirmTestPhoneCode,
  pendingTestPhone,
  requestTestPhoneCode,
} from './test-phone-verification.js';

const log = logger.child({ component: 'test-phone' });

const NOT_SENT_WORDS: Record<string, string> = {
  opted_out: 'this number replied STOP',
  invalid_phone: 'this number cannot receive texts',
  daily_ceiling: 'the shop reached its daily sending limit for new shops',
};

export function testPhoneRoutes(ctx: AppContext): Router {
  const router = Router();
  const pool = ctx.database.pool;

  router.get('/messages/test-phone', async (_req, res) => {
    const shopId = shopIdOf(res);
    const settings = (await loadSendingSettings(pool, [shopId])).get(shopId);
    const body: TestPhoneState = {
      phone: settings?.testPhone ?? null,
      pending: await pendingTestPhone(pool, shopId, ctx.clock.now()),
    };
    res.json(body);
  });

  router.put('/messages/test-phone', async (req, res) => {
    const shopId = shopIdOf(res);
    const { phone } = parseOrThrow(testPhoneSettingSchema, req.body, 'test phone');
    const current = (await loadSendingSettings(pool, [shopId])).get(shopId)?.testPhone ?? null;
    if (phone !== null && phone !== current) {
      throw new AppError({
        code: 'test_phone_not_verified',
        status: 409,
        message: `${phone} is not verified: text it a code (POST /api/messages/test-phone/code) and enter that code (POST /api/messages/test-phone/verify)`,
        fields: { phone: 'must be verified with a code texted to it first' },
      });
    }
    if (phone === null) await setTestPhone(pool, shopId, null);
    res.json({ phone });
  });

  router.post('/messages/test-phone/code', async (req, res) => {
    const shopId = shopIdOf(res);
    const { phone } = parseOrThrow(requestTestPhoneCodeSchema, req.body, 'test phone code request');
    assertTextablePhone(phone);
    const outcome = await requestTestPhoneCode(ctx, shopId, phone);
    switch (outcome.status) {
      case 'sent':
        log.info({ shopId, messageId: outcome.messageId, isTest: true }, 'test number code sent');
        res.status(202).json(outcome.pending);
        return;
      case 'rate_limited':
        throw testSendRateLimited(res, outcome);
      case 'not_sent':
        throw new AppError({
          code: 'test_phone_code_not_sent',
          status: 409,
          message: `The code could not be sent to ${phone}: ${NOT_SENT_WORDS[outcome.reason] ?? outcome.reason} (${outcome.reason})`,
          fields: { phone: `cannot receive the code: ${NOT_SENT_WORDS[outcome.reason] ?? outcome.reason}` },
        });
      default:
        assertNever(outcome, 'code request outcome');
    }
  });

  router.post('/messages/test-phone/verify', async (req, res) => {
    const shopId = shopIdOf(res);
    const { phone, code } = parseOrThrow(verifyTestPhoneSchema, req.body, 'test phone verification');
    const outcome = await confirmTestPhoneCode(ctx, shopId, phone, code);
    const again = 'ask for a new code';
    switch (outcome.status) {
      case 'verified':
        log.info({ shopId }, 'test number verified');
        res.json({ phone: outcome.phone });
        return;
      case 'no_code':
        throw new AppError({
          code: 'no_code_pending',
          status: 409,
          message: `No code is pending for ${phone}: ${again} first`,
          fields: { code: `no code is pending for this number: ${again}` },
        });
      case 'expired':
        throw new AppError({
          code: 'code_expired',
          status: 410,
          message: `The code for ${phone} expired: ${again}`,
          fields: { code: `has expired: ${again}` },
        });
      case 'too_many_attempts':
        throw new AppError({
          code: 'code_attempts_exhausted',
          status: 410,
          message: `The code for ${phone} was entered wrong ${MAX_CODE_ATTEMPTS} times and is no longer valid: ${again}`,
          fields: { code: `was entered wrong ${MAX_CODE_ATTEMPTS} times: ${again}` },
        });
      case 'incorrect': {
        const left = `${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'try' : 'tries'} left`;
        throw new AppError({
          code: 'code_incorrect',
          status: 400,
          message: `Invalid test phone verification: code: is not the code we texted (${left})`,
          fields: { code: `is not the code we texted (${left})` },
        });
      }
      default:
        assertNever(outcome, 'code check outcome');
    }
  });

  return router;
}
