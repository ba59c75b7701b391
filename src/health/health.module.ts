import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ResultCacheModule } from '../cache/result-cache.module';
import { DeviceModule } from '../device/device.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ShutdownState } from './shutdown.state';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ResultCacheModule, DeviceModule],
  controllers: [HealthController],
  providers: [HealthService, ShutdownState],
})
export class HealthModule {}
