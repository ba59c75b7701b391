import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsDeviceHost, IsUserName } from './validators';

/** Which router to use: an inventory device by name, or an address with credentials. */
export class DeviceAccessDto {
  @ApiProperty({
    description: 'IPv4, IPv6 or host name of the router, or the name of an inventory device',
    example: 'demo-router',
  })
  @IsDeviceHost()
  mikrotik_host!: string;

  @ApiPropertyOptional({
    description:
      'SSH user (required unless mikrotik_host names an inventory device). The `+ct` suffix is added by the service.',
    example: 'monitor',
  })
  @IsOptional()
  @IsUserName()
  mikrotik_user?: string;

  @ApiPropertyOptional({
    description:
      'SSH password (required unless mikrotik_host names an inventory device); never logged, cached or echoed',
    format: 'password',
    minLength: 1,
    maxLength: 256,
  })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  mikrotik_password?: string;

  @ApiPropertyOptional({ description: 'SSH port', minimum: 1, maximum: 65535, default: 22 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  mikrotik_port?: number;
}
