// The shop a webhook event belongs to, for the handlers that need an installed shop.
import type { WebhookEventContext } from '../handler-types.js';

/**
 * The shop a mirror event belongs to, or null (logged) when the shop row does not exist: the app is
 * not installed there or its data was deleted, so retrying cannot help and the event is dropped.
 */
export function shopOf(ctx: WebhookEventContext): string | null {
  if (ctx.shopId === null) {
    ctx.log.warn(
      { topic: ctx.topic, shopDomain: ctx.shopDomain },
      'webhook for a shop without a shop row: ignored',
    );
  }
  return ctx.shopId;
}
