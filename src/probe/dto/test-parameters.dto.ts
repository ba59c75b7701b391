import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import {
  HasMaxDecimals,
  IsCountForTestType,
  IsIpAddress,
  IsRoutingTable,
  IsTarget,
  OnlyFor,
} from './validators';

export const TEST_TYPES = ['ping', 'traceroute'] as const;
export type TestType = (typeof TEST_TYPES)[number];

/** What to measure. Defaults are applied by the service and echoed in `results.parameters`. */
export class TestParametersDto {
  @ApiProperty({ enum: TEST_TYPES, example: 'ping' })
  @IsIn(TEST_TYPES)
  test_type!: TestType;

  @ApiProperty({
    description: 'IPv4, IPv6 or RFC 1123 host name (ASCII, up to 253 characters)',
    example: '8.8.8.8',
  })
  @IsTarget()
  target!: string;

  @ApiPropertyOptional({
    description: 'ping: packets 1-100 (default 4); traceroute: probes per hop 1-10 (default 3)',
    minimum: 1,
    maximum: 100,
  })
  @IsOptional()
  @IsCountForTestType()
  count?: number;

  @ApiPropertyOptional({
    description: 'ping packet size in bytes',
    minimum: 14,
    maximum: 65535,
    default: 64,
  })
  @IsOptional()
  @OnlyFor('ping')
  @IsInt()
  @Min(14)
  @Max(65535)
  size?: number;

  @ApiPropertyOptional({
    description: 'ping: seconds between packets',
    minimum: 0.01,
    maximum: 5,
    default: 1,
  })
  @IsOptional()
  @OnlyFor('ping')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @HasMaxDecimals(3)
  @Min(0.01)
  @Max(5)
  interval?: number;

  @ApiPropertyOptional({
    description: 'traceroute: maximum hops',
    minimum: 1,
    maximum: 64,
    default: 30,
  })
  @IsOptional()
  @OnlyFor('traceroute')
  @IsInt()
  @Min(1)
  @Max(64)
  max_hops?: number;

  @ApiPropertyOptional({
    description: 'traceroute: seconds to wait for each probe',
    minimum: 0.1,
    maximum: 10,
    default: 1,
  })
  @IsOptional()
  @OnlyFor('traceroute')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @HasMaxDecimals(3)
  @Min(0.1)
  @Max(10)
  timeout?: number;

  @ApiPropertyOptional({
    description: 'source address on the router (IPv4 or IPv6)',
    example: '10.0.0.1',
  })
  @IsOptional()
  @IsIpAddress()
  src_address?: string;

  @ApiPropertyOptional({
    description: 'routing table (VRF) to test in',
    pattern: '^[A-Za-z0-9_.-]{1,64}$',
  })
  @IsOptional()
  @IsRoutingTable()
  routing_table?: string;

  @ApiPropertyOptional({
    description: 'false forces a fresh run and refreshes the cache entry',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  use_cache?: boolean;

  @ApiPropertyOptional({
    description:
      'when the router fails, answer with the last good result marked stale instead of an error',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  allow_stale?: boolean;
}
