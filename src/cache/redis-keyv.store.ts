import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { StoredData } from 'keyv';
import type { ListableStore } from './cache.store';
import type { RedisClient } from './redis.client';

const SCAN_BATCH = 500;

/**
 * A Keyv store over the app's shared ioredis connection. Written here rather than taking
 * @keyv/redis, which brings node-redis and a second connection pool with its own reconnect and
 * queueing behaviour; this keeps one client, the fail-fast options of RedisClient (a down Redis
 * is a miss, never a wait) and prefix-scoped SCAN for listing and clearing.
 *
 * Every key lives under `prefix`; nothing outside it is ever read, listed or deleted.
 */
export class RedisKeyvStore extends EventEmitter implements ListableStore {
  readonly opts = { dialect: 'ioredis' };
  namespace?: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    super();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const redis = this.redis.available();
    if (redis === undefined) return undefined;
    const value = await redis.get(this.prefix + key);
    return value === null ? undefined : (value as StoredData<Value>);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const redis = this.redis.available();
    if (redis === undefined) return false;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (ttl !== undefined && ttl > 0)
      await redis.set(this.prefix + key, text, 'PX', Math.ceil(ttl));
    else await redis.set(this.prefix + key, text);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const redis = this.redis.available();
    if (redis === undefined) return false;
    return (await redis.del(this.prefix + key)) > 0;
  }

  async has(key: string): Promise<boolean> {
    const redis = this.redis.available();
    if (redis === undefined) return false;
    return (await redis.exists(this.prefix + key)) > 0;
  }

  async clear(): Promise<void> {
    await this.removeAll();
  }

  async list(limit: number): Promise<Array<[string, unknown]>> {
    const redis = this.required();
    const found: Array<[string, unknown]> = [];
    for await (const keys of this.scan(redis)) {
      const values = await redis.mget(...keys);
      keys.forEach((key, index) => {
        const value = values[index];
        // A key can expire between SCAN and MGET.
        if (value !== null && found.length < limit)
          found.push([key.slice(this.prefix.length), value]);
      });
      if (found.length >= limit) break;
    }
    return found;
  }

  async count(): Promise<number> {
    const redis = this.required();
    let total = 0;
    for await (const keys of this.scan(redis)) total += keys.length;
    return total;
  }

  async removeAll(): Promise<number> {
    const redis = this.required();
    let removed = 0;
    // SCAN, never KEYS: KEYS blocks a shared Redis for the whole keyspace.
    for await (const keys of this.scan(redis)) removed += await redis.unlink(...keys);
    return removed;
  }

  private required(): Redis {
    const redis = this.redis.available();
    if (redis === undefined) throw new Error('Redis is unavailable');
    return redis;
  }

  private async *scan(redis: Redis): AsyncGenerator<string[]> {
    const pattern = `${escapeGlob(this.prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/** Makes a literal prefix safe inside a Redis MATCH pattern. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
