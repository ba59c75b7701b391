// The stored form of a cache entry and how the listing reads it back.

/** What a cache entry is about, for the cache listing. */
export interface CacheEntryMeta {
  test_type: string;
  mikrotik_host: string;
  target: string;
}

/** One line of GET /api/cache. */
export interface CacheEntrySummary extends CacheEntryMeta {
  key: string;
  age_seconds: number;
  expires_in_seconds: number;
}

/** What is stored: the value, what it is about, and when it was measured and goes stale. */
export interface Envelope<T> {
  value: T;
  meta: CacheEntryMeta;
  measuredAt: number;
  expiresAt: number;
}

/** Whole seconds of freshness left, 0 once expired. */
export function remaining(envelope: Envelope<unknown>, now: number): number {
  return Math.max(0, Math.ceil((envelope.expiresAt - now) / 1000));
}

/** The listing line of an entry. */
export function summarize(
  key: string,
  envelope: Envelope<unknown>,
  now: number,
): CacheEntrySummary {
  return {
    key,
    test_type: envelope.meta.test_type,
    mikrotik_host: envelope.meta.mikrotik_host,
    target: envelope.meta.target,
    age_seconds: Math.max(0, Math.round((now - envelope.measuredAt) / 1000)),
    expires_in_seconds: remaining(envelope, now),
  };
}

/** A store's raw value is Keyv's serialized `{ value, expires }`. */
export function parseStored(raw: unknown): Envelope<unknown> | undefined {
  try {
    const data = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
      value?: Partial<Envelope<unknown>>;
    } | null;
    const envelope = data?.value;
    if (
      envelope?.meta === undefined ||
      typeof envelope.measuredAt !== 'number' ||
      typeof envelope.expiresAt !== 'number'
    )
      return undefined;
    return envelope as Envelope<unknown>;
  } catch {
    return undefined;
  }
}
