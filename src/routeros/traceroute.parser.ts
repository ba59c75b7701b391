import { parseRouterOsDuration } from './duration.parser';
import { normalizeOutput } from './output.normalizer';
import { type Column, readHeader, splitRow, tokenize } from './table.columns';

/** One entry of an MPLS label stack, top of the stack first. */
export interface MplsLabel {
  label: number;
  exp: number | null;
  ttl: number | null;
}

/** One row of the final traceroute table. Times in milliseconds, null when not printed. */
export interface TracerouteHop {
  hop: number;
  /** As printed: a long IPv6 address may be cut and end in `...`. */
  address: string | null;
  lossPercent: number | null;
  sent: number | null;
  lastMs: number | null;
  avgMs: number | null;
  bestMs: number | null;
  worstMs: number | null;
  stddevMs: number | null;
  /** Device text other than MPLS labels (`timeout`, ...); null when none. */
  status: string | null;
  mplsLabels: MplsLabel[];
  /** No probe of this hop had finished when the output ended (`6   0%    0     0ms`); times null. */
  inProgress: boolean;
}

/** The last complete table, and how many tables (repaints included) the output held. */
export interface ParsedTraceroute {
  hops: TracerouteHop[];
  tableCount: number;
}

const TRACE_COLUMNS = [
  '#',
  'ADDRESS',
  'LOSS',
  'SENT',
  'LAST',
  'AVG',
  'BEST',
  'WORST',
  'STD-DEV',
  'STATUS',
] as const;
const INTEGER = /^\d+$/;
const PERCENT = /^(\d+(?:\.\d+)?)%$/;
const MPLS = /<MPLS:([^>]*)>/g;

interface Row {
  // From the `#` column; null when the layout has none and the position tells.
  number: number | null;
  hop: Omit<TracerouteHop, 'hop'>;
}

/**
 * Reads `/tool traceroute` output: v7 (left-aligned, optional `Columns:` line and `#`), v6
 * (right-aligned), narrow tables without STD-DEV/STATUS, and the old `ADDRESS STATUS` layout
 * with three RTTs. A new table starts at a header, a blank line, a hop number that does not
 * grow, or (without `#`) a SENT that grows; the result is the last table that is not shorter
 * than the one before it, since a repaint cut short is not complete. Never throws.
 */
export function parseTraceroute(output: string): ParsedTraceroute {
  const tables: Row[][] = [];
  let current: Row[] = [];
  let columns: Column[] | null = null;
  const close = (): void => {
    if (current.length > 0) tables.push(current);
    current = [];
  };
  for (const line of normalizeOutput(output)) {
    const header = readHeader(line, TRACE_COLUMNS);
    if (header && isTraceHeader(header)) {
      close();
      columns = header;
      continue;
    }
    if (line.trim() === '') {
      close();
      continue;
    }
    if (!columns) continue;
    const row = isOldLayout(columns) ? readOldRow(line) : readRow(line, columns);
    if (!row) continue;
    const previous = current[current.length - 1];
    if (previous && startsNewTable(previous, row)) close();
    current.push(row);
  }
  close();
  return { hops: pickResult(tables), tableCount: tables.length };
}

function isTraceHeader(columns: Column[]): boolean {
  const names = columns.map((c) => c.name);
  return names.includes('ADDRESS') && (names.includes('LOSS') || isOldLayout(columns));
}

function isOldLayout(columns: Column[]): boolean {
  return columns.length === 2 && columns[0].name === 'ADDRESS' && columns[1].name === 'STATUS';
}

function startsNewTable(previous: Row, row: Row): boolean {
  if (row.number !== null && previous.number !== null) return row.number <= previous.number;
  // Each round probes hop 1 first, so within one table SENT never grows going down.
  const { sent } = row.hop;
  return sent !== null && previous.hop.sent !== null && sent > previous.hop.sent;
}

function pickResult(tables: Row[][]): TracerouteHop[] {
  if (tables.length === 0) return [];
  let chosen = tables[tables.length - 1];
  const before = tables[tables.length - 2];
  if (before && chosen.length < before.length) chosen = before;
  return chosen.map((row, index) => ({ hop: row.number ?? index + 1, ...row.hop }));
}

function readRow(line: string, columns: Column[]): Row | null {
  const values = splitRow(line, columns);
  const loss = PERCENT.exec(values.get('LOSS') ?? '');
  const numberText = values.get('#');
  const sentText = values.get('SENT');
  // A line is a row only when its LOSS and counters read as such.
  if (!loss) return null;
  if (columns[0].name === '#' && !INTEGER.test(numberText ?? '')) return null;
  if (sentText !== undefined && !INTEGER.test(sentText)) return null;
  let status: string | null = null;
  const lastText = values.get('LAST');
  const lastMs = lastText === undefined ? null : parseRouterOsDuration(lastText);
  // A timeout hop prints `timeout` where LAST would be.
  if (lastText !== undefined && lastMs === null) status = lastText;
  const statusText = values.get('STATUS');
  const mplsLabels = statusText === undefined ? [] : readMplsLabels(statusText);
  const rest = statusText?.replace(MPLS, '').trim();
  if (rest) status = status ? `${status} ${rest}` : rest;
  const address = values.get('ADDRESS') ?? null;
  const lossPercent = Number(loss[1]);
  const inProgress = address === null && status === null && lossPercent < 100;
  // The `0ms` of a hop still waiting for its first answer is a placeholder, not a time.
  const time = (name: string): number | null => {
    const text = values.get(name);
    return text === undefined || inProgress ? null : parseRouterOsDuration(text);
  };
  return {
    number: numberText === undefined ? null : Number(numberText),
    hop: {
      address,
      lossPercent,
      sent: sentText === undefined ? null : Number(sentText),
      lastMs: inProgress ? null : lastMs,
      avgMs: time('AVG'),
      bestMs: time('BEST'),
      worstMs: time('WORST'),
      stddevMs: time('STD-DEV'),
      status,
      mplsLabels,
      inProgress,
    },
  };
}

/** Reads every `<MPLS:L=103,E=2 L=19,E=2,T=1>` stack in a STATUS text, in printed order. */
export function readMplsLabels(text: string): MplsLabel[] {
  const labels: MplsLabel[] = [];
  for (const group of text.matchAll(MPLS)) {
    for (const entry of group[1].trim().split(/\s+/)) {
      const fields = new Map(
        entry.split(',').map((pair) => pair.split('=') as [string, string | undefined]),
      );
      const number = (key: string): number | null => {
        const value = fields.get(key);
        return value !== undefined && INTEGER.test(value) ? Number(value) : null;
      };
      const label = number('L');
      if (label !== null) labels.push({ label, exp: number('E'), ttl: number('T') });
    }
  }
  return labels;
}

// Old layout: `   1       10.0.1.17 2ms 1ms 1ms` - hop, address, one word per probe.
function readOldRow(line: string): Row | null {
  const words = tokenize(line).map((t) => t.text);
  if (words.length < 2 || !INTEGER.test(words[0])) return null;
  let address: string | null = null;
  const rtts: number[] = [];
  let probes = 0;
  let lastMs: number | null = null;
  const notes: string[] = [];
  for (const word of words.slice(1)) {
    const ms = parseRouterOsDuration(word);
    if (ms !== null && !INTEGER.test(word)) {
      rtts.push(ms);
      probes++;
      lastMs = ms;
    } else if (word === 'timeout') {
      probes++;
      lastMs = null;
    } else if (address === null && probes === 0 && notes.length === 0) address = word;
    else notes.push(word);
  }
  if (probes === 0) return null;
  const avg = rtts.length > 0 ? rtts.reduce((a, b) => a + b, 0) / rtts.length : null;
  const variance =
    avg === null ? null : rtts.reduce((sum, rtt) => sum + (rtt - avg) ** 2, 0) / rtts.length;
  const lost = probes - rtts.length;
  return {
    number: Number(words[0]),
    hop: {
      address,
      lossPercent: Math.round((lost / probes) * 1000) / 10,
      sent: probes,
      lastMs,
      avgMs: avg === null ? null : Math.round(avg * 1000) / 1000,
      bestMs: rtts.length > 0 ? Math.min(...rtts) : null,
      worstMs: rtts.length > 0 ? Math.max(...rtts) : null,
      stddevMs: variance === null ? null : Math.round(Math.sqrt(variance) * 1000) / 1000,
      status: lost === probes ? 'timeout' : notes.length > 0 ? notes.join(' ') : null,
      mplsLabels: [],
      inProgress: false,
    },
  };
}
