// Welcome, trigger side. The subscribers module calls triggerWelcome() in its transaction when a
// subscription becomes effective (confirmed). When the welcome automation is on, a job due at once is
// scheduled (keyed per subscriber, so a repeat does nothing) and the function returns true: the caller
// then does not queue its own built-in welcome text. When the flow is off it returns false.
import type { Tx } from '../db/transaction.js';
import { delayedKey, scheduleDelayedAutomation } from './delayed-jobs.js';
import { loadFlowConfig } from './flow-repository.js';

export async function triggerWelcome(
  tx: Tx,
  shopId: string,
  subscriberId: string,
  now: Date,
): Promise<boolean> {
  // The welcome flow's default (off) is the same in local and production mode, so no app context is needed.
  const flow = await loadFlowConfig(tx, shopId, 'welcome', { local: false });
  if (!flow.enabled) return false;
  await scheduleDelayedAutomation(
    tx,
    { shopId, flow: 'welcome', key: delayedKey('welcome', shopId, subscriberId), ref: subscriberId },
    now,
  );
  return true;
}
