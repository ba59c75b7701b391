import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import { AuthConfig } from '../config/configuration';
import type { DeviceTarget } from '../device/device.target';
import { InventoryService } from '../inventory/inventory.service';
import type { DeviceAccessDto } from './dto/device-access.dto';

/** A router ready to connect to, with the names it goes by in answers, caches and audits. */
export interface ResolvedDevice {
  /** What answers show as `mikrotik_host`: the inventory name or the address asked for. */
  label: string;
  /** Inventory name, for scopes; undefined for request credentials. */
  inventoryName?: string;
  /** Stable identity for cache keys: never contains a secret. */
  identity: string;
  target: DeviceTarget;
}

/** Turns `mikrotik_host` and credentials into a connectable device, by the credential policy. */
@Injectable()
export class DeviceResolver {
  constructor(
    private readonly inventory: InventoryService,
    private readonly auth: AuthConfig,
  ) {}

  resolve(access: DeviceAccessDto): ResolvedDevice {
    const known = this.inventory.find(access.mikrotik_host);
    const hasCredentials =
      access.mikrotik_user !== undefined || access.mikrotik_password !== undefined;
    if (known !== undefined) {
      if (hasCredentials || access.mikrotik_port !== undefined) {
        throw new DomainError(
          'INVALID_REQUEST',
          `${access.mikrotik_host} is an inventory device: send no mikrotik_user, mikrotik_password or mikrotik_port for it`,
        );
      }
      return {
        label: known.name,
        inventoryName: known.name,
        identity: `inventory:${known.name}`,
        target: known.target,
      };
    }
    if (!hasCredentials) {
      throw new DomainError(
        'INVALID_REQUEST',
        'mikrotik_user and mikrotik_password are required unless mikrotik_host names an inventory device',
        { details: { field: 'mikrotik_host' } },
      );
    }
    if (!this.auth.allowRequestCredentials) {
      throw new DomainError(
        'FORBIDDEN',
        'Credentials in requests are not allowed here: name an inventory device',
      );
    }
    if (access.mikrotik_user === undefined || access.mikrotik_password === undefined) {
      throw new DomainError(
        'INVALID_REQUEST',
        'mikrotik_user and mikrotik_password must be sent together',
      );
    }
    const port = access.mikrotik_port ?? 22;
    const secret = createHash('sha256')
      .update(`${access.mikrotik_user}\0${access.mikrotik_password}`)
      .digest('hex');
    return {
      label: access.mikrotik_host,
      identity: `direct:${access.mikrotik_host}:${port}:${access.mikrotik_user}:${secret.slice(0, 32)}`,
      target: {
        host: access.mikrotik_host,
        port,
        username: access.mikrotik_user,
        password: access.mikrotik_password,
      },
    };
  }
}
