import type { RouterOsFormat } from './simulator.types';

/** Milliseconds as whole microseconds, the finest unit RouterOS prints. */
export function toMicroseconds(ms: number): number {
  return Math.max(0, Math.round(ms * 1000));
}

/** v6 ping times are whole milliseconds, truncated: `43ms`, `0ms`. */
export function wholeMilliseconds(us: number): number {
  return Math.floor(us / 1000);
}

/** v7 compound time without zero padding: `4ms792us`, `19ms38us`, `314us`, `1s2ms`. */
export function formatV7Time(us: number): string {
  if (us < 1000) {
    return `${us}us`;
  }
  const seconds = Math.floor(us / 1_000_000);
  const millis = Math.floor((us % 1_000_000) / 1000);
  const micros = us % 1000;
  return (
    (seconds > 0 ? `${seconds}s` : '') +
    (millis > 0 ? `${millis}ms` : '') +
    (micros > 0 ? `${micros}us` : '')
  );
}

/** A ping TIME or summary value in the device's dialect. */
export function formatPingTime(format: RouterOsFormat, us: number): string {
  return format === 'v6' ? `${wholeMilliseconds(us)}ms` : formatV7Time(us);
}

/** Traceroute numbers: one decimal, none when whole (`1.2`, `1`, `0`). */
export function formatTraceNumber(ms: number): string {
  const rounded = Math.round(ms * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
