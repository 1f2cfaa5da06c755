// The one pino logger. Child loggers carry shopId, webhookId, jobId.
import { pino, type Logger } from 'pino';

export const logger: Logger = pino({
  // The level is set from config at start(); tests silence it in test/support/silence-logs.ts.
  level: 'info',
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ['req.headers.authorization', '*.accessToken', '*.phone'], censor: '[redacted]' },
});

export type { Logger };
