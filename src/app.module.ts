import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ResultCacheModule } from './cache/result-cache.module';
import type { Configuration } from './config/configuration';
import { AppConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeviceModule } from './device/device.module';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { InventoryModule } from './inventory/inventory.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProbeModule } from './probe/probe.module';
import { StatsModule } from './stats/stats.module';
import { ZabbixModule } from './zabbix/zabbix.module';

@Module({})
export class AppModule {
  static forRoot(configuration: Configuration): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(configuration),
        AuditModule,
        AuthModule,
        DeviceModule,
        InventoryModule,
        ResultCacheModule,
        ProbeModule,
        HealthModule,
        StatsModule,
        MetricsModule.forRoot(configuration.metrics),
        ZabbixModule,
        HistoryModule,
        DashboardModule,
      ],
    };
  }
}
