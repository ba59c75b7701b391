import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Swagger shapes of the cache endpoints; the service's interfaces are the source of truth.

export class CacheStatusResponse {
  @ApiProperty({ enum: ['redis', 'memory'] })
  backend!: 'redis' | 'memory';
  @ApiProperty({ enum: ['connected', 'disconnected', 'not_configured'] })
  redis!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'fresh entries; null while Redis is unreachable',
  })
  entries!: number | null;
  @ApiProperty({ description: 'lookups answered from the cache since start (this replica)' })
  hits!: number;
  @ApiProperty()
  misses!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 87.5,
    description: 'null before the first lookup',
  })
  hit_rate_percent!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'LRU evictions (memory backend); null on Redis',
  })
  evictions!: number | null;
  @ApiProperty({ description: 'requests answered by an identical request already running' })
  coalesced!: number;
}

export class CacheEntryResponse {
  @ApiProperty({ example: 'ping_0123456789abcdef0123456789abcdef' })
  key!: string;
  @ApiProperty({ enum: ['ping', 'traceroute'] })
  test_type!: string;
  @ApiProperty({ example: 'core-1' })
  mikrotik_host!: string;
  @ApiProperty({ example: '8.8.8.8' })
  target!: string;
  @ApiProperty()
  age_seconds!: number;
  @ApiProperty()
  expires_in_seconds!: number;
}

export class CacheListResponse {
  @ApiProperty({ enum: ['redis', 'memory'] })
  backend!: 'redis' | 'memory';
  @ApiProperty({ description: 'entries listed (at most 1000, youngest first)' })
  count!: number;
  @ApiProperty({ type: [CacheEntryResponse] })
  entries!: CacheEntryResponse[];
}

export class CacheEntryDetailResponse extends CacheEntryResponse {
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  measured_at!: string;
  @ApiPropertyOptional({
    description: 'the cached measurement, as POST /api/test answers it',
    type: Object,
  })
  value!: unknown;
}

export class CacheDeletedResponse {
  @ApiProperty({ example: 'deleted' })
  status!: 'deleted';
  @ApiProperty()
  key!: string;
}

export class CacheClearedResponse {
  @ApiProperty({ example: 'cleared' })
  status!: 'cleared';
  @ApiProperty({ description: 'fresh entries removed (their last good copies went too)' })
  removed!: number;
}
