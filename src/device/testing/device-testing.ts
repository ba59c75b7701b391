import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceConfig, loadConfiguration } from '../../config/configuration';
import { HostKeyPolicy } from '../host-key.policy';
import { NodeSshTransport } from '../node-ssh.transport';
import { SshConnector } from '../ssh.connector';
import { SshPool } from '../ssh.pool';

/** A DeviceConfig for specs: fast timeouts, a throwaway known-hosts file. */
export function testDeviceConfig(overrides: Partial<DeviceConfig> = {}): DeviceConfig {
  const knownHostsFile = join(mkdtempSync(join(tmpdir(), 'sentinel-known-')), 'known_hosts');
  const base = loadConfiguration({ KNOWN_HOSTS_FILE: knownHostsFile, SSH_TIMEOUT: '2' }).device;
  // Built from the real loader, so new settings keep their defaults; then the spec's values.
  return Object.assign(Object.create(DeviceConfig.prototype) as DeviceConfig, base, overrides);
}

/** The real pool over the real node-ssh transport, as DeviceModule wires it. */
export function realPool(config: DeviceConfig): { pool: SshPool; connector: SshConnector } {
  const connector = new SshConnector(new NodeSshTransport(), config, new HostKeyPolicy(config));
  return { pool: new SshPool(connector, config), connector };
}

/** Polls until `condition` holds (server-side effects arrive a packet later). */
export async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
