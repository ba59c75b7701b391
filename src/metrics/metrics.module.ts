import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ResultCacheModule } from '../cache/result-cache.module';
import type { MetricsConfig } from '../config/configuration';
import { DeviceModule } from '../device/device.module';
import { ProbeModule } from '../probe/probe.module';
import { StatsModule } from '../stats/stats.module';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics. The counters run whatever the settings (the middleware also feeds
 * /api/stats); GET /metrics exists only with METRICS_ENABLED=true, so it is a plain 404 (and
 * absent from Swagger) otherwise.
 */
@Module({})
export class MetricsModule {
  static forRoot(metrics: MetricsConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [ProbeModule, DeviceModule, ResultCacheModule, AuthModule, StatsModule],
      controllers: metrics.enabled ? [MetricsController] : [],
      providers: [MetricsService, HttpMetricsMiddleware],
      exports: [HttpMetricsMiddleware],
    };
  }
}
