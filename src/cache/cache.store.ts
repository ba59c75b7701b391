import type { KeyvStoreAdapter } from 'keyv';

/**
 * A Keyv storage adapter the cache endpoints can also enumerate, count and clear. Values are
 * what Keyv hands the store: its serialized `{ value, expires }` string.
 */
export interface ListableStore extends KeyvStoreAdapter {
  /** Up to `limit` live entries as [key without the store's prefix, stored value]. */
  list(limit: number): Promise<Array<[string, unknown]>>;
  /** Live entries now. */
  count(): Promise<number>;
  /** Removes this store's entries (never anyone else's keys) and answers how many. */
  removeAll(): Promise<number>;
}

/** The two stores of the result cache: fresh answers and the last good copy of each. */
export abstract class CacheStores {
  abstract readonly backend: 'redis' | 'memory';
  abstract readonly fresh: ListableStore;
  abstract readonly stale: ListableStore;
  /** Entries dropped to respect MAX_CACHE_SIZE; null where the backend does not say (Redis). */
  abstract evictions(): number | null;
}
