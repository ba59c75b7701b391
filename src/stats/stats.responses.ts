import { ApiProperty } from '@nestjs/swagger';

// Swagger shape of GET /api/stats; StatsReport in stats.service.ts is the source of truth.

class StatsCacheResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'fresh entries; null while Redis is unreachable',
  })
  total_entries!: number | null;
  @ApiProperty()
  hit_count!: number;
  @ApiProperty()
  miss_count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null before the first lookup' })
  hit_rate_percent!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'LRU evictions (memory backend); null on Redis',
  })
  evictions!: number | null;
}

class StatsConnectionsResponse {
  @ApiProperty({ description: 'open SSH connections to routers' })
  active_mikrotik_connections!: number;
  @ApiProperty({ description: 'routers with pooled connections' })
  pool_size!: number;
  @ApiProperty({ description: 'SSH connections that failed in the last 24 hours' })
  failed_connections_24h!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'mean SSH connect time; null before the first connection',
  })
  average_connection_time_ms!: number | null;
}

class StatsTestsResponse {
  @ApiProperty({
    description: 'ping answers in the last 24 hours (router, cache, shared or stale)',
  })
  ping_tests_24h!: number;
  @ApiProperty()
  traceroute_tests_24h!: number;
  @ApiProperty({ description: 'tests answered with an error in the last 24 hours' })
  failed_tests_24h!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'mean duration of tests run on a router; null when none ran',
  })
  average_test_duration_ms!: number | null;
}

export class StatsResponse {
  @ApiProperty()
  uptime_seconds!: number;
  @ApiProperty({ description: 'HTTP requests answered by this replica since start' })
  total_requests!: number;
  @ApiProperty({ description: 'answered with 1xx-3xx' })
  successful_requests!: number;
  @ApiProperty({ description: 'answered with 4xx or 5xx' })
  failed_requests!: number;
  @ApiProperty({ type: StatsCacheResponse })
  cache!: StatsCacheResponse;
  @ApiProperty({ type: StatsConnectionsResponse })
  connections!: StatsConnectionsResponse;
  @ApiProperty({ type: StatsTestsResponse })
  tests!: StatsTestsResponse;
}
