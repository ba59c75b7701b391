import { parseRouterOsDuration } from './duration.parser';
import { normalizeOutput } from './output.normalizer';

/** `/system resource print`, the fields the service reports plus the rest as printed. */
export interface SystemResource {
  uptime: string | null;
  uptimeSeconds: number | null;
  /** `7.12.2` out of `7.12.2 (stable)`. */
  version: string | null;
  /** `stable`, `bugfix`, `long-term`, ... out of `7.12.2 (stable)`. */
  channel: string | null;
  buildTime: string | null;
  factorySoftware: string | null;
  freeMemory: string | null;
  totalMemory: string | null;
  cpu: string | null;
  cpuCount: number | null;
  cpuFrequencyMhz: number | null;
  cpuLoadPercent: number | null;
  freeHddSpace: string | null;
  totalHddSpace: string | null;
  architecture: string | null;
  boardName: string | null;
  platform: string | null;
}

/** `/system routerboard print`. */
export interface RouterboardInfo {
  routerboard: boolean | null;
  boardName: string | null;
  model: string | null;
  revision: string | null;
  serialNumber: string | null;
  firmwareType: string | null;
  factoryFirmware: string | null;
  currentFirmware: string | null;
  upgradeFirmware: string | null;
}

// Keys are lower-case words right-aligned before `: ` (`  name: x`, `  cpu-load: 8%`).
const KEY_LINE = /^(\s*)([a-z0-9][a-z0-9.-]*):(?: (.*))?$/;
const VERSION = /^(\S+)(?:\s+\(([^)]+)\))?$/;
const INTEGER = /^\d+$/;

/**
 * Reads a `key: value` print into a map (values trimmed, an empty value kept as ''). A line
 * indented to the value column continues the previous value; a key printed again (repeated
 * blocks) keeps its last value. Other lines are ignored.
 */
export function parseKeyValueBlock(output: string): Record<string, string> {
  // A Map, so a key like `constructor` cannot reach the object prototype.
  const result = new Map<string, string>();
  let lastKey: string | null = null;
  let valueColumn = -1;
  for (const line of normalizeOutput(output)) {
    const match = KEY_LINE.exec(line);
    if (match) {
      lastKey = match[2];
      result.set(lastKey, (match[3] ?? '').trim());
      valueColumn = match[1].length + match[2].length + 2;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (lastKey !== null && line.trim() !== '' && indent === valueColumn) {
      result.set(lastKey, `${result.get(lastKey) ?? ''}\n${line.trim()}`);
      continue;
    }
    lastKey = null;
  }
  return Object.fromEntries(result);
}

/** The `name` of `/system identity print`, or null. */
export function parseIdentity(output: string): string | null {
  return text(parseKeyValueBlock(output), 'name');
}

/** Reads `/system resource print` (v6 and v7; ARM boards print no `cpu-frequency`); all null without a `version`. */
export function parseResource(output: string): SystemResource {
  // Every resource print has a version; without one this is another print (a monitor's uptime).
  const fields = onlyIf(parseKeyValueBlock(output), 'version');
  const uptime = text(fields, 'uptime');
  const uptimeMs = uptime === null ? null : parseRouterOsDuration(uptime);
  const version = VERSION.exec(fields['version'] ?? '');
  return {
    uptime,
    uptimeSeconds: uptimeMs === null ? null : Math.floor(uptimeMs / 1000),
    version: version ? version[1] : null,
    channel: version?.[2] ?? null,
    buildTime: text(fields, 'build-time'),
    factorySoftware: text(fields, 'factory-software'),
    freeMemory: text(fields, 'free-memory'),
    totalMemory: text(fields, 'total-memory'),
    cpu: text(fields, 'cpu'),
    cpuCount: integer(fields['cpu-count']),
    cpuFrequencyMhz: integer(fields['cpu-frequency']?.replace(/MHz$/, '')),
    cpuLoadPercent: integer(fields['cpu-load']?.replace(/%$/, '')),
    freeHddSpace: text(fields, 'free-hdd-space'),
    totalHddSpace: text(fields, 'total-hdd-space'),
    architecture: text(fields, 'architecture-name'),
    boardName: text(fields, 'board-name'),
    platform: text(fields, 'platform'),
  };
}

/** Reads `/system routerboard print`; all null without a `routerboard` line. */
export function parseRouterboard(output: string): RouterboardInfo {
  const fields = onlyIf(parseKeyValueBlock(output), 'routerboard');
  const flag = fields['routerboard'];
  return {
    routerboard: flag === 'yes' ? true : flag === 'no' ? false : null,
    boardName: text(fields, 'board-name'),
    model: text(fields, 'model'),
    revision: text(fields, 'revision'),
    serialNumber: text(fields, 'serial-number'),
    firmwareType: text(fields, 'firmware-type'),
    factoryFirmware: text(fields, 'factory-firmware'),
    currentFirmware: text(fields, 'current-firmware'),
    upgradeFirmware: text(fields, 'upgrade-firmware'),
  };
}

function onlyIf(fields: Record<string, string>, key: string): Record<string, string> {
  return key in fields ? fields : {};
}

function text(fields: Record<string, string>, key: string): string | null {
  const value = fields[key];
  return value === undefined || value === '' ? null : value;
}

function integer(value: string | undefined): number | null {
  return value !== undefined && INTEGER.test(value) ? Number(value) : null;
}
