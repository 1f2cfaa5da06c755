// Is a failed job's error an outage (try again later) or a bug (stop and say so)? Shared by the background
// jobs that resume from their last committed step (subscriber import, campaign fan-out): a lost or refused
// connection, the server restarting or shutting down, a pool that found no free connection in time, a
// serialization failure or deadlock. An AppError says itself whether it is retryable.
import { isAppError } from '../errors.js';

/** PostgreSQL error classes that mean "try again later" (connection lost, server restarting, overload, conflicts). */
const RETRYABLE_SQLSTATE = /^(08|53|57P|40001$|40P01$|55P03$)/;
const RETRYABLE_NODE = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
/** node-postgres and pg-pool errors without a code: a dropped connection, a pool timeout. */
const RETRYABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i;

/** An outage rather than a bug: walks the cause chain (drizzle wraps the driver's error). */
export function isRetryableFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (isAppError(e)) return e.retryable;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (RETRYABLE_SQLSTATE.test(code) || RETRYABLE_NODE.has(code))) return true;
    const message = e instanceof Error ? e.message : '';
    if (RETRYABLE_MESSAGE.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
