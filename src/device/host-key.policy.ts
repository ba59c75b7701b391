import { Injectable, Logger } from '@nestjs/common';
import { DeviceConfig } from '../config/configuration';
import { type DeviceTarget, routerKey } from './device.target';
import { normalizeFingerprint } from './host-key.fingerprint';
import { KnownHostsFile } from './known-hosts.file';

/** The decision on one presented host key. */
export type HostKeyVerdict =
  { accepted: true } | { accepted: false; reason: string; expected?: string };

/**
 * Decides whether to trust a router's host key, before any credential is sent.
 * - A pinned `target.hostKeySha256` must match, whatever the mode.
 * - `yes`: the key must be pinned, in the inventory or in KNOWN_HOSTS_FILE.
 * - `accept-new`: the first key seen for host:port is appended to KNOWN_HOSTS_FILE; a different
 *   key later is refused.
 * - `no`: anything is accepted (a warning is logged once).
 */
@Injectable()
export class HostKeyPolicy {
  private readonly logger = new Logger(HostKeyPolicy.name);
  private readonly file: KnownHostsFile;
  private known = new Map<string, string>();
  private warnedInsecure = false;

  constructor(private readonly config: DeviceConfig) {
    this.file = new KnownHostsFile(config.knownHostsFile);
    this.reload();
  }

  get mode(): DeviceConfig['strictHostKeyChecking'] {
    return this.config.strictHostKeyChecking;
  }

  /** Re-reads KNOWN_HOSTS_FILE (SIGHUP). Throws, keeping the old pins, when it is unreadable. */
  reload(): void {
    const { pins, invalidLines } = this.file.load();
    if (invalidLines.length > 0) {
      this.logger.warn(
        `Ignored malformed lines ${invalidLines.join(', ')} of ${this.config.knownHostsFile}`,
      );
    }
    this.known = pins;
  }

  verify(
    target: Pick<DeviceTarget, 'host' | 'port' | 'hostKeySha256'>,
    presented: string,
  ): HostKeyVerdict {
    const key = routerKey(target);
    if (target.hostKeySha256 !== undefined) {
      const expected = normalizeFingerprint(target.hostKeySha256);
      // The inventory is the operator's explicit word: it overrides a learnt pin.
      return expected === presented
        ? { accepted: true }
        : { accepted: false, expected, reason: `does not match the pinned key ${expected}` };
    }
    switch (this.config.strictHostKeyChecking) {
      case 'no':
        if (!this.warnedInsecure) {
          this.warnedInsecure = true;
          this.logger.warn('STRICT_HOST_KEY_CHECKING=no: router host keys are not verified');
        }
        return { accepted: true };
      case 'yes':
        return this.checkKnown(
          key,
          presented,
          'is not pinned: set host_key_sha256 for the device or add it to KNOWN_HOSTS_FILE',
        );
      case 'accept-new':
        if (!this.known.has(key)) this.pin(target, key, presented);
        return this.checkKnown(key, presented, 'is unknown');
    }
  }

  private checkKnown(key: string, presented: string, unknownReason: string): HostKeyVerdict {
    const expected = this.known.get(key);
    if (expected === undefined) return { accepted: false, reason: unknownReason };
    if (expected === presented) return { accepted: true };
    return { accepted: false, expected, reason: `changed: KNOWN_HOSTS_FILE has ${expected}` };
  }

  private pin(target: Pick<DeviceTarget, 'host' | 'port'>, key: string, presented: string): void {
    // Pinned in memory first, so concurrent logins agree even if the file cannot be written.
    this.known.set(key, presented);
    try {
      this.file.append(target.host, target.port, presented);
      this.logger.log(`Pinned host key ${presented} for ${key}`);
    } catch (error) {
      this.logger.error(
        `Cannot write ${this.config.knownHostsFile}; ${key} is pinned until restart only: ${String(error)}`,
      );
    }
  }
}
