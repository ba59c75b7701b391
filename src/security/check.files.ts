import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { Configuration } from '../config/configuration';
import type { InventoryEntry } from '../config/inventory.loader';
import { routerKey } from '../device/device.target';
import { KnownHostsFile } from '../device/known-hosts.file';
import type { ControlResult } from './control.report';
import { canWriteOrCreate, octalMode, secretFileVerdict, writableByOthers } from './file.access';

// The controls that look at files around the configuration: secrets on disk, host key pins and
// the audit trail.

interface SecretFile {
  label: string;
  path: string;
}

/** Every file that holds a secret the service reads. */
export function secretFiles(config: Configuration, envFile: string | undefined): SecretFile[] {
  const files: SecretFile[] = [];
  if (envFile !== undefined) files.push({ label: '.env', path: envFile });
  if (config.auth.apiKeysFile !== undefined)
    files.push({ label: 'API_KEYS_FILE', path: config.auth.apiKeysFile });
  if (config.device.devicesFile !== undefined) {
    files.push({ label: 'DEVICES_FILE', path: config.device.devicesFile });
    files.push(...inventorySecretFiles(config.device.devicesFile));
  }
  if (config.server.tlsKeyFile !== undefined)
    files.push({ label: 'TLS_KEY_FILE', path: config.server.tlsKeyFile });
  return files;
}

// loadInventory resolves the secrets but keeps no paths; only the file names are read here.
function inventorySecretFiles(devicesFile: string): SecretFile[] {
  let document: unknown;
  try {
    document = load(readFileSync(devicesFile, 'utf8'));
  } catch {
    return [];
  }
  const devices = (document as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(devices)) return [];
  return devices.flatMap((device: unknown) => {
    if (typeof device !== 'object' || device === null) return [];
    const entry = device as Record<string, unknown>;
    return ['password_file', 'private_key_file', 'passphrase_file']
      .filter((key) => typeof entry[key] === 'string')
      .map((key) => ({ label: `${String(entry.name)} ${key}`, path: entry[key] as string }));
  });
}

export function filePermissions(config: Configuration, envFile: string | undefined): ControlResult {
  const base = { id: 'file_permissions', title: 'secret files readable by their owner only (600)' };
  const files = secretFiles(config, envFile);
  const exposed: string[] = [];
  const groupReadable: string[] = [];
  for (const file of files) {
    const name = `${file.label} ${file.path}`;
    switch (secretFileVerdict(file.path)) {
      case 'missing':
        exposed.push(`${name} is missing`);
        break;
      case 'exposed':
        exposed.push(`${name} is ${octalMode(file.path)}`);
        break;
      case 'group-readable':
        groupReadable.push(`${name} is ${octalMode(file.path)}`);
        break;
      case 'private':
        break;
    }
  }
  const knownHosts = config.device.knownHostsFile;
  if (writableByOthers(knownHosts))
    exposed.push(`KNOWN_HOSTS_FILE ${knownHosts} is writable by others (${octalMode(knownHosts)})`);
  if (exposed.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: [...exposed, ...groupReadable].join('; '),
      remedy: 'chmod 600 each file, owned by the user the service runs as (1001 in the image)',
    };
  }
  if (groupReadable.length > 0) {
    return {
      ...base,
      status: 'warn',
      detail: `${groupReadable.join('; ')}: acceptable for a Kubernetes Secret mounted with fsGroup, otherwise too open`,
      remedy: 'chmod 600 outside Kubernetes',
    };
  }
  return {
    ...base,
    status: 'pass',
    detail:
      files.length === 0
        ? 'no secret files configured'
        : `${files.length} file(s) at 600 or stricter`,
  };
}

export function hostKeys(config: Configuration, inventory: InventoryEntry[]): ControlResult {
  const base = { id: 'host_keys', title: 'router host keys pinned' };
  const mode = config.device.strictHostKeyChecking;
  const unpinned = unpinnedDevices(config, inventory);
  const requestHosts = config.auth.allowRequestCredentials
    ? '; hosts named in requests are trusted on first use'
    : '';
  switch (mode) {
    case 'no':
      return {
        ...base,
        status: 'fail',
        detail:
          'STRICT_HOST_KEY_CHECKING=no: anyone in the path can pose as a router and collect its password',
        remedy: 'pin host_key_sha256 per device and set STRICT_HOST_KEY_CHECKING=yes',
      };
    case 'yes':
      return {
        ...base,
        status: 'pass',
        detail:
          unpinned.length === 0
            ? 'STRICT_HOST_KEY_CHECKING=yes'
            : `STRICT_HOST_KEY_CHECKING=yes; not pinned yet, so refused: ${unpinned.join(', ')}`,
      };
    case 'accept-new':
      if (inventory.length > 0 && unpinned.length === 0) {
        return {
          ...base,
          status: 'pass',
          detail: `every inventory device is pinned${requestHosts}`,
        };
      }
      return {
        ...base,
        status: 'warn',
        detail: `STRICT_HOST_KEY_CHECKING=accept-new trusts a router's key on first contact${
          unpinned.length > 0 ? `; not pinned: ${unpinned.join(', ')}` : ''
        }`,
        remedy:
          'pin host_key_sha256 for each device (`ssh-keyscan host | ssh-keygen -lf -`) and set STRICT_HOST_KEY_CHECKING=yes',
      };
  }
}

// Pinned in the inventory or learnt into KNOWN_HOSTS_FILE: the same two places the policy reads.
function unpinnedDevices(config: Configuration, inventory: InventoryEntry[]): string[] {
  let pins = new Map<string, string>();
  try {
    pins = new KnownHostsFile(config.device.knownHostsFile).load().pins;
  } catch {
    // An unreadable file pins nothing.
  }
  return inventory
    .filter((device) => device.hostKeySha256 === undefined && !pins.has(routerKey(device)))
    .map((device) => device.name);
}

export function auditLog(config: Configuration): ControlResult {
  const base = { id: 'audit_log', title: 'audit log writable, with retention' };
  const { file, maxSizeBytes, maxFiles } = config.audit;
  const retention = `rotates at ${formatBytes(maxSizeBytes)}, keeps ${maxFiles} file(s)`;
  if (!canWriteOrCreate(file)) {
    return {
      ...base,
      status: 'fail',
      detail: `AUDIT_LOG_FILE ${file} cannot be written by this user`,
      remedy: 'point AUDIT_LOG_FILE at a writable volume (/app/logs in the image)',
    };
  }
  if (maxSizeBytes * maxFiles < 10 * 1024 * 1024) {
    return {
      ...base,
      status: 'warn',
      detail: `${file}: ${retention}, under 10 MB of history in all`,
      remedy: 'raise AUDIT_LOG_MAX_SIZE or AUDIT_LOG_MAX_FILES',
    };
  }
  return { ...base, status: 'pass', detail: `${file}: ${retention}` };
}

export function auditForwarding(config: Configuration): ControlResult {
  const base = { id: 'audit_forwarding', title: 'audit events leave the host' };
  const { syslogHost, syslogPort, syslogProtocol } = config.audit;
  if (syslogHost === undefined) {
    return {
      ...base,
      status: 'warn',
      detail:
        'no SYSLOG_HOST: the audit trail lives only on the collector volume (an emptyDir in Kubernetes)',
      remedy: 'set SYSLOG_HOST to the central log collector',
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `syslog ${syslogProtocol}://${syslogHost}:${syslogPort}`,
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / 1024 / 1024)} MB`
    : `${Math.round(bytes / 1024)} kB`;
}
