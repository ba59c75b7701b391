import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain.error';
import { requestFacts } from './access.audit';

/**
 * Audits `invalid_api_request` for every 400 raised inside Nest: the validation pipe (which runs
 * inside the interceptor chain) and services throwing INVALID_REQUEST. Bodies that fail JSON
 * parsing or the size limit are refused by middleware before Nest and are not seen here.
 */
@Injectable()
export class InvalidRequestInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const invalid =
          (error instanceof DomainError && error.code === 'INVALID_REQUEST') ||
          error instanceof BadRequestException;
        if (invalid && context.getType() === 'http') {
          const req = context.switchToHttp().getRequest<Request>();
          this.audit.record('invalid_api_request', {
            ...requestFacts(req),
            key_id: req.principal?.keyId,
            // Validation messages name fields and rules, never the values sent.
            detail: error.message,
          });
        }
        return throwError(() => error);
      }),
    );
  }
}
