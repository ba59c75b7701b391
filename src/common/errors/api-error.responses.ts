import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_TABLE, type ErrorCode } from './error-code';

const ENVELOPE_EXAMPLE = (code: ErrorCode) => ({
  status: 'error',
  error: {
    code,
    message: '...',
    category: ERROR_TABLE[code].category,
    retryable: ERROR_TABLE[code].retryable,
  },
  timestamp: '2026-01-01T00:00:00.000Z',
  request_id: '7d1c...',
  details: {},
});

/** Documents the error envelope for each code a route can answer with, grouped by status. */
export function ApiErrorResponses(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_TABLE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        description: group.join(' or '),
        schema: { example: ENVELOPE_EXAMPLE(group[0]) },
      }),
    ),
  );
}
