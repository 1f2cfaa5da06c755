// Types for the MessageBird SDK's webhook JWT verifier, which ships without declarations.
// Only this folder imports it.
declare module 'messagebird/lib/webhook-signature-jwt.js' {
  import type { KeyObject } from 'node:crypto';

  export interface JwtVerifyOptions {
    issuer?: string;
    algorithms?: string[];
    clockTolerance?: number;
    currentDate?: Date;
  }

  export interface VerifyOptionsShape {
    validateUrl: boolean;
    validatePayload: boolean;
    jwtVerifyOptions: JwtVerifyOptions;
    jwtVerifyJti: (jti: unknown) => boolean;
  }

  /** Resolves true when valid; rejects with an Error describing the first failed check. */
  export function verify(
    url: string,
    payload: Buffer | null,
    jwt: string,
    sk: KeyObject,
    opts?: VerifyOptionsShape,
  ): Promise<true>;
}
