import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { load } from 'js-yaml';
import { isFaultMode } from './fault';
import type { NamedRouterOptions, Scenario } from './scenarios';
import type {
  DeviceDetails,
  HopBehaviour,
  MplsLabel,
  RttSpec,
  SimulatedUser,
  TargetBehaviour,
  TargetOutcome,
} from './simulator.types';

type Json = Readonly<Record<string, unknown>>;

const OUTCOMES: readonly TargetOutcome[] = [
  'reply',
  'timeout',
  'no-route',
  'host-unreachable',
  'dns-fail',
];

class ScenarioError extends Error {
  constructor(path: string, problem: string) {
    super(`scenario ${path}: ${problem}`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) {
    throw new ScenarioError(path, 'must be an object');
  }
  return value;
}

function list(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new ScenarioError(path, 'must be a list');
  }
  return value;
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw new ScenarioError(path, 'must be a string');
  }
  return value;
}

function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScenarioError(path, 'must be a number >= 0');
  }
  return value;
}

function bools(value: unknown, path: string): boolean[] {
  return list(value, path).map((item, i) => {
    if (typeof item !== 'boolean') {
      throw new ScenarioError(`${path}[${i}]`, 'must be true or false');
    }
    return item;
  });
}

function rtt(value: unknown, path: string): RttSpec {
  if (typeof value === 'number') {
    return num(value, path);
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => num(item, `${path}[${i}]`));
  }
  const range = object(value, path);
  return { min: num(range.min, `${path}.min`), max: num(range.max, `${path}.max`) };
}

function mpls(value: unknown, path: string): MplsLabel[] {
  return list(value, path).map((item, i) => {
    const entry = object(item, `${path}[${i}]`);
    return {
      label: num(entry.label, `${path}[${i}].label`),
      exp: num(entry.exp, `${path}[${i}].exp`),
      ttl: optional(entry.ttl, (ttl) => num(ttl, `${path}[${i}].ttl`)),
    };
  });
}

function hop(value: unknown, path: string): HopBehaviour {
  const entry = object(value, path);
  return {
    address: entry.address === null ? null : str(entry.address, `${path}.address`),
    rttMs: optional(entry.rttMs, (v) => rtt(v, `${path}.rttMs`)),
    lossPattern: optional(entry.lossPattern, (v) => bools(v, `${path}.lossPattern`)),
    mpls: optional(entry.mpls, (v) => mpls(v, `${path}.mpls`)),
  };
}

function behaviour(value: unknown, path: string): TargetBehaviour {
  const entry = object(value, path);
  const outcome = entry.outcome;
  if (outcome !== undefined && !OUTCOMES.some((known) => known === outcome)) {
    throw new ScenarioError(`${path}.outcome`, `must be one of ${OUTCOMES.join(', ')}`);
  }
  return {
    rttMs: optional(entry.rttMs, (v) => rtt(v, `${path}.rttMs`)),
    lossPattern: optional(entry.lossPattern, (v) => bools(v, `${path}.lossPattern`)),
    lossPercent: optional(entry.lossPercent, (v) => num(v, `${path}.lossPercent`)),
    outcome: OUTCOMES.find((known) => known === outcome),
    unreachableFrom: optional(entry.unreachableFrom, (v) => str(v, `${path}.unreachableFrom`)),
    hops: optional(entry.hops, (v) =>
      list(v, `${path}.hops`).map((h, i) => hop(h, `${path}.hops[${i}]`)),
    ),
    resolvesTo: optional(entry.resolvesTo, (v) => str(v, `${path}.resolvesTo`)),
    ttl: optional(entry.ttl, (v) => num(v, `${path}.ttl`)),
  };
}

function user(value: unknown, path: string): SimulatedUser {
  const entry = object(value, path);
  return {
    username: str(entry.username, `${path}.username`),
    password: optional(entry.password, (v) => str(v, `${path}.password`)),
    publicKey: optional(entry.publicKey, (v) => str(v, `${path}.publicKey`)),
  };
}

const DEVICE_TEXT = [
  'cpu',
  'buildTime',
  'factorySoftware',
  'model',
  'revision',
  'serialNumber',
  'firmwareType',
  'currentFirmware',
];
const DEVICE_NUMBERS = [
  'cpuCount',
  'cpuFrequencyMhz',
  'cpuLoadPercent',
  'totalMemoryMib',
  'freeMemoryMib',
  'totalHddMib',
  'freeHddMib',
  'writeSectSinceReboot',
  'writeSectTotal',
  'uptimeSeconds',
];

function device(value: unknown, path: string): DeviceDetails {
  const details: Record<string, string | number> = {};
  for (const [key, item] of Object.entries(object(value, path))) {
    if (DEVICE_TEXT.includes(key)) {
      details[key] = str(item, `${path}.${key}`);
    } else if (DEVICE_NUMBERS.includes(key)) {
      details[key] = num(item, `${path}.${key}`);
    } else {
      throw new ScenarioError(`${path}.${key}`, 'is not a device detail');
    }
  }
  return details;
}

function router(value: unknown, path: string, baseDir: string): NamedRouterOptions {
  const entry = object(value, path);
  const format = entry.format;
  if (format !== undefined && format !== 'v6' && format !== 'v7') {
    throw new ScenarioError(`${path}.format`, 'must be v6 or v7');
  }
  const fault = entry.fault;
  if (fault !== undefined && !isFaultMode(fault)) {
    throw new ScenarioError(`${path}.fault`, 'is not a known fault mode');
  }
  const keyFile = optional(entry.hostKeyFile, (v) => str(v, `${path}.hostKeyFile`));
  const targets = optional(entry.targets, (v) => object(v, `${path}.targets`)) ?? {};
  return {
    name: str(entry.name, `${path}.name`),
    format,
    port: optional(entry.port, (v) => num(v, `${path}.port`)),
    users: optional(entry.users, (v) =>
      list(v, `${path}.users`).map((u, i) => user(u, `${path}.users[${i}]`)),
    ),
    identity: optional(entry.identity, (v) => str(v, `${path}.identity`)),
    version: optional(entry.version, (v) => str(v, `${path}.version`)),
    channel: optional(entry.channel, (v) => str(v, `${path}.channel`)),
    device: optional(entry.device, (v) => device(v, `${path}.device`)),
    boardName: optional(entry.boardName, (v) => str(v, `${path}.boardName`)),
    architecture: optional(entry.architecture, (v) => str(v, `${path}.architecture`)),
    hostKey:
      keyFile === undefined
        ? optional(entry.hostKey, (v) => str(v, `${path}.hostKey`))
        : readFileSync(resolve(baseDir, keyFile), 'utf8'),
    maxSessions: optional(entry.maxSessions, (v) => num(v, `${path}.maxSessions`)),
    timeScale: optional(entry.timeScale, (v) => num(v, `${path}.timeScale`)),
    terminalWidth: optional(entry.terminalWidth, (v) => num(v, `${path}.terminalWidth`)),
    seed: optional(entry.seed, (v) => num(v, `${path}.seed`)),
    fault,
    slowLoginMs: optional(entry.slowLoginMs, (v) => num(v, `${path}.slowLoginMs`)),
    dropAfterLines: optional(entry.dropAfterLines, (v) => num(v, `${path}.dropAfterLines`)),
    routingTables: optional(entry.routingTables, (v) =>
      list(v, `${path}.routingTables`).map((t, i) => str(t, `${path}.routingTables[${i}]`)),
    ),
    targets: Object.fromEntries(
      Object.entries(targets).map(([name, b]) => [name, behaviour(b, `${path}.targets.${name}`)]),
    ),
    defaultBehaviour: optional(entry.defaultBehaviour, (v) =>
      behaviour(v, `${path}.defaultBehaviour`),
    ),
  };
}

/**
 * Validates a parsed scenario document (`{ routers: [...] }`); every error names the path of
 * the bad field. `hostKeyFile` entries are read relative to `baseDir`.
 */
export function parseScenario(document: unknown, baseDir = process.cwd()): Scenario {
  const root = object(document, '(root)');
  const routers = list(root.routers, 'routers').map((entry, i) =>
    router(entry, `routers[${i}]`, baseDir),
  );
  if (routers.length === 0) {
    throw new ScenarioError('routers', 'must name at least one router');
  }
  return { routers };
}

/** Reads a JSON or YAML scenario file (YAML is a superset of JSON, so one parser reads both). */
export function loadScenarioFile(path: string): Scenario {
  return parseScenario(load(readFileSync(path, 'utf8')), dirname(resolve(path)));
}
