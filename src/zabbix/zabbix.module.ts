import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { ZabbixController } from './zabbix.controller';
import { ZabbixService } from './zabbix.service';

/** What Zabbix needs beyond the test API: low-level discovery of the inventory's targets. */
@Module({
  imports: [InventoryModule],
  controllers: [ZabbixController],
  providers: [ZabbixService],
})
export class ZabbixModule {}
