import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/** Why a request was not authenticated. */
export type AuthFailureReason = 'missing_key' | 'invalid_key';

/** Which limit turned a request away. */
export type RateLimitScope = 'ip' | 'api_key' | 'global';

/** Why a request was refused after authentication. */
export type DenialReason = 'role' | 'no_access_rule' | 'scope';

export interface AuthCounters {
  authenticationFailures: number;
  authorizationDenials: number;
  rateLimitRejections: number;
}

/**
 * What the auth module tells observers (metrics): every failed authentication, denial and 429.
 * Listeners subscribe, or read `counters` (monotonic totals since start) from a collect callback;
 * the auth module never imports metrics.
 */
@Injectable()
export class AuthEvents {
  private readonly emitter = new EventEmitter();
  private readonly totals: AuthCounters = {
    authenticationFailures: 0,
    authorizationDenials: 0,
    rateLimitRejections: 0,
  };

  /** A copy of the totals since start. */
  get counters(): AuthCounters {
    return { ...this.totals };
  }

  authenticationFailed(reason: AuthFailureReason): void {
    this.totals.authenticationFailures += 1;
    this.emitter.emit('authentication_failure', reason);
  }

  authorizationDenied(reason: DenialReason): void {
    this.totals.authorizationDenials += 1;
    this.emitter.emit('authorization_denied', reason);
  }

  rateLimited(scope: RateLimitScope): void {
    this.totals.rateLimitRejections += 1;
    this.emitter.emit('rate_limited', scope);
  }

  onAuthenticationFailure(listener: (reason: AuthFailureReason) => void): void {
    this.emitter.on('authentication_failure', listener);
  }

  onAuthorizationDenied(listener: (reason: DenialReason) => void): void {
    this.emitter.on('authorization_denied', listener);
  }

  onRateLimited(listener: (scope: RateLimitScope) => void): void {
    this.emitter.on('rate_limited', listener);
  }
}
