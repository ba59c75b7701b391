import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ResultCacheService } from '../cache/result-cache.service';
import { DeviceService } from '../device/device.service';
import { MinuteWindow } from './minute.window';
import { RequestCounters } from './request.counters';
import { TestActivity, type TestActivitySummary } from './test.activity';

/** GET /api/stats, in the contract's shape. */
export interface StatsReport {
  uptime_seconds: number;
  total_requests: number;
  successful_requests: number;
  failed_requests: number;
  cache: {
    total_entries: number | null;
    hit_count: number;
    miss_count: number;
    hit_rate_percent: number | null;
    evictions: number | null;
  };
  connections: {
    active_mikrotik_connections: number;
    pool_size: number;
    failed_connections_24h: number;
    average_connection_time_ms: number | null;
  };
  tests: TestActivitySummary;
}

const SAMPLE_EVERY_MS = 60_000;

/** Assembles /api/stats from the live counters of HTTP, the cache, the SSH pool and the tests. */
@Injectable()
export class StatsService implements OnModuleDestroy {
  private readonly startedAt = Date.now();
  // The pool counts failed connections since start; sampling the growth once a minute (and on
  // every read) turns that into a 24 h sliding count.
  private readonly connectionFailures = new MinuteWindow(['failed'] as const);
  private failuresSeen = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(
    private readonly requests: RequestCounters,
    private readonly tests: TestActivity,
    private readonly cache: ResultCacheService,
    private readonly devices: DeviceService,
  ) {
    this.sampler = setInterval(() => this.sampleConnectionFailures(), SAMPLE_EVERY_MS);
    this.sampler.unref();
  }

  async report(): Promise<StatsReport> {
    this.sampleConnectionFailures();
    const cache = await this.cache.status();
    const pool = this.devices.stats();
    const requests = this.requests.snapshot();
    return {
      uptime_seconds: Math.round((Date.now() - this.startedAt) / 1000),
      total_requests: requests.total,
      successful_requests: requests.successful,
      failed_requests: requests.failed,
      cache: {
        total_entries: cache.entries,
        hit_count: cache.hits,
        miss_count: cache.misses,
        hit_rate_percent: cache.hit_rate_percent,
        evictions: cache.evictions,
      },
      connections: {
        active_mikrotik_connections: pool.activeConnections,
        pool_size: pool.pooledKeys,
        failed_connections_24h: this.connectionFailures.totals().failed,
        average_connection_time_ms:
          pool.connectAttempts.success === 0 ? null : Math.round(pool.averageConnectMs * 100) / 100,
      },
      tests: this.tests.summary(),
    };
  }

  onModuleDestroy(): void {
    clearInterval(this.sampler);
  }

  private sampleConnectionFailures(): void {
    const total = this.devices.stats().failedConnections;
    if (total > this.failuresSeen)
      this.connectionFailures.add({ failed: total - this.failuresSeen });
    this.failuresSeen = total;
  }
}
