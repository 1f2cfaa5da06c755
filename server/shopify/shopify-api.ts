// The one place that builds the @shopify/shopify-api client.
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import type { Config } from '../config.js';
import { logger } from '../logger.js';

export type ShopifyApi = Shopify;

export function createShopifyApi(config: Config): ShopifyApi {
  const appUrl = new URL(config.appUrl ?? `http://localhost:${config.port || 3000}`);
  const apiVersion = Object.values(ApiVersion).find((v) => v === config.shopify.apiVersion) as
    ApiVersion | undefined;
  return shopifyApi({
    apiKey: config.shopify.apiKey ?? 'local-mode',
    apiSecretKey: config.shopify.apiSecret,
    scopes: config.shopify.scopes,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === 'http:' ? 'http' : 'https',
    apiVersion: apiVersion ?? ApiVersion.October25,
    isEmbeddedApp: true,
    logger: {
      level: LogSeverity.Warning,
      log: async (severity, message) => {
        if (severity <= LogSeverity.Error) logger.error({ lib: 'shopify-api' }, message);
        else logger.warn({ lib: 'shopify-api' }, message);
      },
    },
  }) as unknown as ShopifyApi;
}
