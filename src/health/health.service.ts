import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { version } from '../bootstrap';
import { RedisHealthIndicator } from '../cache/redis.health';
import { ResultCacheService } from '../cache/result-cache.service';
import { CacheConfig } from '../config/configuration';
import { DeviceService } from '../device/device.service';
import { ShutdownState } from './shutdown.state';

export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy';

/** Composes the feature modules' indicators into liveness, readiness and the detail view. */
@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisHealthIndicator,
    private readonly cache: ResultCacheService,
    private readonly devices: DeviceService,
    private readonly cacheConfig: CacheConfig,
    private readonly shutdown: ShutdownState,
  ) {}

  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.terminus.check([
        async () => {
          const session = this.indicators.check('lifecycle');
          return this.shutdown.isDraining
            ? session.down({ message: 'shutting down' })
            : session.up();
        },
        async () => {
          const session = this.indicators.check('redis');
          const { status, ...facts } = await this.redis.check();
          const required = this.cacheConfig.readinessRequiresRedis;
          const data = { state: status, ...facts };
          return status === 'down' && required ? session.down(data) : session.up(data);
        },
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException)
        return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  async detail() {
    const [redis, cache] = await Promise.all([this.redis.check(), this.cache.status()]);
    const pool = this.devices.stats();
    const status: OverallStatus = this.shutdown.isDraining
      ? 'unhealthy'
      : redis.status === 'down'
        ? 'degraded'
        : 'healthy';
    return {
      status,
      version: version(),
      timestamp: new Date().toISOString(),
      uptime_seconds: Math.round((Date.now() - this.startedAt) / 1000),
      components: {
        redis,
        ssh_pool: {
          status: 'up',
          active_connections: pool.activeConnections,
          in_flight: pool.inFlight,
          queued: pool.queued,
          handshakes: pool.handshakes,
          failed_connections: pool.failedConnections,
        },
      },
      cache,
      performance: {
        average_connection_time_ms: pool.averageConnectMs,
      },
    };
  }
}
