// Public surface of the simulator provider.
export {
  createSimulatorProvider,
  type PostFn,
  type SimulatedMessage,
  type SimulatorDlrConfig,
  type SimulatorProvider,
  type SimulatorProviderConfig,
} from './simulator-provider.js';
export {
  withFaults,
  type FaultAttempt,
  type FaultMatch,
  type FaultySimulator,
  type FaultySimulatorOptions,
  type SimulatorFault,
} from './fault-modes.js';
export type { InboundInput, SignedWebhookRequest } from './signed-webhooks.js';
