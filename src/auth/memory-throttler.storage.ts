import type { ThrottlerStorage } from '@nestjs/throttler';

export type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  resetAt: number;
  blockedUntil: number;
}

/** Enough for every address of a busy botnet minute; beyond it the oldest windows are dropped. */
const DEFAULT_MAX_KEYS = 100_000;

/**
 * Fixed-window counters in process memory, with the same semantics as the Redis script of
 * @nest-lab/throttler-storage-redis (INCR + PEXPIRE, a block key set once over the limit), so a
 * Redis outage changes where counts live, not what a limit means. O(1) per request; the
 * throttler's own ThrottlerStorageService keeps every hit's timestamp (O(limit) per request).
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    return this.incrementNow(`${key}:${throttlerName}`, ttlMs, limit, blockDurationMs);
  }

  /** How many keys are tracked (tests, and a bound on memory). */
  get size(): number {
    return this.windows.size;
  }

  private incrementNow(id: string, ttlMs: number, limit: number, blockMs: number): ThrottlerRecord {
    const now = this.now();
    let window = this.windows.get(id);
    if (window === undefined) {
      this.makeRoom(now);
      window = { hits: 0, resetAt: now + ttlMs, blockedUntil: 0 };
      this.windows.set(id, window);
    } else if (window.resetAt <= now) {
      window.hits = 0;
      window.resetAt = now + ttlMs;
    }
    window.hits += 1;
    let blocked = window.blockedUntil > now;
    if (!blocked && window.hits > limit) {
      window.blockedUntil = now + blockMs;
      blocked = true;
    }
    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.resetAt - now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    };
  }

  // Called only when a new key arrives at the cap: drop expired windows, then the oldest.
  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [id, window] of this.windows) {
      if (window.resetAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
    for (const id of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(id);
    }
  }
}
