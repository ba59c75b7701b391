const DEFAULT_MAX_KEYS = 100_000;

/**
 * Keys with an expiry time, bounded in number so a flood of distinct clients cannot grow it
 * without limit: at the cap, expired entries go first, then the oldest.
 */
export class ExpiryMap {
  private readonly until = new Map<string, number>();

  constructor(private readonly maxKeys = DEFAULT_MAX_KEYS) {}

  /** Milliseconds until `key` expires; 0 when absent or expired. */
  remainingMs(key: string, now: number): number {
    const until = this.until.get(key);
    if (until === undefined) return 0;
    if (until > now) return until - now;
    this.until.delete(key);
    return 0;
  }

  set(key: string, until: number, now: number): void {
    if (this.until.size >= this.maxKeys && !this.until.has(key)) {
      for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
      for (const k of this.until.keys()) {
        if (this.until.size < this.maxKeys) break;
        this.until.delete(k);
      }
    }
    this.until.set(key, until);
  }
}
