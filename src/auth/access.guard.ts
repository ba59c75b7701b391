import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { AuthConfig } from '../config/configuration';
import { AccessAudit, requestFacts } from './access.audit';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { type Principal, roleAllows } from './principal';
import { RateLimiter } from './rate.limiter';
import { type RouteRule, RoutePolicy } from './route.policy';

/** Who every request is with ENABLE_AUTH=false. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({
  keyId: 'anonymous',
  role: 'admin' as const,
});

/**
 * The one global guard, so the order of the checks is explicit rather than a matter of provider
 * registration: route rule -> address block -> API key -> failed attempt counted per address (401
 * or 429) -> per-key limit -> global ceiling -> role. Only @Public routes skip it; a route with
 * no rule at all is refused to everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly policy: RoutePolicy,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly limiter: RateLimiter,
    private readonly config: AuthConfig,
    private readonly audit: AccessAudit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http')
      throw new DomainError('FORBIDDEN', 'Only HTTP requests are served');
    const rule = this.policy.ruleFor(context);
    if (rule.open) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (this.config.enabled) {
      const principal = await this.authenticate(req, res);
      req.principal = principal;
      await this.limiter.consume(req, res, principal.keyId);
      this.authorize(req, principal, rule);
    } else {
      req.principal = ANONYMOUS_ADMIN;
      await this.limiter.consume(req, res, undefined);
      this.authorize(req, ANONYMOUS_ADMIN, rule);
    }
    return true;
  }

  private async authenticate(req: Request, res: Response): Promise<Principal> {
    // A blocked address is turned away before its key costs a hash, whatever the key: otherwise a
    // brute-force client could tell a right guess (200) from the wrong ones (429).
    this.limiter.assertAddressAllowed(req, res);
    const result = await this.authenticator.authenticate(req, res);
    if (result.principal !== undefined) {
      this.audit.authenticated(req, result.principal);
      return result.principal;
    }
    this.audit.authenticationFailed(req, result.reason, result.fingerprint);
    await this.limiter.countAnonymous(req, res);
    res.setHeader('WWW-Authenticate', 'Bearer realm="tripleplay-sentinel"');
    throw new DomainError(
      'UNAUTHORIZED',
      result.reason === 'missing_key'
        ? 'An API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"'
        : 'The API key is not valid',
    );
  }

  private authorize(req: Request, principal: Principal, rule: RouteRule): void {
    if (rule.open) return;
    if (rule.role !== undefined && roleAllows(principal.role, rule.role)) return;
    const facts = { ...requestFacts(req), key_id: principal.keyId };
    if (rule.role === undefined) {
      this.audit.denied(facts, 'no_access_rule', `${req.method} ${req.path} has no access rule`);
      throw new DomainError('FORBIDDEN', 'This route is not open to any API key');
    }
    this.audit.denied(facts, 'role', `role ${principal.role} is below ${rule.role}`, {
      role: principal.role,
      required_role: rule.role,
    });
    throw new DomainError(
      'FORBIDDEN',
      `This needs the ${rule.role} role or higher; the API key has ${principal.role}`,
    );
  }
}
