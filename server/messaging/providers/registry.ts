// Chooses the SMS provider for a shop. Each configured provider is built once, up front, so a
// configuration mistake fails at startup rather than on the first send.
import { AppError } from '../../errors.js';
import { createMessageBirdProvider, type MessageBirdProviderConfig } from './messagebird/index.js';
import {
  createSimulatorProvider,
  type SimulatorProvider,
  type SimulatorProviderConfig,
} from './simulator/index.js';
import type { ProviderName, SmsProvider } from './types.js';

export interface ProviderRegistryConfig {
  default: ProviderName;
  messagebird?: MessageBirdProviderConfig;
  simulator?: SimulatorProviderConfig;
  /** shopId → provider, overriding the default. */
  perShop?: Record<string, ProviderName>;
}

export interface ProvidersByName {
  messagebird: SmsProvider;
  simulator: SimulatorProvider;
}

export interface ProviderRegistry {
  forShop(shopId: string): SmsProvider;
  byName<N extends ProviderName>(name: N): ProvidersByName[N];
}

export function createProviderRegistry(config: ProviderRegistryConfig): ProviderRegistry {
  const built: Partial<ProvidersByName> = {
    messagebird: config.messagebird ? createMessageBirdProvider(config.messagebird) : undefined,
    simulator: config.simulator ? createSimulatorProvider(config.simulator) : undefined,
  };
  const perShop = new Map(Object.entries(config.perShop ?? {}));

  function byName<N extends ProviderName>(name: N): ProvidersByName[N] {
    const provider = built[name];
    if (!provider)
      throw new AppError({
        code: 'provider_not_configured',
        message: `SMS provider '${name}' is not configured`,
      });
    return provider as ProvidersByName[N];
  }

  // Fail fast on references to providers that were not configured.
  byName(config.default);
  for (const name of perShop.values()) byName(name);

  return Object.freeze({
    forShop: (shopId: string): SmsProvider => byName(perShop.get(shopId) ?? config.default),
    byName,
  });
}
