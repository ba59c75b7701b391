import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { isValidTarget } from '../routeros/target.grammar';
import { ConfigError, type Env } from './env.reader';

/** One router of the inventory, secrets resolved. */
export interface InventoryEntry {
  name: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  hostKeySha256?: string;
  maxSessions?: number;
  targets: string[];
  /** Where the secret came from, for the admin listing (never the secret itself). */
  auth: 'password_env' | 'password_file' | 'private_key_file';
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const USER = /^[A-Za-z0-9_.@-]{1,64}$/;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Reads DEVICES_FILE (YAML) and resolves each device's secret from the environment or a file.
 * Throws ConfigError naming the file and the device on the first problem.
 */
export function loadInventory(file: string, env: Env): InventoryEntry[] {
  let document: unknown;
  try {
    document = load(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      'DEVICES_FILE',
      `cannot read ${file}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const list = (document as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(list))
    throw new ConfigError('DEVICES_FILE', `${file} must have a top-level "devices:" list`);
  const seen = new Set<string>();
  return list.map((raw: unknown, index) => {
    const entry = parseEntry(raw, index, file, env);
    if (seen.has(entry.name))
      throw new ConfigError('DEVICES_FILE', `device name "${entry.name}" appears twice`);
    seen.add(entry.name);
    return entry;
  });
}

function parseEntry(raw: unknown, index: number, file: string, env: Env): InventoryEntry {
  const where = `${file} device #${index + 1}`;
  const fail = (message: string): never => {
    throw new ConfigError('DEVICES_FILE', `${where}: ${message}`);
  };
  if (raw === null || typeof raw !== 'object') return fail('must be a mapping');
  const d = raw as Record<string, unknown>;
  const str = (key: string): string | undefined => {
    const value = d[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number')
      return fail(`${key} must be a string`);
    return String(value);
  };
  const name = str('name') ?? fail('name is required');
  if (!NAME.test(name)) fail(`name "${name}" must match [A-Za-z0-9_.-]{1,64}`);
  const host = str('host') ?? fail('host is required');
  if (!isValidTarget(host)) fail(`host "${String(host)}" is not an IP address or host name`);
  const username = str('username') ?? fail('username is required');
  if (!USER.test(username)) fail('username has characters that are not allowed');
  const port = Number(d.port ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail('port must be 1-65535');
  const maxSessions = d.max_sessions === undefined ? undefined : Number(d.max_sessions);
  if (
    maxSessions !== undefined &&
    (!Number.isInteger(maxSessions) || maxSessions < 1 || maxSessions > 64)
  ) {
    fail('max_sessions must be 1-64');
  }
  const hostKeySha256 = str('host_key_sha256');
  if (hostKeySha256 !== undefined && !FINGERPRINT.test(hostKeySha256)) {
    fail('host_key_sha256 must look like "SHA256:..." as `ssh-keygen -lf` prints it');
  }
  const targets = d.targets === undefined ? [] : d.targets;
  if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string' || !isValidTarget(t))) {
    fail('targets must be a list of IP addresses or host names');
  }
  const secretFromEnv = (key: string): string | undefined => {
    const variable = str(key);
    if (variable === undefined) return undefined;
    if (!ENV_NAME.test(variable)) fail(`${key} must name an environment variable`);
    const value = env[variable];
    if (value === undefined || value === '')
      fail(`${key}: environment variable ${variable} is not set`);
    return value;
  };
  const secretFromFile = (key: string): string | undefined => {
    const path = str(key);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch {
      return fail(`${key}: cannot read ${path}`);
    }
  };
  const password = secretFromEnv('password_env') ?? secretFromFile('password_file');
  const privateKey = secretFromFile('private_key_file');
  const passphrase = secretFromEnv('passphrase_env') ?? secretFromFile('passphrase_file');
  if (password === undefined && privateKey === undefined) {
    fail('needs password_env, password_file or private_key_file');
  }
  return {
    name,
    host,
    port,
    username,
    password,
    privateKey,
    passphrase,
    hostKeySha256,
    maxSessions,
    targets: targets as string[],
    auth:
      privateKey !== undefined
        ? 'private_key_file'
        : d.password_env !== undefined
          ? 'password_env'
          : 'password_file',
  };
}
