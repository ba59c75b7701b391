import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Swagger shapes of the history endpoints; the service's interfaces are the source of truth.

export class HistoryPointResponse {
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', description: 'when the router measured it' })
  t!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ping: packet loss, percent' })
  loss?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ping: rtt_min_ms' })
  min?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ping: rtt_median_ms' })
  median?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ping: rtt_avg_ms' })
  avg?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ping: rtt_max_ms' })
  max?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ping: jitter_ms' })
  jitter?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'traceroute: hops' })
  hop_count?: number | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'traceroute: reached_target' })
  reached?: boolean | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '3f2a9c0d11b7e845',
    description: 'traceroute: path hash',
  })
  path_hash?: string | null;
  @ApiPropertyOptional({
    type: [String],
    description: 'traceroute: hop addresses in order, `*` for a timeout',
  })
  path?: string[];
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: 'traceroute: path differs from the one before',
  })
  path_changed?: boolean | null;
}

export class HistoryResponse {
  @ApiProperty({ example: 'core-1' })
  device!: string;
  @ApiProperty({ enum: ['ping', 'traceroute'] })
  test_type!: string;
  @ApiProperty({ example: '8.8.8.8' })
  target!: string;
  @ApiProperty({ enum: ['redis', 'memory'] })
  backend!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the `since` asked for' })
  since!: string | null;
  @ApiProperty()
  count!: number;
  @ApiProperty({ type: [HistoryPointResponse], description: 'oldest first' })
  points!: HistoryPointResponse[];
}

export class HistorySeriesResponse {
  @ApiProperty({ example: 'core-1' })
  device!: string;
  @ApiProperty({ enum: ['ping', 'traceroute'] })
  test_type!: string;
  @ApiProperty({ example: '8.8.8.8' })
  target!: string;
  @ApiProperty({ description: 'points kept' })
  points!: number;
  @ApiProperty({ type: HistoryPointResponse, nullable: true, description: 'the newest point' })
  last!: HistoryPointResponse | null;
}

export class HistoryTargetsResponse {
  @ApiProperty({ enum: ['redis', 'memory'] })
  backend!: string;
  @ApiProperty({
    type: [HistorySeriesResponse],
    description: 'sorted by device, target, test type',
  })
  series!: HistorySeriesResponse[];
}
