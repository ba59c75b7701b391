import type { Response } from 'express';
import { ERROR_TABLE, type ErrorCode } from './error-code';

export interface ErrorEnvelope {
  status: 'error';
  error: { code: ErrorCode; message: string; category: string; retryable: boolean };
  timestamp: string;
  request_id: string;
  details: Record<string, unknown>;
}

/** The documented error body, built from the one error table. */
export function errorEnvelope(
  code: ErrorCode,
  message: string,
  requestId: string,
  details: Record<string, unknown> = {},
): ErrorEnvelope {
  const { category, retryable } = ERROR_TABLE[code];
  return {
    status: 'error',
    error: { code, message, category, retryable },
    timestamp: new Date().toISOString(),
    request_id: requestId,
    details,
  };
}

/** Writes an error envelope with the table's status and, where given, Retry-After. */
export function sendError(
  res: Response,
  envelope: ErrorEnvelope,
  retryAfterSeconds?: number,
): void {
  if (retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  }
  res.status(ERROR_TABLE[envelope.error.code].status).json(envelope);
}
