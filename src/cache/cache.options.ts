/**
 * Code-level knobs of the result cache, separate from the environment: the Redis key prefix
 * (so clear-all and SCAN only ever see this service's keys, and tests can isolate themselves)
 * and the coalescing lock's timing. ResultCacheModule provides the defaults; specs provide
 * their own instance.
 */
export class ResultCacheOptions {
  constructor(
    /** Every Redis key and channel of the cache starts with this. */
    readonly prefix: string = 'sentinel:',
    /** Lifetime of a coalescing lock; the holder renews it while its test runs. */
    readonly lockLeaseMs: number = 10_000,
    /** How often a waiter on another replica re-checks the lock and the published result. */
    readonly pollMs: number = 250,
    /** How long a published result stays readable for waiters that missed the message. */
    readonly resultKeepMs: number = 30_000,
  ) {}

  get freshPrefix(): string {
    return `${this.prefix}cache:`;
  }

  get stalePrefix(): string {
    return `${this.prefix}stale:`;
  }

  lockKey(key: string): string {
    return `${this.prefix}lock:${key}`;
  }

  resultKey(key: string, token: string): string {
    return `${this.prefix}done:${key}:${token}`;
  }

  get channel(): string {
    return `${this.prefix}coalesce`;
  }
}
