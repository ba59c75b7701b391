import { formatTraceNumber } from './rtt.format';
import type { MplsLabel } from './simulator.types';
import type { TraceRow } from './traceroute.renderer';

/** `<MPLS:L=103,E=2 L=19,E=2,T=1>`: one `L=,E=` group per label, `T=` only when known. */
export function formatMpls(labels: readonly MplsLabel[]): string {
  if (labels.length === 0) {
    return '';
  }
  const groups = labels.map(
    (entry) => `L=${entry.label},E=${entry.exp}${entry.ttl === undefined ? '' : `,T=${entry.ttl}`}`,
  );
  return `<MPLS:${groups.join(' ')}>`;
}

/** Running MTR-style statistics of one hop. */
export class HopStats {
  private sent = 0;
  private readonly replies: number[] = [];
  private last: number | null = null;

  constructor(
    private readonly hop: number,
    private readonly address: string | null,
    private readonly mpls: readonly MplsLabel[],
  ) {}

  /** One probe round: the RTT in ms, or null when it was lost. */
  record(rttMs: number | null): void {
    this.sent += 1;
    this.last = rttMs;
    if (rttMs !== null) {
      this.replies.push(rttMs);
    }
  }

  /** The hop as the device prints it now. */
  toRow(): TraceRow {
    const received = this.replies.length;
    const loss = this.sent === 0 ? 0 : Math.floor(((this.sent - received) * 100) / this.sent);
    const base = {
      hop: this.hop,
      loss: `${loss}%`,
      sent: this.sent,
      last: this.last === null ? 'timeout' : `${formatTraceNumber(this.last)}ms`,
    };
    if (received === 0) {
      // Nothing answered, so nothing is known about the hop, not even its address.
      return { ...base, address: '', avg: '', best: '', worst: '', stdDev: '', status: '' };
    }
    const mean = this.replies.reduce((sum, value) => sum + value, 0) / received;
    const variance = this.replies.reduce((sum, value) => sum + (value - mean) ** 2, 0) / received;
    return {
      ...base,
      address: this.address ?? '',
      avg: formatTraceNumber(mean),
      best: formatTraceNumber(Math.min(...this.replies)),
      worst: formatTraceNumber(Math.max(...this.replies)),
      stdDev: formatTraceNumber(Math.sqrt(variance)),
      status: formatMpls(this.mpls),
    };
  }
}

/** The row RouterOS shows for a hop whose first probe is still out: `1   0%    1     0ms`. */
export function inProgressRow(hop: number): TraceRow {
  return {
    hop,
    address: '',
    loss: '0%',
    sent: 1,
    last: '0ms',
    avg: '',
    best: '',
    worst: '',
    stdDev: '',
    status: '',
  };
}
