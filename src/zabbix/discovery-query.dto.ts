import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** GET /api/zabbix/discovery?device=: which inventory device; empty or absent means all. */
export class DiscoveryQueryDto {
  @ApiPropertyOptional({
    description:
      'Inventory device name. Empty or absent: every device. An unknown name gives an empty list, as LLD expects.',
    example: 'core-1',
    pattern: '^[A-Za-z0-9_.-]{0,64}$',
  })
  @IsOptional()
  // Zabbix sends `device=` when {$MIKROTIK.DEVICE} is empty, so the empty string is valid here.
  @Matches(/^[A-Za-z0-9_.-]{0,64}$/, { message: 'device must be an inventory device name' })
  device?: string;
}
