import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ResultCacheModule } from '../cache/result-cache.module';
import { DeviceModule } from '../device/device.module';
import { HistoryModule } from '../history/history.module';
import { InventoryModule } from '../inventory/inventory.module';
import { BatchService } from './batch.service';
import { ConnectionTestService } from './connection-test.service';
import { DeviceResolver } from './device.resolver';
import { MeasurementRunner } from './measurement.runner';
import { ProbeController } from './probe.controller';
import { ProbeEvents } from './probe.events';
import { ProbeService } from './probe.service';

@Module({
  imports: [
    DeviceModule,
    InventoryModule,
    ResultCacheModule,
    AuditModule,
    AuthModule,
    HistoryModule,
  ],
  controllers: [ProbeController],
  providers: [
    ProbeService,
    BatchService,
    ConnectionTestService,
    DeviceResolver,
    MeasurementRunner,
    ProbeEvents,
  ],
  exports: [ProbeEvents],
})
export class ProbeModule {}
