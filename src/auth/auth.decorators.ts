import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { CallContext } from '../probe/probe.types';
import type { Role } from './principal';

export const ROLE_KEY = 'sentinel:role';
export const PUBLIC_KEY = 'sentinel:public';
export const PUBLIC_WHEN_KEY = 'sentinel:public-when';

/** A setting that opens a route, read once, at the route's first request. */
export interface PublicCondition {
  section: Type<unknown>;
  check: (section: unknown) => boolean;
}

/**
 * The least role a route needs, and its Swagger security, in one decorator so that the docs and
 * the enforcement cannot drift apart.
 */
export function RequireRole(role: Role): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLE_KEY, role),
    ApiBearerAuth('bearer'),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: no key, or a key that is not known' }),
    ApiForbiddenResponse({
      description: `FORBIDDEN: the key's role is below ${role}, or outside its scopes`,
    }),
  );
}

/** An open route: the global guard lets it through without a key. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/**
 * Open when a setting says so, guarded by the route's role otherwise. `section` is a config class
 * (every config section is a global provider). For /metrics:
 * `@RequireRole('monitor') @PublicWhen(MetricsConfig, (metrics) => metrics.isPublic)`.
 */
export function PublicWhen<T>(
  section: Type<T>,
  check: (section: T) => boolean,
): MethodDecorator & ClassDecorator {
  const condition: PublicCondition = { section, check: (value) => check(value as T) };
  return SetMetadata(PUBLIC_WHEN_KEY, condition);
}

/** Who is asking: request id, address, key id and scopes, for services and the audit trail. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallContext => {
  const req = context.switchToHttp().getRequest<Request>();
  return {
    requestId: req.requestId,
    sourceIp: req.ip,
    keyId: req.principal?.keyId,
    deviceScopes: req.principal?.devices,
    targetScopes: req.principal?.targets,
  };
});
