// Public surface of the MessageBird provider. Nothing outside this folder imports the SDK.
export { createMessageBirdProvider, type MessageBirdProviderConfig } from './messagebird-provider.js';
export { SIGNATURE_HEADER } from './signature-verify.js';
export { signMessageBirdRequest, type SignRequestInput } from './signature-sign.js';
