import { Module } from '@nestjs/common';
import { RedisClient } from './redis.client';
import { RedisHealthIndicator } from './redis.health';

/** The app's one Redis connection and its health indicator, for whoever needs Redis. */
@Module({
  providers: [RedisClient, RedisHealthIndicator],
  exports: [RedisClient, RedisHealthIndicator],
})
export class RedisModule {}
