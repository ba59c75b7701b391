import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { RateLimitConfig } from '../config/configuration';
import { AccessAudit } from './access.audit';
import { ExpiryMap } from './expiry.map';
import type { RateLimitScope } from './auth.events';
import type { ThrottlerRecord } from './memory-throttler.storage';
import { RateLimitStorage } from './rate-limit.storage';

/** Prefix of every counter's storage key; tests use their own so parallel runs never meet. */
export class RateLimitNamespace {
  constructor(readonly prefix: string) {}
}

const WINDOW_MS = 60_000;
// Per-key and global limits are plain fixed windows: a 1 ms block lapses at once, and the
// rejection follows the hit count until the window resets.
const NO_BLOCK_MS = 1;

interface Verdict {
  limit: number;
  remaining: number;
  resetSeconds: number;
  rejected: boolean;
}

/**
 * The three limits, per minute: per address for requests without a valid key (failed attempts
 * included, and an address over it is blocked for a whole minute, valid key or not), per key for
 * authenticated ones, and a global ceiling over all authenticated requests. Sets X-RateLimit-*
 * on every limited answer and throws RATE_LIMIT_EXCEEDED with Retry-After.
 */
@Injectable()
export class RateLimiter {
  // Addresses this instance saw go over the limit: checked before any key is hashed or any
  // counter is touched. Other instances learn the block from the shared counter on their next miss.
  private readonly blocked = new ExpiryMap();
  // One audit line per client and limit per window; a flood is counted in metrics, not logged 1:1.
  private readonly audited = new ExpiryMap();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly storage: RateLimitStorage,
    private readonly namespace: RateLimitNamespace,
    private readonly audit: AccessAudit,
  ) {}

  /** 429 when this address is blocked for too many requests without a valid key. No I/O. */
  assertAddressAllowed(req: Request, res: Response): void {
    if (!this.config.enabled) return;
    const address = addressOf(req);
    const remainingMs = this.blocked.remainingMs(address, Date.now());
    if (remainingMs <= 0) return;
    const resetSeconds = Math.ceil(remainingMs / 1000);
    const verdict = {
      limit: this.config.perIpPerMinute,
      remaining: 0,
      resetSeconds,
      rejected: true,
    };
    this.reject(req, res, 'ip', address, verdict);
  }

  /** A request without a valid key, counted against its address. */
  async countAnonymous(req: Request, res: Response): Promise<void> {
    if (!this.config.enabled) return;
    const address = addressOf(req);
    const limit = this.config.perIpPerMinute;
    const record = await this.storage.increment(
      this.key('ip', address),
      WINDOW_MS,
      limit,
      WINDOW_MS,
      'ip',
    );
    const verdict = judge(record, limit);
    if (!verdict.rejected) return setHeaders(res, verdict);
    const now = Date.now();
    this.blocked.set(address, now + verdict.resetSeconds * 1000, now);
    this.reject(req, res, 'ip', address, verdict);
  }

  /**
   * An admitted request: its key's limit (its address's, with auth off), then the global ceiling.
   * In that order, so a key over its own limit cannot use up everyone else's global budget.
   */
  async consume(req: Request, res: Response, keyId: string | undefined): Promise<void> {
    if (!this.config.enabled) return;
    const [scope, subject, limit] =
      keyId === undefined
        ? (['ip', addressOf(req), this.config.perIpPerMinute] as const)
        : (['api_key', keyId, this.config.perKeyPerMinute] as const);
    const own = judge(
      await this.storage.increment(this.key(scope, subject), WINDOW_MS, limit, NO_BLOCK_MS, scope),
      limit,
    );
    if (own.rejected) return this.reject(req, res, scope, subject, own);
    const globalLimit = this.config.globalPerMinute;
    const global = judge(
      await this.storage.increment(
        this.key('global', 'all'),
        WINDOW_MS,
        globalLimit,
        NO_BLOCK_MS,
        'global',
      ),
      globalLimit,
    );
    if (global.rejected) return this.reject(req, res, 'global', 'all', global);
    // Show the client whichever limit it will meet first.
    setHeaders(res, global.remaining < own.remaining ? global : own);
  }

  private key(scope: RateLimitScope, subject: string): string {
    return `${this.namespace.prefix}${scope}:${subject}`;
  }

  private reject(
    req: Request,
    res: Response,
    scope: RateLimitScope,
    subject: string,
    verdict: Verdict,
  ): never {
    setHeaders(res, verdict);
    const now = Date.now();
    const auditKey = `${scope}:${subject}`;
    const audited = this.audited.remainingMs(auditKey, now) <= 0;
    if (audited) this.audited.set(auditKey, now + verdict.resetSeconds * 1000, now);
    this.audit.rateLimited(req, scope, verdict.limit, audited);
    const what =
      scope === 'ip' ? 'this address' : scope === 'api_key' ? 'this API key' : 'the service';
    throw new DomainError(
      'RATE_LIMIT_EXCEEDED',
      `Rate limit exceeded: ${verdict.limit} requests per minute for ${what}; retry in ${verdict.resetSeconds} s`,
      {
        retryAfterSeconds: verdict.resetSeconds,
        details: {
          scope,
          limit_per_minute: verdict.limit,
          retry_after_seconds: verdict.resetSeconds,
        },
      },
    );
  }
}

/** The address limits apply to: IPv4 as is, IPv6 by /64 (one host usually owns a whole /64). */
export function addressOf(req: Request): string {
  return normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

function judge(record: ThrottlerRecord, limit: number): Verdict {
  const rejected = record.isBlocked || record.totalHits > limit;
  const resetSeconds = rejected
    ? Math.max(1, record.timeToExpire, record.timeToBlockExpire)
    : Math.max(0, record.timeToExpire);
  return { limit, remaining: Math.max(0, limit - record.totalHits), resetSeconds, rejected };
}

function setHeaders(res: Response, verdict: Verdict): void {
  res.setHeader('X-RateLimit-Limit', String(verdict.limit));
  res.setHeader('X-RateLimit-Remaining', String(verdict.remaining));
  res.setHeader('X-RateLimit-Reset', String(verdict.resetSeconds));
}
