import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RedisModule } from '../cache/redis.module';
import { HistoryController } from './history.controller';
import { HistoryReader } from './history.reader';
import { HistoryService } from './history.service';
import { PathTracker } from './path.tracker';

/**
 * Result history and traceroute path-change detection. Exports what the probe module calls for
 * each fresh result: `HistoryService.record` and `PathTracker.annotate`.
 */
@Module({
  imports: [RedisModule, AuthModule],
  controllers: [HistoryController],
  providers: [HistoryService, HistoryReader, PathTracker],
  exports: [HistoryService, PathTracker],
})
export class HistoryModule {}
