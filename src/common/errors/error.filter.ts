import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorCode } from './error-code';
import { errorEnvelope, sendError } from './error-envelope';
import { DomainError } from './domain.error';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMIT_EXCEEDED',
  503: 'DEVICE_BUSY',
  504: 'TIMEOUT_ERROR',
};

/** Told of every request refused as INVALID_REQUEST (the audit trail's invalid_api_request). */
export type InvalidRequestListener = (req: Request, message: string) => void;

/**
 * The one place errors become HTTP: DomainErrors through the error table, framework exceptions
 * by status, anything else as INTERNAL_ERROR without its message or stack. Every INVALID_REQUEST
 * passes here, whether a guard, the validation pipe or a service raised it, so this is also
 * where it is reported.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  constructor(private readonly onInvalidRequest: InvalidRequestListener = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const requestId = req.requestId ?? 'unknown';

    if (exception instanceof DomainError) {
      if (exception.code === 'INVALID_REQUEST') this.onInvalidRequest(req, exception.message);
      sendError(
        res,
        errorEnvelope(exception.code, exception.message, requestId, exception.details),
        exception.retryAfterSeconds,
      );
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_REQUEST');
      const message =
        code === 'NOT_FOUND' ? `No route for ${req.method} ${req.path}` : exception.message;
      if (code === 'INVALID_REQUEST') this.onInvalidRequest(req, message);
      sendError(res, errorEnvelope(code, message, requestId));
      return;
    }
    this.logger.error(
      `Unhandled error on ${req.method} ${req.path} (request ${requestId}): ${describe(exception)}`,
    );
    sendError(res, errorEnvelope('INTERNAL_ERROR', 'Internal error', requestId));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}
