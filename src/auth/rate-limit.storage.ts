import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { MemoryThrottlerStorage, type ThrottlerRecord } from './memory-throttler.storage';

/** After a Redis command fails, count in memory this long before trying Redis again. */
const BYPASS_AFTER_ERROR_MS = 2000;

/**
 * Rate-limit counters: in Redis when one is configured, so every replica shares one limit; in
 * memory otherwise, and also whenever Redis is not answering, so a Redis outage degrades the
 * limits to per-instance instead of failing requests. The connection opens in the background once
 * the app has started (a Redis that is down never holds up or fails the start), never queues
 * commands while down, and gives up on a command after 500 ms.
 */
export class RateLimitStorage implements ThrottlerStorage, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new MemoryThrottlerStorage();
  private readonly client?: Redis;
  private readonly redis?: ThrottlerStorageRedisService;
  private bypassUntil = 0;
  private degraded = false;

  constructor(redisUrl: string | undefined) {
    if (redisUrl === undefined) return;
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      connectTimeout: 2000,
      connectionName: 'sentinel-rate-limit',
      retryStrategy: (attempt: number) => Math.min(attempt * 500, 5000),
      // The counts of concurrent requests go out in one write instead of one each.
      enableAutoPipelining: true,
    });
    // Without a listener ioredis prints every failed reconnect as an unhandled error event.
    this.client.on('error', (error: Error) => this.degrade(error));
    this.client.on('ready', () => this.recover());
    this.redis = new ThrottlerStorageRedisService(this.client);
  }

  /** Where the next count goes. */
  get backend(): 'redis' | 'memory' {
    return this.client?.status === 'ready' && Date.now() >= this.bypassUntil ? 'redis' : 'memory';
  }

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    if (this.redis !== undefined && this.redisUsable()) {
      try {
        const record = await this.redis.increment(
          key,
          ttlMs,
          limit,
          blockDurationMs,
          throttlerName,
        );
        if (this.degraded) this.recover();
        return record;
      } catch (error) {
        this.bypassUntil = Date.now() + BYPASS_AFTER_ERROR_MS;
        this.degrade(error);
      }
    }
    return this.memory.increment(key, ttlMs, limit, blockDurationMs, throttlerName);
  }

  onApplicationBootstrap(): void {
    if (this.client?.status === 'wait') this.client.connect().catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.client?.disconnect(false);
  }

  private redisUsable(): boolean {
    const client = this.client;
    if (client === undefined) return false;
    if (client.status === 'wait') {
      // Not connected yet: connect in the background; this request is counted in memory.
      client.connect().catch(() => undefined);
      return false;
    }
    return client.status === 'ready' && Date.now() >= this.bypassUntil;
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    const reason = error instanceof Error ? error.message : 'unknown error';
    this.logger.warn(
      `Redis is not answering for rate-limit counters (${reason}); counting in memory on this instance until it is back`,
    );
  }

  private recover(): void {
    this.bypassUntil = 0;
    if (this.degraded) this.logger.log('Redis is back: rate-limit counters are shared again');
    this.degraded = false;
  }
}
