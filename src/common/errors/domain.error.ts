import type { ErrorCode } from './error-code';

export interface DomainErrorOptions {
  details?: Record<string, unknown>;
  /** Seconds a client should wait before retrying; sent as Retry-After. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The only error type services throw. The message is safe to show to API clients: it never
 * carries a secret, a stack trace or a file path.
 */
export class DomainError extends Error {
  readonly details: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.details = options.details ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
