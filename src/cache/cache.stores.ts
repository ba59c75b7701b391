import { CacheConfig } from '../config/configuration';
import { ResultCacheOptions } from './cache.options';
import { CacheStores, type ListableStore } from './cache.store';
import { MemoryLruStore } from './memory-lru.store';
import { RedisClient } from './redis.client';
import { RedisKeyvStore } from './redis-keyv.store';

/** Shared by every replica: entries live as long as their TTL; Redis bounds memory itself. */
export class RedisCacheStores extends CacheStores {
  readonly backend = 'redis' as const;
  readonly fresh: ListableStore;
  readonly stale: ListableStore;

  constructor(redis: RedisClient, options: ResultCacheOptions) {
    super();
    this.fresh = new RedisKeyvStore(redis, options.freshPrefix);
    this.stale = new RedisKeyvStore(redis, options.stalePrefix);
  }

  evictions(): null {
    return null;
  }
}

/** One process only: MAX_CACHE_SIZE fresh entries and as many last good copies. */
export class MemoryCacheStores extends CacheStores {
  readonly backend = 'memory' as const;
  readonly fresh: MemoryLruStore;
  readonly stale: MemoryLruStore;

  constructor(maxEntries: number) {
    super();
    this.fresh = new MemoryLruStore(maxEntries);
    this.stale = new MemoryLruStore(maxEntries);
  }

  evictions(): number {
    return this.fresh.evictions;
  }
}

/** Redis when one is configured (even if it is down right now), memory otherwise. */
export function createCacheStores(
  config: CacheConfig,
  redis: RedisClient,
  options: ResultCacheOptions,
): CacheStores {
  return redis.configured
    ? new RedisCacheStores(redis, options)
    : new MemoryCacheStores(config.maxEntries);
}

/** Provider for ResultCacheModule (and specs that assemble the cache themselves). */
export const CACHE_STORES_PROVIDER = {
  provide: CacheStores,
  useFactory: createCacheStores,
  inject: [CacheConfig, RedisClient, ResultCacheOptions],
};
