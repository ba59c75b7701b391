import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CacheAdminService } from './cache-admin.service';
import { CacheController } from './cache.controller';
import { ResultCacheOptions } from './cache.options';
import { CACHE_STORES_PROVIDER } from './cache.stores';
import { RedisModule } from './redis.module';
import { RequestCoalescer } from './request.coalescer';
import { ResultCacheService } from './result-cache.service';

/**
 * The result cache (Redis or in-memory), coalescing and the cache endpoints. Re-exports
 * RedisModule so health can take RedisHealthIndicator from here.
 */
@Module({
  imports: [RedisModule, AuditModule],
  controllers: [CacheController],
  providers: [
    { provide: ResultCacheOptions, useValue: new ResultCacheOptions() },
    CACHE_STORES_PROVIDER,
    RequestCoalescer,
    ResultCacheService,
    CacheAdminService,
  ],
  exports: [ResultCacheService, RedisModule],
})
export class ResultCacheModule {}
