// The Express application: health, admin API (authenticated, JSON), webhooks (raw bodies), admin UI.
import express, { type Express } from 'express';
import type { AppContext } from '../app-context.js';
import { adminAuth } from './admin-auth.js';
import { adminUiRoutes } from './admin-ui.js';
import { compressJson } from './compress-json.js';
import { createClickLimiter } from '../messaging/links/click-limiter.js';
import { linkRedirectRoutes } from '../messaging/links/redirect-routes.js';
import { messageRoutes } from '../messaging/message-routes.js';
import { statusWebhookRoutes } from '../messaging/status-webhook.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { jsonBody } from './json-body.js';
import { rejectNulInQuery } from './nul-guard.js';
import { healthRoutes } from './health-routes.js';
import { localApiContentGuard, localHostGuard } from './local-guard.js';
import { securityHeaders } from './security-headers.js';
import { requestLogger } from './request-logger.js';
import { settingsRoutes } from '../shops/settings-routes.js';
import { complianceSettingsRoutes } from '../shops/compliance-settings-routes.js';
import { syncRoutes } from '../shopify/backfill/sync-routes.js';
import { requestSync } from '../shopify/backfill/sync-service.js';
import { oauthRoutes } from '../shopify/oauth-routes.js';
import { shopifyWebhookRoutes } from '../webhooks/receiver.js';
import { webhookEventsRoutes } from '../webhooks/webhook-events-routes.js';
import { dataRequestRoutes } from '../privacy/data-request-routes.js';
import { inboundWebhookRoutes } from '../subscribers/inbound-webhook.js';
import { subscriberRoutes } from '../subscribers/subscriber-routes.js';
import { automationRoutes } from '../automations/automation-routes.js';
import { segmentProductRoutes } from '../segments/product-search-routes.js';
import { segmentRoutes } from '../segments/segment-routes.js';
import { campaignRoutes } from '../campaigns/campaign-routes.js';
import { reportRoutes } from '../reports/report-routes.js';
import { billingRoutes } from '../billing/billing-routes.js';

export const JSON_BODY_LIMIT = '1mb';

export function createHttpApp(ctx: AppContext, jobsRunning: () => boolean): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.mode === 'production' ? 1 : false);
  app.use(requestLogger());
  app.use(securityHeaders());
  if (ctx.config.mode === 'local') app.use(localHostGuard());
  app.use(healthRoutes(ctx, jobsRunning));
  // Webhooks read their raw bodies (HMAC): mounted before any JSON parser.
  app.use(shopifyWebhookRoutes(ctx));
  app.use(statusWebhookRoutes(ctx));
  app.use(inboundWebhookRoutes(ctx));

  const api = express.Router();
  if (ctx.config.mode === 'local') api.use(localApiContentGuard());
  api.use(rejectNulInQuery());
  api.use(jsonBody(JSON_BODY_LIMIT));
  api.use(compressJson());
  // Shopify-managed install: a new shop's first request exchanges its session token and starts the backfill.
  const installDeps = {
    config: ctx.config,
    db: ctx.database.db,
    shopify: ctx.shopify,
    graphql: ctx.shopifyAdmin.graphql,
    clock: ctx.clock,
    onInstalled: async (shopId: string) => void (await requestSync(ctx, shopId)),
  };
  if (ctx.config.mode === 'production') app.use(oauthRoutes(installDeps));
  api.use(adminAuth(installDeps));
  api.use(settingsRoutes(ctx.database.db));
  api.use(complianceSettingsRoutes(ctx));
  api.use(subscriberRoutes(ctx));
  api.use(syncRoutes(ctx));
  api.use(webhookEventsRoutes(ctx.database.db));
  api.use(dataRequestRoutes(ctx.database.db));
  api.use(messageRoutes(ctx));
  api.use(automationRoutes(ctx));
  api.use(segmentProductRoutes(ctx));
  api.use(segmentRoutes(ctx));
  api.use(campaignRoutes(ctx));
  api.use(reportRoutes(ctx));
  api.use(billingRoutes(ctx));
  api.use(notFoundHandler);
  app.use('/api', api);

  app.use(linkRedirectRoutes({ db: ctx.database.db, clock: ctx.clock, clickLimiter: createClickLimiter() }));
  app.use(adminUiRoutes(ctx.config));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
