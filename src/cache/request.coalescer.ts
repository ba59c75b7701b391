import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/errors/domain.error';
import { ERROR_TABLE, type ErrorCode } from '../common/errors/error-code';
import { CacheConfig } from '../config/configuration';
import { ResultCacheOptions } from './cache.options';
import { RedisClient } from './redis.client';

/** What one execution produced, as published to waiters on other replicas. */
type Outcome =
  | { ok: true; value: unknown }
  | {
      ok: false;
      error: {
        code: ErrorCode;
        message: string;
        details: Record<string, unknown>;
        retryAfterSeconds?: number;
      };
    };

/** What a caller that did not get the lock at once ends up doing. */
type Decision = { kind: 'hold' } | { kind: 'alone' } | { kind: 'shared'; outcome: Outcome };

// Delete / extend the lock only while it is still ours: a lock that expired and was taken by
// another replica must not be touched.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

/**
 * Runs identical work once: callers in this process share one promise, and replicas share one
 * execution through a Redis lock (SET NX PX, renewed while running) and the result published on
 * a channel and under a short-lived key. A waiter gives up after COALESCE_WAIT, or as soon as the
 * holder is gone without a result, and runs the work itself; without Redis, it is per process.
 */
@Injectable()
export class RequestCoalescer {
  private readonly inflight = new Map<string, Promise<{ value: unknown; shared: boolean }>>();
  private readonly waiters = new Map<string, Set<(outcome: Outcome) => void>>();
  private coalescedCount = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly config: CacheConfig,
    private readonly options: ResultCacheOptions,
  ) {
    redis.subscribe(options.channel, (message) => this.deliver(message));
  }

  /** Requests answered by another request's execution, since start. */
  get coalesced(): number {
    return this.coalescedCount;
  }

  async coalesce<T>(key: string, run: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      this.coalescedCount += 1;
      const { value } = await pending;
      return { value: value as T, shared: true };
    }
    const started = this.lead(key, run);
    this.inflight.set(key, started);
    const forget = () => {
      if (this.inflight.get(key) === started) this.inflight.delete(key);
    };
    started.then(forget, forget);
    return started;
  }

  private async lead<T>(
    key: string,
    run: () => Promise<T>,
  ): Promise<{ value: T; shared: boolean }> {
    const token = randomUUID();
    const decision =
      this.redis.available() === undefined
        ? { kind: 'alone' as const }
        : await this.follow(key, token);
    switch (decision.kind) {
      case 'hold':
        return { value: await this.hold(key, token, run), shared: false };
      case 'alone':
        return { value: await run(), shared: false };
      case 'shared': {
        this.coalescedCount += 1;
        const { outcome } = decision;
        if (!outcome.ok) throw revive(outcome.error);
        return { value: outcome.value as T, shared: true };
      }
    }
  }

  /** Takes the lock, or follows whoever holds it until it publishes, dies or the wait ends. */
  private async follow(key: string, token: string): Promise<Decision> {
    const deadline = Date.now() + this.config.coalesceWaitMs;
    const lockKey = this.options.lockKey(key);
    try {
      let holder: string | null = null;
      while (Date.now() < deadline) {
        const redis = this.redis.available();
        if (redis === undefined) break;
        if (holder === null) {
          const taken = await redis.set(lockKey, token, 'PX', this.options.lockLeaseMs, 'NX');
          if (taken === 'OK') return { kind: 'hold' };
          holder = await redis.get(lockKey);
          continue;
        }
        const wait = Math.min(this.options.pollMs, deadline - Date.now());
        const outcome = await this.awaitOutcome(redis, key, holder, wait);
        if (outcome !== undefined) return { kind: 'shared', outcome };
        const current = await redis.get(lockKey);
        if (current !== holder) {
          // The holder let go: it published (and the message raced us) or it died.
          const published = await this.readOutcome(redis, key, holder);
          if (published !== undefined) return { kind: 'shared', outcome: published };
          holder = current;
        }
      }
    } catch {
      // Redis failed while we waited: do the work ourselves rather than fail the caller.
    }
    return { kind: 'alone' };
  }

  private async hold<T>(key: string, token: string, run: () => Promise<T>): Promise<T> {
    const lockKey = this.options.lockKey(key);
    const renewal = setInterval(() => {
      this.redis
        .available()
        ?.eval(RENEW, 1, lockKey, token, this.options.lockLeaseMs)
        .catch(() => undefined);
    }, this.options.lockLeaseMs / 3);
    renewal.unref();
    let outcome: Outcome;
    let value: T;
    try {
      value = await run();
      outcome = { ok: true, value };
    } catch (error) {
      clearInterval(renewal);
      await this.finish(key, token, { ok: false, error: shareable(error) });
      throw error;
    }
    clearInterval(renewal);
    await this.finish(key, token, outcome);
    return value;
  }

  /** Publishes the outcome and lets go of the lock, in one round trip. */
  private async finish(key: string, token: string, outcome: Outcome): Promise<void> {
    const redis = this.redis.available();
    if (redis === undefined) return;
    const lockKey = this.options.lockKey(key);
    try {
      const payload = JSON.stringify({ key, token, outcome });
      // MULTI keeps the order for everyone: the result key exists before the lock is gone, so
      // a waiter that sees no lock finds the result.
      await redis
        .multi()
        .set(this.options.resultKey(key, token), payload, 'PX', this.options.resultKeepMs)
        .publish(this.options.channel, payload)
        .eval(RELEASE, 1, lockKey, token)
        .exec();
    } catch {
      // Not shareable or Redis failed: still free the lock; waiters run the work themselves.
      await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  private async awaitOutcome(
    redis: Redis,
    key: string,
    holder: string,
    ms: number,
  ): Promise<Outcome | undefined> {
    let settle: (outcome: Outcome | undefined) => void = () => undefined;
    const message = new Promise<Outcome | undefined>((resolve) => (settle = resolve));
    const listeners = this.waiters.get(key) ?? new Set<(outcome: Outcome) => void>();
    this.waiters.set(key, listeners);
    listeners.add(settle);
    const timer = setTimeout(() => settle(undefined), Math.max(1, ms));
    try {
      // Listening before reading: a result published in between is not missed.
      return (await this.readOutcome(redis, key, holder)) ?? (await message);
    } finally {
      clearTimeout(timer);
      listeners.delete(settle);
      if (listeners.size === 0 && this.waiters.get(key) === listeners) this.waiters.delete(key);
    }
  }

  private async readOutcome(
    redis: Redis,
    key: string,
    holder: string,
  ): Promise<Outcome | undefined> {
    const text = await redis.get(this.options.resultKey(key, holder));
    return text === null ? undefined : parseMessage(text)?.outcome;
  }

  private deliver(text: string): void {
    const message = parseMessage(text);
    if (message === undefined) return;
    for (const listener of this.waiters.get(message.key) ?? []) listener(message.outcome);
  }
}

function parseMessage(text: string): { key: string; token: string; outcome: Outcome } | undefined {
  try {
    const parsed = JSON.parse(text) as {
      key?: unknown;
      token?: unknown;
      outcome?: { ok?: unknown };
    };
    if (typeof parsed.key !== 'string' || typeof parsed.token !== 'string') return undefined;
    if (typeof parsed.outcome?.ok !== 'boolean') return undefined;
    return parsed as { key: string; token: string; outcome: Outcome };
  } catch {
    return undefined;
  }
}

function shareable(error: unknown): Extract<Outcome, { ok: false }>['error'] {
  if (error instanceof DomainError) {
    return {
      code: error.code,
      message: error.message,
      details: error.details,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  return { code: 'INTERNAL_ERROR', message: 'Internal error', details: {} };
}

function revive(error: Extract<Outcome, { ok: false }>['error']): DomainError {
  const code = error.code in ERROR_TABLE ? error.code : 'INTERNAL_ERROR';
  return new DomainError(code, error.message, {
    details: error.details,
    retryAfterSeconds: error.retryAfterSeconds,
  });
}
