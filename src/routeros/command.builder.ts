import { CommandRejectedError } from './routeros.errors';
import { isValidRoutingTable, isValidSrcAddress, isValidTarget } from './target.grammar';

/** Validated ping request; interval in seconds. */
export interface PingCommandParams {
  target: string;
  count: number;
  size: number;
  interval: number;
  srcAddress?: string;
  routingTable?: string;
}

/** Validated traceroute request; timeout in seconds per probe. */
export interface TracerouteCommandParams {
  target: string;
  count: number;
  maxHops: number;
  timeout: number;
  srcAddress?: string;
  routingTable?: string;
}

/** The system prints the service reads. */
export type SystemCommand = 'identity' | 'resource' | 'routerboard';

const SYSTEM_COMMANDS: Record<SystemCommand, string> = {
  identity: '/system identity print',
  resource: '/system resource print',
  routerboard: '/system routerboard print',
};

/**
 * `/ping address=8.8.8.8 count=4 size=64 interval=1s [src-address=..] [routing-table=..]`.
 * Every value is checked again here, so nothing else can reach the command line.
 * @throws CommandRejectedError
 */
export function buildPingCommand(p: PingCommandParams): string {
  return [
    '/ping',
    `address=${target(p.target)}`,
    `count=${integer('count', p.count, 1, 100)}`,
    `size=${integer('size', p.size, 14, 65535)}`,
    `interval=${seconds('interval', p.interval, 0.01, 5)}`,
    ...optional(p),
  ].join(' ');
}

/**
 * `/tool traceroute address=.. count=3 max-hops=30 timeout=1s [src-address=..] [routing-table=..]`.
 * @throws CommandRejectedError
 */
export function buildTracerouteCommand(p: TracerouteCommandParams): string {
  return [
    '/tool traceroute',
    `address=${target(p.target)}`,
    `count=${integer('count', p.count, 1, 10)}`,
    `max-hops=${integer('max-hops', p.maxHops, 1, 64)}`,
    `timeout=${seconds('timeout', p.timeout, 0.1, 10)}`,
    ...optional(p),
  ].join(' ');
}

/**
 * `/system identity print`, `/system resource print` or `/system routerboard print`.
 * @throws CommandRejectedError
 */
export function buildSystemCommand(what: SystemCommand): string {
  // A plain-object lookup would also answer `constructor` or `toString`.
  if (!Object.prototype.hasOwnProperty.call(SYSTEM_COMMANDS, what)) {
    throw new CommandRejectedError(
      'system command',
      'is not one of identity, resource, routerboard',
    );
  }
  return SYSTEM_COMMANDS[what];
}

function target(value: unknown): string {
  if (!isValidTarget(value)) {
    throw new CommandRejectedError('target', 'is not an IP address or an RFC 1123 host name');
  }
  return value;
}

function optional(p: { srcAddress?: unknown; routingTable?: unknown }): string[] {
  const parts: string[] = [];
  if (p.srcAddress !== undefined) {
    if (!isValidSrcAddress(p.srcAddress)) {
      throw new CommandRejectedError('src-address', 'is not an IP address');
    }
    parts.push(`src-address=${p.srcAddress}`);
  }
  if (p.routingTable !== undefined) {
    if (!isValidRoutingTable(p.routingTable)) {
      throw new CommandRejectedError('routing-table', 'is not 1-64 of [A-Za-z0-9_.-]');
    }
    parts.push(`routing-table=${p.routingTable}`);
  }
  return parts;
}

function integer(field: string, value: unknown, min: number, max: number): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CommandRejectedError(field, `is not a whole number from ${min} to ${max}`);
  }
  return String(value);
}

// Times go out as explicit literals (`1s`, `200ms`, `10ms`): a bare number's unit depends on
// the argument, and RouterOS documents these ranges in ms/s (interval 10ms..5s). Whole
// milliseconds only: `0.0155` is refused rather than silently changed to another interval.
function seconds(field: string, value: unknown, min: number, max: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new CommandRejectedError(field, `is not a number of seconds from ${min} to ${max}`);
  }
  const ms = Math.round(value * 1000);
  if (Math.abs(value * 1000 - ms) > 1e-6) {
    throw new CommandRejectedError(field, 'is not a whole number of milliseconds');
  }
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
