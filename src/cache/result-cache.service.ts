import { Injectable } from '@nestjs/common';
import { type Cache, createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { DomainError } from '../common/errors/domain.error';
import { CacheConfig } from '../config/configuration';
import {
  type CacheEntryMeta,
  type CacheEntrySummary,
  type Envelope,
  parseStored,
  remaining,
  summarize,
} from './cache.envelope';
import { CacheStores, type ListableStore } from './cache.store';
import { RedisClient, type RedisStatus } from './redis.client';
import { RequestCoalescer } from './request.coalescer';

/** A value read from the cache; `ttlSeconds` is what is left of its freshness (cache_ttl). */
export interface CachedValue<T> {
  value: T;
  measuredAt: number;
  ttlSeconds: number;
}

/** GET /api/cache/status, and the cache part of /api/health and /api/stats. */
export interface CacheStatus {
  backend: 'redis' | 'memory';
  redis: RedisStatus;
  /** Fresh entries now; null when Redis cannot be asked. */
  entries: number | null;
  hits: number;
  misses: number;
  /** null before the first lookup. */
  hit_rate_percent: number | null;
  /** LRU evictions of the in-memory cache; null on Redis, which manages its own memory. */
  evictions: number | null;
  coalesced: number;
}

/** Cheap, synchronous counters for metrics collectors. */
export interface CacheCounters {
  backend: 'redis' | 'memory';
  hits: number;
  misses: number;
  evictions: number | null;
  coalesced: number;
}

const LIST_LIMIT = 1_000;
// Counting Redis entries is a SCAN of the whole keyspace: health and stats polls reuse a
// recent count instead of scanning on every call.
const COUNT_REUSE_MS = 5_000;

/**
 * The result cache: fresh answers for CACHE_TTL / CACHE_TTL_TRACEROUTE, a last good copy of
 * each for stale-if-error (up to STALE_MAX_AGE), and coalescing of identical work. A cache
 * that cannot be reached is a miss or a no-op, never an error for a test.
 */
@Injectable()
export class ResultCacheService {
  private readonly fresh: Cache;
  private readonly stale: Cache;
  private readonly freshKeyv: Keyv;
  private readonly staleKeyv: Keyv;
  private recentCount?: { at: number; entries: number };
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly stores: CacheStores,
    private readonly coalescer: RequestCoalescer,
    private readonly redis: RedisClient,
    private readonly config: CacheConfig,
  ) {
    this.freshKeyv = keyvOver(stores.fresh);
    this.staleKeyv = keyvOver(stores.stale);
    this.fresh = createCache({ stores: [this.freshKeyv] });
    this.stale = createCache({ stores: [this.staleKeyv] });
  }

  /** A fresh entry, counted as a hit or a miss. */
  async get<T>(key: string): Promise<CachedValue<T> | undefined> {
    const envelope = await read<T>(this.fresh, key);
    const now = Date.now();
    if (envelope === undefined || envelope.expiresAt <= now) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return {
      value: envelope.value,
      measuredAt: envelope.measuredAt,
      ttlSeconds: remaining(envelope, now),
    };
  }

  /** Stores a fresh entry for `ttlSeconds` (0: not cached) and the last good copy for stale-if-error. */
  async set<T>(key: string, value: T, ttlSeconds: number, meta: CacheEntryMeta): Promise<void> {
    const now = Date.now();
    const envelope: Envelope<T> = {
      value,
      meta,
      measuredAt: now,
      expiresAt: now + ttlSeconds * 1000,
    };
    const staleSeconds = Math.max(this.config.staleMaxAgeSeconds, ttlSeconds);
    await Promise.all([
      ttlSeconds > 0 ? write(this.fresh, key, envelope, ttlSeconds) : undefined,
      this.config.staleMaxAgeSeconds > 0
        ? write(this.stale, key, envelope, staleSeconds)
        : undefined,
    ]);
  }

  /** The last good value, fresh or not, if it was measured at most `maxAgeSeconds` ago. */
  async getStale<T>(key: string, maxAgeSeconds: number): Promise<CachedValue<T> | undefined> {
    const envelope = await read<T>(this.stale, key);
    const now = Date.now();
    if (envelope === undefined || now - envelope.measuredAt > maxAgeSeconds * 1000)
      return undefined;
    return {
      value: envelope.value,
      measuredAt: envelope.measuredAt,
      ttlSeconds: remaining(envelope, now),
    };
  }

  /** Identical work in flight runs once, in this process and across replicas on one Redis. */
  coalesce<T>(key: string, run: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    return this.coalescer.coalesce(key, run);
  }

  async status(): Promise<CacheStatus> {
    const entries = await this.countEntries();
    const lookups = this.hits + this.misses;
    return {
      backend: this.stores.backend,
      redis: this.redis.status(),
      entries,
      hits: this.hits,
      misses: this.misses,
      hit_rate_percent: lookups === 0 ? null : Math.round((this.hits / lookups) * 10_000) / 100,
      evictions: this.stores.evictions(),
      coalesced: this.coalescer.coalesced,
    };
  }

  counters(): CacheCounters {
    return {
      backend: this.stores.backend,
      hits: this.hits,
      misses: this.misses,
      evictions: this.stores.evictions(),
      coalesced: this.coalescer.coalesced,
    };
  }

  /** Fresh entries, youngest first, at most 1000. */
  async list(): Promise<CacheEntrySummary[]> {
    const rows = await this.reachable(() => this.stores.fresh.list(LIST_LIMIT));
    const now = Date.now();
    return rows
      .map(([key, raw]) => ({ key, envelope: parseStored(raw) }))
      .filter(
        (row): row is { key: string; envelope: Envelope<unknown> } => row.envelope !== undefined,
      )
      .filter(({ envelope }) => envelope.expiresAt > now)
      .map(({ key, envelope }) => summarize(key, envelope, now))
      .sort((a, b) => a.age_seconds - b.age_seconds || a.key.localeCompare(b.key));
  }

  /** One fresh entry with its value; NOT_FOUND when there is none. */
  async entry(key: string): Promise<CacheEntrySummary & { measured_at: string; value: unknown }> {
    const envelope = await this.reachable(
      async () => (await this.freshKeyv.get<Envelope<unknown>>(key)) ?? undefined,
    );
    const now = Date.now();
    if (envelope === undefined || envelope.expiresAt <= now) throw notFound(key);
    return {
      ...summarize(key, envelope, now),
      measured_at: new Date(envelope.measuredAt).toISOString(),
      value: envelope.value,
    };
  }

  /** Removes an entry and its last good copy; NOT_FOUND when neither existed. */
  async remove(key: string): Promise<void> {
    this.recentCount = undefined;
    const removed = await this.reachable(() =>
      Promise.all([this.stores.fresh.delete(key), this.stores.stale.delete(key)]),
    );
    if (!removed.some(Boolean)) throw notFound(key);
  }

  /** Removes every entry and last good copy of this service (never foreign keys); answers how many entries. */
  async clear(): Promise<number> {
    this.recentCount = undefined;
    const [fresh] = await this.reachable(() =>
      Promise.all([this.stores.fresh.removeAll(), this.stores.stale.removeAll()]),
    );
    return fresh;
  }

  private async countEntries(): Promise<number | null> {
    if (this.stores.backend === 'memory') return this.stores.fresh.count();
    const now = Date.now();
    if (this.recentCount !== undefined && now - this.recentCount.at < COUNT_REUSE_MS) {
      return this.recentCount.entries;
    }
    try {
      const entries = await this.stores.fresh.count();
      this.recentCount = { at: now, entries };
      return entries;
    } catch {
      return null;
    }
  }

  // The cache endpoints, unlike tests, must say when Redis is down rather than answer "empty".
  private async reachable<R>(operation: () => Promise<R>): Promise<R> {
    const unavailable = (cause?: unknown) =>
      new DomainError('INTERNAL_ERROR', 'The cache backend (Redis) is unavailable; try again', {
        cause,
      });
    if (this.stores.backend === 'redis' && this.redis.available() === undefined)
      throw unavailable();
    try {
      return await operation();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function keyvOver(store: ListableStore): Keyv {
  // No Keyv key prefix: the stores apply their own (`sentinel:cache:`), which clear-all relies on.
  return new Keyv({
    store,
    useKeyPrefix: false,
    serialize: JSON.stringify,
    deserialize: JSON.parse,
  });
}

async function read<T>(cache: Cache, key: string): Promise<Envelope<T> | undefined> {
  try {
    return await cache.get<Envelope<T>>(key);
  } catch {
    return undefined;
  }
}

async function write<T>(
  cache: Cache,
  key: string,
  envelope: Envelope<T>,
  seconds: number,
): Promise<void> {
  try {
    await cache.set(key, envelope, seconds * 1000);
  } catch {
    // A cache that cannot be written is a cache miss next time, not a failed test.
  }
}

function notFound(key: string): DomainError {
  return new DomainError('NOT_FOUND', `No cache entry ${key}`, { details: { key } });
}
