import { isIPv6 } from 'node:net';

// Each octet 0-255 without a leading zero: `010.0.0.1` could be read as octal elsewhere.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
// Hex digits, colons and a dotted tail only: no zone id (`%eth0`), no look-alike characters.
const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// A name whose last label is a number is an address in disguise (`1.2.3.08`, `0x7f000001`).
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]+)$/i;
const ROUTING_TABLE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_HOST_NAME = 253;

/** An IPv4 dotted quad without leading zeros. */
export function isIpv4Address(value: unknown): value is string {
  return typeof value === 'string' && IPV4.test(value);
}

/** An IPv6 address in any standard form (compressed, embedded IPv4), without a zone id. */
export function isIpv6Address(value: unknown): value is string {
  return typeof value === 'string' && IPV6_CHARS.test(value) && isIPv6(value);
}

/** An IPv4 or IPv6 address as above. */
export function isIpAddress(value: unknown): value is string {
  return isIpv4Address(value) || isIpv6Address(value);
}

/** An RFC 1123 host name: up to 253 ASCII characters, labels of 1-63 `[A-Za-z0-9-]`. */
export function isHostName(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_HOST_NAME) {
    return false;
  }
  const labels = value.split('.');
  if (!labels.every((label) => LABEL.test(label))) return false;
  return !NUMERIC_LABEL.test(labels[labels.length - 1]);
}

/** What may be pinged or traced: an IP address or a host name. */
export function isValidTarget(value: unknown): value is string {
  return isIpAddress(value) || isHostName(value);
}

/** What may name a router to log in to: the same grammar as a target. */
export function isValidHost(value: unknown): value is string {
  return isValidTarget(value);
}

/** A routing table (VRF) name: 1-64 of `[A-Za-z0-9_.-]`. */
export function isValidRoutingTable(value: unknown): value is string {
  return typeof value === 'string' && ROUTING_TABLE.test(value);
}

/** A source address on the router: an IP address only, never a name. */
export function isValidSrcAddress(value: unknown): value is string {
  return isIpAddress(value);
}
