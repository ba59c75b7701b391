import { formatPingTime, wholeMilliseconds } from './rtt.format';
import type { RouterOsFormat } from './simulator.types';

/** One printed probe; times in microseconds. */
export type PingRow =
  | {
      readonly seq: number;
      readonly kind: 'reply';
      readonly host: string;
      readonly size: number;
      readonly ttl: number;
      readonly us: number;
    }
  | { readonly seq: number; readonly kind: 'timeout'; readonly host: string }
  | { readonly seq: number; readonly kind: 'no-route' }
  | {
      readonly seq: number;
      readonly kind: 'host-unreachable';
      readonly host: string;
      readonly ttl: number;
      readonly us: number;
    };

export interface PingTotals {
  readonly sent: number;
  readonly received: number;
  /** Microseconds of every echo reply. */
  readonly replyUs: readonly number[];
}

// Column layout of ping-basic-8888-ntc.txt (v6) and ping-v7-ms-us-units.txt (v7).
const HEADER: Readonly<Record<RouterOsFormat, string>> = {
  v6: '  SEQ HOST                                     SIZE TTL TIME  STATUS',
  v7: '  SEQ HOST                                     SIZE TTL TIME       STATUS',
};
const TIME_WIDTH: Readonly<Record<RouterOsFormat, number>> = { v6: 5, v7: 10 };

/** The table header line. */
export function renderPingHeader(format: RouterOsFormat): string {
  return HEADER[format];
}

function line(
  format: RouterOsFormat,
  seq: number,
  cells: { host?: string; size?: string; ttl?: string; time?: string; status?: string },
): string {
  const head =
    `${String(seq).padStart(5)} ${(cells.host ?? '').padEnd(40)} ` +
    `${(cells.size ?? '').padStart(4)} ${(cells.ttl ?? '').padStart(3)} `;
  // A row without STATUS still pads TIME to its column (ping-v6.44-trailing-spaces.txt `21ms `).
  const time = (cells.time ?? '').padEnd(TIME_WIDTH[format]);
  return cells.status === undefined ? head + time : `${head}${time} ${cells.status}`;
}

/** One probe row, padded like the captures. */
export function renderPingRow(format: RouterOsFormat, row: PingRow): string {
  switch (row.kind) {
    case 'reply':
      return line(format, row.seq, {
        host: row.host,
        size: String(row.size),
        ttl: String(row.ttl),
        time: formatPingTime(format, row.us),
      });
    case 'timeout':
      return line(format, row.seq, { host: row.host, status: 'timeout' });
    case 'no-route':
      return line(format, row.seq, { status: 'no route to host' });
    case 'host-unreachable':
      return line(format, row.seq, {
        host: row.host,
        ttl: String(row.ttl),
        time: formatPingTime(format, row.us),
        status: 'host unreachable',
      });
  }
}

function rttFields(format: RouterOsFormat, replyUs: readonly number[]): string[] {
  if (replyUs.length === 0) {
    return [];
  }
  // v6 works in whole milliseconds; both versions truncate the average (294.5us prints 294us).
  const values = format === 'v6' ? replyUs.map(wholeMilliseconds) : [...replyUs];
  const average = Math.floor(values.reduce((sum, value) => sum + value, 0) / values.length);
  const show = (value: number): string =>
    format === 'v6' ? `${value}ms` : formatPingTime(format, value);
  return [
    `min-rtt=${show(Math.min(...values))}`,
    `avg-rtt=${show(average)}`,
    `max-rtt=${show(Math.max(...values))}`,
  ];
}

/**
 * The summary line(s): every field is followed by a space, loss is rounded down, the rtt fields
 * are left out when nothing came back, and a narrow terminal wraps it with a 3-space indent.
 */
export function renderPingSummary(
  format: RouterOsFormat,
  totals: PingTotals,
  terminalWidth?: number,
): string[] {
  const loss =
    totals.sent === 0 ? 0 : Math.floor(((totals.sent - totals.received) * 100) / totals.sent);
  const fields = [
    `sent=${totals.sent}`,
    `received=${totals.received}`,
    `packet-loss=${loss}%`,
    ...rttFields(format, totals.replyUs),
  ];
  const lines: string[] = [];
  let current = '    ';
  for (const field of fields) {
    const candidate = `${current}${field} `;
    if (
      terminalWidth !== undefined &&
      candidate.length > terminalWidth - 2 &&
      current.trim() !== ''
    ) {
      lines.push(current);
      current = `   ${field} `;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines;
}
