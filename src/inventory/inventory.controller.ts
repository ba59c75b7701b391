import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { InventoryService } from './inventory.service';

@ApiTags('devices')
@Controller('api/devices')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'The device inventory, without secrets' })
  @ApiOkResponse({
    description:
      '`{ devices: [...] }`: name, host, port, username, auth source, pinned key, targets',
  })
  list() {
    return { devices: this.inventory.list() };
  }
}
