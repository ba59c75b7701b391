import { isHostName, isIpAddress } from './address.util';
import { parseDurationMs } from './duration.parser';
import type { RouterOsFormat } from './simulator.types';

/** What the command grammar depends on. */
export interface ParserContext {
  readonly format: RouterOsFormat;
  /** CHR and x86 have no `/system routerboard` menu. */
  readonly hasRouterboard: boolean;
  readonly routingTables?: readonly string[];
}

/** A command the simulated device can run. */
export type Leaf = 'ping' | 'traceroute' | 'identity' | 'resource' | 'routerboard';
/** A menu: submenus and commands by name. */
export type MenuNode = { readonly [name: string]: MenuNode | Leaf };

/** The menus a device offers; CHR and x86 lack `/system routerboard`. */
export function menuTree(context: ParserContext): MenuNode {
  const system: Record<string, MenuNode> = {
    identity: { print: 'identity' },
    resource: { print: 'resource' },
  };
  if (context.hasRouterboard) {
    system.routerboard = { print: 'routerboard' };
  }
  return { ping: 'ping', tool: { ping: 'ping', traceroute: 'traceroute' }, system };
}

type ValueKind = 'address' | 'ip' | 'integer' | 'duration' | 'table' | 'word' | 'yes-no';

export interface ParamSpec {
  readonly kind: ValueKind;
  readonly min?: number;
  readonly max?: number;
}

/** What a command takes: one unnamed value, bare flags and named parameters. */
export interface CommandSpec {
  readonly positional?: string;
  readonly flags: readonly string[];
  readonly params: Readonly<Record<string, ParamSpec>>;
}

const PING_PARAMS: Readonly<Record<string, ParamSpec>> = {
  address: { kind: 'address' },
  count: { kind: 'integer', min: 1, max: 4294967295 },
  size: { kind: 'integer', min: 14, max: 65535 },
  interval: { kind: 'duration', min: 10, max: 5000 },
  ttl: { kind: 'integer', min: 1, max: 255 },
  'src-address': { kind: 'ip' },
  'routing-table': { kind: 'table' },
  interface: { kind: 'word' },
  dscp: { kind: 'integer', min: 0, max: 63 },
};

const TRACEROUTE_PARAMS: Readonly<Record<string, ParamSpec>> = {
  address: { kind: 'address' },
  count: { kind: 'integer', min: 1, max: 4294967295 },
  'max-hops': { kind: 'integer', min: 1, max: 255 },
  timeout: { kind: 'duration', min: 1, max: 60000 },
  size: { kind: 'integer', min: 28, max: 1500 },
  'src-address': { kind: 'ip' },
  'routing-table': { kind: 'table' },
  interface: { kind: 'word' },
  'use-dns': { kind: 'yes-no' },
  protocol: { kind: 'word' },
  port: { kind: 'integer', min: 0, max: 65535 },
  dscp: { kind: 'integer', min: 0, max: 63 },
};

/** The parameters of a command in a version's grammar. */
export function specFor(leaf: Leaf, format: RouterOsFormat): CommandSpec {
  // v7 replaced routing marks with VRFs; both versions still take routing-table.
  const vrf: Record<string, ParamSpec> = format === 'v7' ? { vrf: { kind: 'table' } } : {};
  switch (leaf) {
    case 'ping':
      return {
        positional: 'address',
        flags: ['do-not-fragment'],
        params: { ...PING_PARAMS, ...vrf },
      };
    case 'traceroute':
      return { positional: 'address', flags: [], params: { ...TRACEROUTE_PARAMS, ...vrf } };
    case 'identity':
    case 'resource':
    case 'routerboard':
      return { flags: ['without-paging'], params: {} };
  }
}

// What a v7.18.2 console printed for a name it could not resolve (public document 8723059088).
const INVALID_ADDRESS = [
  'invalid value for argument address:',
  '    invalid value of mac-address, mac address required',
  '    invalid value for argument ipv6-address',
  '    while resolving ip-address: could not get answer from dns server',
];

/** Validates one value; the error is the text RouterOS prints for it. */
export function checkValue(
  name: string,
  spec: ParamSpec,
  raw: string,
  context: ParserContext,
): { value: string | number } | { error: readonly string[] } {
  const invalid = { error: [`invalid value for argument ${name}`] };
  switch (spec.kind) {
    case 'address':
      return isIpAddress(raw) || isHostName(raw) ? { value: raw } : { error: INVALID_ADDRESS };
    case 'ip':
      return isIpAddress(raw) ? { value: raw } : invalid;
    case 'integer': {
      if (!/^\d+$/.test(raw)) {
        return invalid;
      }
      const value = Number(raw);
      return value < (spec.min ?? 0) || value > (spec.max ?? Infinity) ? invalid : { value };
    }
    case 'duration': {
      const value = parseDurationMs(raw);
      if (value === null || value < (spec.min ?? 0) || value > (spec.max ?? Infinity)) {
        return invalid;
      }
      return { value };
    }
    case 'table':
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw)) {
        return invalid;
      }
      if (context.routingTables !== undefined && !context.routingTables.includes(raw)) {
        return { error: [`input does not match any value of ${name}`] };
      }
      return { value: raw };
    case 'yes-no':
      return raw === 'yes' || raw === 'no' ? { value: raw } : invalid;
    case 'word':
      return raw.length > 0 ? { value: raw } : invalid;
  }
}
