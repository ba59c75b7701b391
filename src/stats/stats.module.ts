import { Module } from '@nestjs/common';
import { ResultCacheModule } from '../cache/result-cache.module';
import { DeviceModule } from '../device/device.module';
import { ProbeModule } from '../probe/probe.module';
import { RequestCounters } from './request.counters';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';
import { TestActivity } from './test.activity';

/** GET /api/stats. Exports the request counters that the metrics middleware feeds. */
@Module({
  imports: [ProbeModule, DeviceModule, ResultCacheModule],
  controllers: [StatsController],
  providers: [RequestCounters, TestActivity, StatsService],
  exports: [RequestCounters],
})
export class StatsModule {}
