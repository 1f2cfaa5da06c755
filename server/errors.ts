// Exceptions are for bugs and outages; expected outcomes are values. Every error we throw carries
// a stable code, the HTTP status it maps to, and whether retrying may help.
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly fields?: Record<string, string>;

  constructor(opts: {
    code: string;
    message: string;
    status?: number;
    retryable?: boolean;
    fields?: Record<string, string>;
    cause?: unknown;
  }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = opts.code;
    this.status = opts.status ?? 500;
    this.retryable = opts.retryable ?? false;
    this.fields = opts.fields;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Compile-time exhaustiveness for switch statements over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new AppError({ code: 'unreachable', message: `Unhandled ${what}: ${JSON.stringify(value)}` });
}
