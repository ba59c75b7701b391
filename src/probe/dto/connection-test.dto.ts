import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DeviceAccessDto } from './device-access.dto';

/** POST /api/connection-test: log in and report what the router is. */
export class ConnectionTestDto extends DeviceAccessDto {
  @ApiPropertyOptional({
    description: 'seconds to wait for the login',
    minimum: 1,
    maximum: 60,
    default: 10,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(60)
  timeout?: number;
}
