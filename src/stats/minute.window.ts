/**
 * Sums of a few numeric fields over a sliding window (24 h by default), kept as one bucket per
 * minute in a fixed ring: memory is `minutes` buckets whatever the traffic, and a bucket is
 * reused (zeroed) when its minute comes round again.
 */
export class MinuteWindow<F extends string> {
  private readonly buckets: Array<{ minute: number; values: Record<F, number> }>;

  constructor(
    private readonly fields: readonly F[],
    private readonly minutes = 1440,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = Array.from({ length: minutes }, () => ({ minute: -1, values: this.zero() }));
  }

  add(values: Partial<Record<F, number>>): void {
    const minute = Math.floor(this.now() / 60_000);
    const bucket = this.buckets[minute % this.minutes];
    if (bucket.minute !== minute) {
      bucket.minute = minute;
      bucket.values = this.zero();
    }
    for (const field of this.fields) bucket.values[field] += values[field] ?? 0;
  }

  /** Sums over the last `minutes` minutes, the current one included. */
  totals(): Record<F, number> {
    const current = Math.floor(this.now() / 60_000);
    const sums = this.zero();
    for (const bucket of this.buckets) {
      if (bucket.minute <= current - this.minutes || bucket.minute > current) continue;
      for (const field of this.fields) sums[field] += bucket.values[field];
    }
    return sums;
  }

  private zero(): Record<F, number> {
    return Object.fromEntries(this.fields.map((field) => [field, 0])) as Record<F, number>;
  }
}
