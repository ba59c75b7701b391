import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConfigError } from '../config/env.reader';
import { DeviceConfig } from '../config/configuration';
import { type InventoryEntry, loadInventory } from '../config/inventory.loader';
import type { DeviceTarget } from '../device/device.target';

/** An inventory device as the API shows it: no secret, only where the secret comes from. */
export interface InventoryDeviceView {
  name: string;
  host: string;
  port: number;
  username: string;
  auth: InventoryEntry['auth'];
  host_key_sha256: string | null;
  max_sessions: number | null;
  targets: string[];
}

export interface InventoryDevice {
  name: string;
  targets: string[];
  target: DeviceTarget;
}

/** The device inventory from DEVICES_FILE; reloadable, and a bad file keeps the old one. */
@Injectable()
export class InventoryService {
  private readonly logger = new Logger('Inventory');
  private devices = new Map<string, InventoryEntry>();

  constructor(
    private readonly config: DeviceConfig,
    private readonly audit: AuditService,
  ) {
    // A bad file at start stops the start (ConfigError propagates to bootstrap).
    if (config.devicesFile !== undefined) this.devices = this.read(config.devicesFile);
  }

  find(name: string): InventoryDevice | undefined {
    const entry = this.devices.get(name);
    if (entry === undefined) return undefined;
    return {
      name: entry.name,
      targets: entry.targets,
      target: {
        name: entry.name,
        host: entry.host,
        port: entry.port,
        username: entry.username,
        password: entry.password,
        privateKey: entry.privateKey,
        passphrase: entry.passphrase,
        hostKeySha256: entry.hostKeySha256,
        maxSessions: entry.maxSessions,
      },
    };
  }

  list(): InventoryDeviceView[] {
    return [...this.devices.values()].map((entry) => ({
      name: entry.name,
      host: entry.host,
      port: entry.port,
      username: entry.username,
      auth: entry.auth,
      host_key_sha256: entry.hostKeySha256 ?? null,
      max_sessions: entry.maxSessions ?? null,
      targets: entry.targets,
    }));
  }

  /** Re-reads DEVICES_FILE (SIGHUP). Returns false and keeps the old inventory on error. */
  reload(): boolean {
    const file = this.config.devicesFile;
    if (file === undefined) return true;
    try {
      this.devices = this.read(file);
      this.logger.log(`Inventory reloaded: ${this.devices.size} devices`);
      this.audit.record('config_reloaded', {
        file: 'DEVICES_FILE',
        devices: this.devices.size,
        success: true,
      });
      return true;
    } catch (error) {
      const reason = error instanceof ConfigError ? error.message : 'unreadable';
      this.logger.error(`Inventory reload failed, keeping the previous one: ${reason}`);
      this.audit.record('config_reloaded', {
        file: 'DEVICES_FILE',
        success: false,
        detail: reason,
      });
      return false;
    }
  }

  private read(file: string): Map<string, InventoryEntry> {
    return new Map(loadInventory(file, this.config.secretEnv).map((entry) => [entry.name, entry]));
  }
}
