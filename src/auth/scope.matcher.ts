import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import picomatch from 'picomatch';

/** A compiled scope: true when the value is inside it. */
export type ScopeMatcher = (value: string) => boolean;

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

// Glob characters picomatch understands, plus what device and host names are made of. No `/`
// (picomatch treats it as a path separator) and no spaces.
const GLOB = /^[A-Za-z0-9_.*?![\]{},-]{1,253}$/;

/**
 * Device-name globs (`core-*`, `edge-{1,2}`), matched case-sensitively against the inventory name,
 * or the `mikrotik_host` as sent when the request carries its own credentials.
 */
export function compileDeviceScope(globs: readonly string[]): ScopeMatcher {
  const match = picomatch([...globs], { dot: true });
  return (device) => match(device);
}

/**
 * Target scopes: CIDRs and bare addresses (IPv4 and IPv6) match IP targets by prefix; anything
 * else is a host-name glob (`*.example.net`), matched case-insensitively against the target as
 * written. Names are never resolved here: the router resolves them, later, on its own.
 */
export function compileTargetScope(entries: readonly string[]): ScopeMatcher {
  const cidrs: Cidr[] = [];
  const names: string[] = [];
  for (const entry of entries) {
    const cidr = parseCidr(entry);
    if (cidr === undefined) names.push(normalizeName(entry));
    else cidrs.push(cidr);
  }
  const matchName = names.length > 0 ? picomatch(names, { dot: true, nocase: true }) : undefined;
  return (target) => {
    const value = normalizeName(target);
    if (cidrs.length > 0 && isIP(value) !== 0) {
      const address = parseAddress(value);
      if (
        cidrs.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))
      ) {
        return true;
      }
    }
    return matchName !== undefined && matchName(value);
  };
}

/** Throws an Error saying which entry is malformed; used when API_KEYS_FILE is read. */
export function assertValidScopes(
  devices: readonly string[] | undefined,
  targets: readonly string[] | undefined,
): void {
  for (const glob of devices ?? []) {
    if (!GLOB.test(glob)) throw new Error(`device scope "${glob}" is not a name or glob`);
  }
  for (const entry of targets ?? []) {
    if (entry.includes('/') && parseCidr(entry) === undefined) {
      throw new Error(`target scope "${entry}" is not a valid CIDR`);
    }
    if (!entry.includes('/') && isIP(entry) === 0 && !GLOB.test(entry)) {
      throw new Error(`target scope "${entry}" is not an address, CIDR, name or glob`);
    }
  }
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address as a single-host prefix. */
function parseCidr(entry: string): Cidr | undefined {
  const [address, bits, extra] = entry.trim().split('/');
  if (extra !== undefined || isIP(address) === 0) return undefined;
  const parsed = parseAddress(address);
  const max = parsed.kind() === 'ipv4' ? 32 : 128;
  if (bits === undefined) return [parsed, max];
  if (!/^\d{1,3}$/.test(bits)) return undefined;
  // A mapped IPv6 prefix (::ffff:10.0.0.0/104) became IPv4 above: shift its length to match.
  const shift = parsed.kind() === 'ipv4' && isIP(address) === 6 ? 96 : 0;
  const length = Number(bits) - shift;
  return length >= 0 && length <= max ? [parsed, length] : undefined;
}

// ipaddr.js reads the deprecated IPv4-compatible form `::10.0.0.1` as IPv4-mapped (::ffff:...),
// which would let `::10.0.0.1` (really ::a00:1) pass a 10.0.0.0/8 scope. Spell it unambiguously.
const IPV4_COMPATIBLE = /^::(\d{1,3}(?:\.\d{1,3}){3})$/;

/** An address as the router will read it; IPv4-mapped IPv6 becomes IPv4 (::ffff:10.0.0.1 is 10.0.0.1). */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return ipaddr.process(text.replace(IPV4_COMPATIBLE, '::0:$1'));
}

function normalizeName(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}
