import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IsDeviceHost, IsTarget } from '../../probe/dto/validators';
import { HISTORY_TEST_TYPES, type HistoryTestType } from '../history.types';

/** GET /api/history: one series. Unknown query fields are a 400 (the global pipe forbids them). */
export class HistoryQueryDto {
  @ApiProperty({
    description: 'the router as answers name it (`mikrotik_host`): an inventory name or an address',
    example: 'core-1',
  })
  @IsDeviceHost()
  device!: string;

  @ApiProperty({
    description: 'the target as tested: an IPv4 or IPv6 address or a host name',
    example: '8.8.8.8',
  })
  @IsTarget()
  target!: string;

  @ApiPropertyOptional({ enum: HISTORY_TEST_TYPES, default: 'ping' })
  @IsOptional()
  @IsIn(HISTORY_TEST_TYPES)
  test_type?: HistoryTestType;

  @ApiPropertyOptional({
    description: 'only points measured at or after this ISO-8601 time (default: everything kept)',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true, strictSeparator: true },
    { message: '$property must be an ISO-8601 date and time' },
  )
  since?: string;
}

/** GET /api/history/targets. */
export class HistoryTargetsQueryDto {
  @ApiPropertyOptional({ enum: HISTORY_TEST_TYPES, description: 'only series of this test type' })
  @IsOptional()
  @IsIn(HISTORY_TEST_TYPES)
  test_type?: HistoryTestType;
}
