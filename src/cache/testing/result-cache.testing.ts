import { randomUUID } from 'node:crypto';
import { CacheConfig } from '../../config/configuration';
import { ResultCacheOptions } from '../cache.options';
import { createCacheStores } from '../cache.stores';
import { RedisClient } from '../redis.client';
import { RequestCoalescer } from '../request.coalescer';
import { escapeGlob } from '../redis-keyv.store';
import { ResultCacheService } from '../result-cache.service';
import { waitUntil } from './redis-server';

/** The shared Redis the specs may use, each under a prefix of its own. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export interface CacheHarnessOptions {
  redisUrl?: string;
  /** Several harnesses with one prefix act as replicas of one deployment. */
  prefix?: string;
  maxEntries?: number;
  staleMaxAgeSeconds?: number;
  coalesceWaitMs?: number;
  lockLeaseMs?: number;
  pollMs?: number;
}

export interface CacheHarness {
  cache: ResultCacheService;
  redis: RedisClient;
  options: ResultCacheOptions;
  close(): Promise<void>;
}

/** A ResultCacheService wired as ResultCacheModule wires it, with its own Redis connection. */
export function cacheHarness(options: CacheHarnessOptions = {}): CacheHarness {
  const config = new CacheConfig(
    options.redisUrl,
    30,
    300,
    options.maxEntries ?? 1000,
    options.staleMaxAgeSeconds ?? 3600,
    true,
    options.coalesceWaitMs ?? 10_000,
    1440,
    7 * 86400,
  );
  const cacheOptions = new ResultCacheOptions(
    options.prefix ?? testPrefix(),
    options.lockLeaseMs ?? 10_000,
    options.pollMs ?? 100,
  );
  const redis = new RedisClient(config);
  const coalescer = new RequestCoalescer(redis, config, cacheOptions);
  const cache = new ResultCacheService(
    createCacheStores(config, redis, cacheOptions),
    coalescer,
    redis,
    config,
  );
  const close = async () => {
    await purge(redis, cacheOptions.prefix).catch(() => undefined);
    await redis.onModuleDestroy();
  };
  return { cache, redis, options: cacheOptions, close };
}

/** A prefix no other spec (or production) uses. */
export function testPrefix(): string {
  return `sentinel-test:${randomUUID()}:`;
}

export async function connected(redis: RedisClient): Promise<void> {
  await waitUntil(() => redis.status() === 'connected', 5_000);
}

/** A cache key of the production shape. */
export function someKey(type: 'ping' | 'traceroute' = 'ping'): string {
  return `${type}_${randomUUID().replace(/-/g, '')}`;
}

/** Deletes every key under `prefix`, so specs leave the shared Redis as they found it. */
async function purge(client: RedisClient, prefix: string): Promise<void> {
  const redis = client.available();
  if (redis === undefined) return;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
