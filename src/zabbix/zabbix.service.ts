import { Injectable } from '@nestjs/common';
import { compileDeviceScope, compileTargetScope } from '../auth/scope.matcher';
import { InventoryService } from '../inventory/inventory.service';
import type { CallContext } from '../probe/probe.types';

/** One row of Zabbix low-level discovery: the LLD macros of one device and target. */
export interface DiscoveryRow {
  '{#DEVICE}': string;
  '{#TARGET}': string;
}

/** Turns the device inventory into Zabbix low-level discovery data. */
@Injectable()
export class ZabbixService {
  constructor(private readonly inventory: InventoryService) {}

  /**
   * Every inventory target as `{#DEVICE}`/`{#TARGET}`, in inventory order, optionally for one
   * device, and only what the caller's key scopes allow (its items would be refused anyway).
   */
  discovery(caller: CallContext, device?: string): DiscoveryRow[] {
    const deviceAllowed =
      caller.deviceScopes === undefined ? () => true : compileDeviceScope(caller.deviceScopes);
    const targetAllowed =
      caller.targetScopes === undefined ? () => true : compileTargetScope(caller.targetScopes);
    const wanted = device === undefined || device === '' ? undefined : device;
    return this.inventory
      .list()
      .filter(
        (entry) => (wanted === undefined || entry.name === wanted) && deviceAllowed(entry.name),
      )
      .flatMap((entry) =>
        entry.targets
          .filter((target) => targetAllowed(target))
          .map((target) => ({ '{#DEVICE}': entry.name, '{#TARGET}': target })),
      );
  }
}
