/**
 * The one error table: every code the API can answer with, its HTTP status, category and whether
 * a client may retry. Services throw `DomainError(code)`; the global filter looks the code up here.
 */
export const ERROR_TABLE = {
  INVALID_REQUEST: { status: 400, category: 'validation', retryable: false },
  UNAUTHORIZED: { status: 401, category: 'authentication', retryable: false },
  FORBIDDEN: { status: 403, category: 'authorization', retryable: false },
  NOT_FOUND: { status: 404, category: 'routing', retryable: false },
  PAYLOAD_TOO_LARGE: { status: 413, category: 'validation', retryable: false },
  RATE_LIMIT_EXCEEDED: { status: 429, category: 'rate_limit', retryable: true },
  MIKROTIK_CONNECTION_FAILED: { status: 502, category: 'connection', retryable: true },
  MIKROTIK_AUTH_FAILED: { status: 502, category: 'authentication', retryable: false },
  MIKROTIK_HOST_KEY_MISMATCH: { status: 502, category: 'security', retryable: false },
  MIKROTIK_COMMAND_FAILED: { status: 502, category: 'execution', retryable: false },
  DEVICE_BUSY: { status: 503, category: 'capacity', retryable: true },
  TIMEOUT_ERROR: { status: 504, category: 'timeout', retryable: true },
  INTERNAL_ERROR: { status: 500, category: 'system', retryable: true },
} as const satisfies Record<string, { status: number; category: string; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export const ERROR_CODES = Object.keys(ERROR_TABLE) as ErrorCode[];
