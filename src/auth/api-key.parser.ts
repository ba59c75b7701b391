import { createHash } from 'node:crypto';
import { load } from 'js-yaml';
import { ConfigError } from '../config/env.reader';
import { ROLES, type Role } from './principal';
import { assertValidScopes } from './scope.matcher';

/** Where a key came from; shown in logs, never the secret. */
export type KeySource = 'API_KEYS' | 'API_KEYS_FILE' | 'API_KEY' | 'generated';

/** One configured key, its secret already reduced to the SHA-256 hex digest. */
export interface KeyDefinition {
  id: string;
  role: Role;
  sha256: string;
  devices?: string[];
  targets?: string[];
  source: KeySource;
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Printable ASCII without spaces or commas (the API_KEYS separator).
const SECRET = /^[\x21-\x2b\x2d-\x7e]+$/;
const LEGACY_SECRET = /^[\x21-\x7e]+$/;
/** Secrets shorter than this are refused in API_KEYS: they can be guessed. */
export const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 512;
const FILE_FIELDS = new Set(['id', 'role', 'sha256', 'devices', 'targets']);

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** `API_KEYS` entries, `id:role:secret` (the secret may itself contain colons). */
export function parseApiKeysEntries(entries: readonly string[]): KeyDefinition[] {
  return entries.map((entry, index) => {
    const fail = (message: string): never => {
      throw new ConfigError('API_KEYS', `entry #${index + 1}: ${message}`);
    };
    const first = entry.indexOf(':');
    const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
    if (first < 0 || second < 0) return fail('expected id:role:secret');
    const id = entry.slice(0, first);
    const role = entry.slice(first + 1, second);
    const secret = entry.slice(second + 1);
    if (!KEY_ID.test(id)) fail('the id must be 1-64 of [A-Za-z0-9_.-]');
    if (!isRole(role)) fail(`role "${role}" is not one of ${ROLES.join(', ')}`);
    // The message never repeats the secret: this line ends up in logs.
    if (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) {
      fail(`the secret of "${id}" must be ${MIN_SECRET_LENGTH}-${MAX_SECRET_LENGTH} characters`);
    }
    if (!SECRET.test(secret)) fail(`the secret of "${id}" has spaces or non-ASCII characters`);
    return { id, role: role as Role, sha256: sha256Hex(secret), source: 'API_KEYS' as const };
  });
}

/** The legacy single `API_KEY`: role admin, id `legacy-admin`. */
export function parseLegacyApiKey(secret: string): KeyDefinition {
  if (secret.length > MAX_SECRET_LENGTH || !LEGACY_SECRET.test(secret)) {
    throw new ConfigError('API_KEY', `must be 1-${MAX_SECRET_LENGTH} printable characters`);
  }
  return { id: 'legacy-admin', role: 'admin', sha256: sha256Hex(secret), source: 'API_KEY' };
}

/**
 * The `API_KEYS_FILE` YAML: a list (or a `keys:` list) of `{ id, role, sha256, devices?, targets? }`.
 * Unknown fields are errors: a typo such as `device:` must not silently widen a key to everything.
 */
export function parseApiKeysFile(text: string, file: string): KeyDefinition[] {
  const fail = (message: string): never => {
    throw new ConfigError('API_KEYS_FILE', `${file}: ${message}`);
  };
  // A file of comments only is "no keys yet", not an error (js-yaml refuses an empty document).
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return [];
  let document: unknown;
  try {
    document = load(text);
  } catch (error) {
    // First line only: js-yaml appends a snippet of the file, which may hold neighbouring lines.
    return fail(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document === null || document === undefined) return [];
  const list = Array.isArray(document) ? document : (document as { keys?: unknown }).keys;
  if (!Array.isArray(list))
    return fail('expected a YAML list of keys (or a top-level "keys:" list)');
  return list.map((raw: unknown, index) => parseFileEntry(raw, `key #${index + 1}`, fail));
}

function parseFileEntry(
  raw: unknown,
  where: string,
  fail: (message: string) => never,
): KeyDefinition {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(`${where} must be a mapping`);
  }
  const entry = raw as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((field) => !FILE_FIELDS.has(field));
  if (unknown.length > 0) fail(`${where}: unknown field(s) ${unknown.join(', ')}`);
  const { id, role, sha256 } = entry;
  if (typeof id !== 'string' || !KEY_ID.test(id)) {
    return fail(`${where}: id must be 1-64 of [A-Za-z0-9_.-]`);
  }
  if (typeof role !== 'string' || !isRole(role)) {
    return fail(`key "${id}": role must be one of ${ROLES.join(', ')}`);
  }
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256.toLowerCase())) {
    return fail(`key "${id}": sha256 must be 64 hex digits (printf %s "$KEY" | sha256sum)`);
  }
  const devices = stringList(entry.devices, `key "${id}": devices`, fail);
  const targets = stringList(entry.targets, `key "${id}": targets`, fail);
  try {
    assertValidScopes(devices, targets);
  } catch (error) {
    return fail(`key "${id}": ${(error as Error).message}`);
  }
  return { id, role, sha256: sha256.toLowerCase(), devices, targets, source: 'API_KEYS_FILE' };
}

function stringList(
  value: unknown,
  what: string,
  fail: (message: string) => never,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'string' || item.trim() === '')
  ) {
    return fail(`${what} must be a list of non-empty strings`);
  }
  // An empty list would lock the key out of everything; omitting the field means "any".
  if (value.length === 0) return fail(`${what} is empty: omit it to allow any`);
  return (value as string[]).map((item) => item.trim());
}

/**
 * All configured keys: ids and secrets must be unique across the three sources, so an audit line's
 * key id always names exactly one secret.
 */
export function assertDistinctKeys(keys: readonly KeyDefinition[]): void {
  const ids = new Map<string, KeySource>();
  const hashes = new Map<string, string>();
  for (const key of keys) {
    const variable = key.source === 'generated' ? 'API_KEYS' : key.source;
    const sameId = ids.get(key.id);
    if (sameId !== undefined) {
      throw new ConfigError(variable, `key id "${key.id}" is defined twice (also in ${sameId})`);
    }
    const sameSecret = hashes.get(key.sha256);
    if (sameSecret !== undefined) {
      throw new ConfigError(variable, `keys "${sameSecret}" and "${key.id}" have the same secret`);
    }
    ids.set(key.id, key.source);
    hashes.set(key.sha256, key.id);
  }
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
