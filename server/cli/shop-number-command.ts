// The operator command behind `npm run shop:number -- <shop-domain> <+E164 | --release>`: assigns the number
// that receives a shop's inbound texts (unique across shops), or releases it. Separate from the entry point
// so tests run it against a real database.
import type { Db } from '../db/client.js';
import { assertNever } from '../errors.js';
import { assignSmsNumber } from '../shops/sms-numbers.js';

export const SHOP_NUMBER_USAGE = 'usage: npm run shop:number -- <shop-domain> <+E164 number | --release>\n';

export interface CommandResult {
  exitCode: 0 | 1 | 2;
  message: string;
}

export async function shopNumberCommand(db: Db, args: readonly string[], now: Date): Promise<CommandResult> {
  const [domainArg, numberArg, ...rest] = args;
  if (domainArg === undefined || numberArg === undefined || rest.length > 0 || domainArg.startsWith('--'))
    return { exitCode: 2, message: SHOP_NUMBER_USAGE };
  const domain = domainArg.trim().toLowerCase();
  const number = numberArg === '--release' ? null : numberArg.trim();
  const outcome = await assignSmsNumber(db, domain, number, now);
  if (outcome.ok) {
    const what =
      outcome.smsNumber === null ? 'has no SMS number now' : `receives texts to ${outcome.smsNumber}`;
    const was =
      outcome.previous === outcome.smsNumber
        ? ' (unchanged)'
        : outcome.previous
          ? ` (was ${outcome.previous})`
          : '';
    return { exitCode: 0, message: `${domain} ${what}${was}\n` };
  }
  switch (outcome.code) {
    case 'invalid_number':
      return { exitCode: 2, message: `${outcome.message}\n${SHOP_NUMBER_USAGE}` };
    case 'shop_not_found':
    case 'number_taken':
      return {
        exitCode: 1,
        message: `${outcome.message}${outcome.code === 'number_taken' ? `: release it first (npm run shop:number -- ${outcome.holderDomain} --release)` : ''}\n`,
      };
    default:
      return assertNever(outcome, 'SMS number assignment outcome');
  }
}
