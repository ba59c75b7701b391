import { Injectable } from '@nestjs/common';
import { RedisClient } from './redis.client';

/** What /api/health and readiness show for Redis. */
export interface RedisHealth {
  status: 'up' | 'down' | 'not_configured';
  /** PING round trip, when up. */
  latency_ms?: number;
}

/**
 * Redis as a health component, for the health module to compose (the feature owns its
 * indicator; health only composes). Never throws: a down Redis is a state, not an error.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(private readonly redis: RedisClient) {}

  async check(): Promise<RedisHealth> {
    if (!this.redis.configured) return { status: 'not_configured' };
    const latency = await this.redis.ping();
    if (latency === undefined) return { status: 'down' };
    return { status: 'up', latency_ms: Math.round(latency * 100) / 100 };
  }
}
