import { parseRouterOsDuration } from './duration.parser';
import { normalizeOutput } from './output.normalizer';
import { type Column, readHeader, splitRow } from './table.columns';

/** One row of the ping table. */
export interface PingReply {
  seq: number | null;
  host: string | null;
  size: number | null;
  ttl: number | null;
  timeMs: number | null;
  /** null for an ordinary reply, else the device's text: `timeout`, `echo reply`, `host unreachable`... */
  status: string | null;
}

/** The `sent=.. received=.. packet-loss=..% min-rtt=.. avg-rtt=.. max-rtt=..` line. */
export interface PingSummary {
  sent: number;
  received: number;
  /** As printed: rounded down by the device, negative when a multicast target answers often. */
  lossPercent: number;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
}

/** Rows and summary of the last ping run in the output. */
export interface ParsedPing {
  replies: PingReply[];
  summary: PingSummary | null;
}

const PING_COLUMNS = ['SEQ', 'HOST', 'SIZE', 'TTL', 'TIME', 'STATUS'] as const;
const SUMMARY_KEYS = ['sent', 'received', 'packet-loss', 'min-rtt', 'avg-rtt', 'max-rtt'];
const KEY_VALUE = /^([a-z-]+)=(\S*)$/;
const INTEGER = /^\d+$/;
const PERCENT = /^(-?\d+(?:\.\d+)?)%$/;

/**
 * Reads `/ping` output (any layout: `SEQ HOST SIZE TTL TIME STATUS`, no SEQ, RoMON
 * `SEQ HOST TIME STATUS`, MAC ping). Rows are read by the header's column positions. A header
 * repeated after a summary continues the run; a SEQ that starts over begins a new run, and only
 * the last run is returned. Lines it does not recognise are ignored; it never throws.
 */
export function parsePing(output: string): ParsedPing {
  let replies: PingReply[] = [];
  let summary: Record<string, string> | null = null;
  let columns: Column[] | null = null;
  let lastWasSummary = false;
  for (const line of normalizeOutput(output)) {
    const header = readHeader(line, PING_COLUMNS);
    if (header && isPingHeader(header)) {
      columns = header;
      lastWasSummary = false;
      continue;
    }
    const pairs = readPairs(line);
    if (pairs && pairs.has('sent')) {
      summary = Object.fromEntries(pairs);
      lastWasSummary = true;
      continue;
    }
    if (pairs && summary && lastWasSummary) {
      // The terminal wrapped the summary: `   max-rtt=314us` on the next line.
      Object.assign(summary, Object.fromEntries(pairs));
      continue;
    }
    lastWasSummary = false;
    const reply = columns ? readReply(line, columns) : null;
    if (!reply) continue;
    const previous = replies[replies.length - 1];
    if (startsNewRun(previous, reply, columns, summary !== null)) {
      replies = [];
      summary = null;
    }
    replies.push(reply);
  }
  return { replies, summary: summary ? toSummary(summary) : null };
}

function isPingHeader(columns: Column[]): boolean {
  const names = columns.map((c) => c.name);
  return names.includes('HOST') && (names.includes('TIME') || names.includes('STATUS'));
}

function startsNewRun(
  previous: PingReply | undefined,
  reply: PingReply,
  columns: Column[] | null,
  summarySeen: boolean,
): boolean {
  if (!previous) return false;
  if (reply.seq !== null && previous.seq !== null) {
    return reply.seq < previous.seq || (reply.seq === 0 && summarySeen);
  }
  // Without a SEQ column only a table that follows a summary can tell a new run.
  return summarySeen && !columns?.some((c) => c.name === 'SEQ');
}

// Only a line made entirely of known `key=value` words counts, so stray text never does.
function readPairs(line: string): Map<string, string> | null {
  const words = line.trim().split(/\s+/);
  const pairs = new Map<string, string>();
  for (const word of words) {
    const match = KEY_VALUE.exec(word);
    if (!match || !SUMMARY_KEYS.includes(match[1])) return null;
    pairs.set(match[1], match[2]);
  }
  return pairs.size > 0 ? pairs : null;
}

function toSummary(pairs: Record<string, string>): PingSummary | null {
  const sent = pairs['sent'];
  const received = pairs['received'];
  const loss = PERCENT.exec(pairs['packet-loss'] ?? '');
  if (!INTEGER.test(sent ?? '') || !INTEGER.test(received ?? '') || !loss) return null;
  const time = (key: string): number | null => {
    const value = pairs[key];
    return value === undefined ? null : parseRouterOsDuration(value);
  };
  return {
    sent: Number(sent),
    received: Number(received),
    lossPercent: Number(loss[1]),
    minMs: time('min-rtt'),
    avgMs: time('avg-rtt'),
    maxMs: time('max-rtt'),
  };
}

function readReply(line: string, columns: Column[]): PingReply | null {
  const values = splitRow(line, columns);
  if (values.size === 0) return null;
  const seqText = values.get('SEQ');
  const hasSeq = columns.some((c) => c.name === 'SEQ');
  const seq = readInteger(seqText);
  const size = readInteger(values.get('SIZE'));
  const ttl = readInteger(values.get('TTL'));
  // Every value must fit its column, or the line is not a row.
  if (hasSeq && seq === null) return null;
  if (size === undefined || ttl === undefined || seq === undefined) return null;
  let status = values.get('STATUS') ?? null;
  const timeText = values.get('TIME');
  let timeMs: number | null = null;
  if (timeText !== undefined) {
    timeMs = parseRouterOsDuration(timeText);
    // A layout that puts the status under TIME still says what happened.
    if (timeMs === null && status === null) status = timeText;
    else if (timeMs === null) return null;
  }
  if (timeMs === null && status === null) return null;
  const host = values.get('HOST') ?? null;
  return { seq: seq ?? null, host, size: size ?? null, ttl: ttl ?? null, timeMs, status };
}

// undefined when present but not a number, null when absent.
function readInteger(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  return INTEGER.test(text) ? Number(text) : undefined;
}
