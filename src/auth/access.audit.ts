import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import {
  type AuthFailureReason,
  AuthEvents,
  type DenialReason,
  type RateLimitScope,
} from './auth.events';
import { ExpiryMap } from './expiry.map';
import type { Principal } from './principal';

/** Who asked, as the audit trail names them. */
export interface RequestFacts {
  request_id?: string;
  source_ip?: string;
  key_id?: string;
  method?: string;
  path?: string;
  user_agent?: string;
}

const MAX_USER_AGENT = 256;
/**
 * A key's successful authentications from one address and user agent are audited once per this
 * interval: a poller making thousands of requests a minute yields one line a minute, not one per
 * request (each test it runs is audited as device_command anyway). Failures are always audited.
 */
export const SUCCESS_AUDIT_INTERVAL_MS = 60_000;

/**
 * The auth module's audit events in one place, so field names stay the same on every line, and
 * each one also counted for metrics. A key appears only as its id or the first 8 hex digits of
 * its SHA-256 followed by `...`.
 */
@Injectable()
export class AccessAudit {
  private readonly recentSuccesses = new ExpiryMap(10_000);

  constructor(
    private readonly audit: AuditService,
    private readonly events: AuthEvents,
  ) {}

  authenticated(req: Request, principal: Principal): void {
    const now = Date.now();
    const client = `${principal.keyId}\n${req.ip}\n${req.headers['user-agent']}`;
    if (this.recentSuccesses.remainingMs(client, now) > 0) return;
    this.recentSuccesses.set(client, now + SUCCESS_AUDIT_INTERVAL_MS, now);
    this.audit.record('authentication_attempt', {
      ...requestFacts(req),
      key_id: principal.keyId,
      role: principal.role,
      success: true,
    });
  }

  authenticationFailed(req: Request, reason: AuthFailureReason, fingerprint?: string): void {
    this.events.authenticationFailed(reason);
    this.audit.record('authentication_attempt', {
      ...requestFacts(req),
      key_id: fingerprint,
      reason,
      success: false,
      detail: reason === 'missing_key' ? 'no API key' : 'unknown API key',
    });
  }

  denied(
    facts: RequestFacts,
    reason: DenialReason,
    detail: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.events.authorizationDenied(reason);
    this.audit.record('authorization_denied', { ...facts, reason, ...extra, detail });
  }

  /** `audited` false: counted for metrics only, this client's line for the window is already written. */
  /**
   * A request refused as INVALID_REQUEST, by the body parser or anywhere inside Nest. `detail`
   * names fields and rules, never the values sent.
   */
  invalidRequest(req: Request, detail: string): void {
    this.audit.record('invalid_api_request', {
      ...requestFacts(req),
      key_id: req.principal?.keyId,
      detail,
    });
  }

  rateLimited(req: Request, scope: RateLimitScope, limit: number, audited: boolean): void {
    this.events.rateLimited(scope);
    if (!audited) return;
    this.audit.record('rate_limit_exceeded', {
      ...requestFacts(req),
      key_id: req.principal?.keyId,
      scope,
      limit_per_minute: limit,
      detail: `${scope} limit of ${limit}/min`,
    });
  }
}

/** The request's id, address, method, path and user agent, for any audit line about it. */
export function requestFacts(req: Request): RequestFacts {
  const agent = req.headers['user-agent'];
  return {
    request_id: req.requestId,
    source_ip: req.ip,
    method: req.method,
    // The path only: a query string could carry anything.
    path: req.path,
    user_agent: typeof agent === 'string' ? agent.slice(0, MAX_USER_AGENT) : undefined,
  };
}
