import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 or IPv6 literal, as RouterOS accepts it in `address=`. */
export function isIpAddress(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An RFC 1123 host name the device would try to resolve. */
export function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) {
    return false;
  }
  return name.split('.').every((label) => LABEL.test(label));
}

/** True for the only addresses the simulator may listen on. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') {
    return true;
  }
  return isIPv4(host) && host.startsWith('127.');
}
