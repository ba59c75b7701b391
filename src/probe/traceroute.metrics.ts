import ipaddr from 'ipaddr.js';
import { UnparseableOutputError } from '../routeros/routeros.errors';
import type { ParsedTraceroute, TracerouteHop } from '../routeros/traceroute.parser';

/** What the caller knows about the run besides the device output. */
export interface TracerouteContext {
  target: string;
  /** Addresses the target name resolved to, when the caller resolved it. */
  resolvedAddresses?: readonly string[];
  /** Measured duration of the whole run; null when not measured. */
  totalTimeMs: number | null;
}

/**
 * `responded`: answered at least one probe (see `loss_percent`); `timeout`: answered none;
 * `in_progress`: the output ended before any probe of this hop finished.
 */
export type HopStatus = 'responded' | 'timeout' | 'in_progress';

/** One entry of `results.hops` in the API contract. */
export interface HopResult {
  hop: number;
  address: string | null;
  loss_percent: number | null;
  sent_count: number | null;
  last_time_ms: number | null;
  avg_time_ms: number | null;
  best_time_ms: number | null;
  worst_time_ms: number | null;
  stddev_ms: number | null;
  status: HopStatus;
  mpls_labels: Array<{ label: number; exp: number | null; ttl: number | null }>;
}

/** `results` of a traceroute response in the API contract. */
export interface TracerouteResults {
  traceroute_stats: {
    hop_count: number;
    reached_target: boolean;
    total_time_ms: number | null;
    status: 'completed' | 'incomplete';
  };
  hops: HopResult[];
}

const TRUNCATED = '...';

/**
 * Builds the contract's traceroute `results` from the last complete table. The target counts
 * as reached when the last hop's address is the target or one of its resolved addresses; a
 * long IPv6 address the device cut (`2a03:2880:f163:81:face:b00c:0...`) matches by its prefix.
 * @throws UnparseableOutputError when the output held no traceroute table.
 */
export function buildTracerouteResults(
  parsed: ParsedTraceroute,
  context: TracerouteContext,
): TracerouteResults {
  if (parsed.hops.length === 0) throw new UnparseableOutputError('no traceroute table');
  const hops = parsed.hops.map(toHopResult);
  const last = hops[hops.length - 1];
  const candidates = [context.target, ...(context.resolvedAddresses ?? [])];
  const reached =
    last.address !== null && candidates.some((c) => sameAddress(last.address ?? '', c));
  return {
    traceroute_stats: {
      hop_count: hops.length,
      reached_target: reached,
      total_time_ms: context.totalTimeMs,
      status: reached ? 'completed' : 'incomplete',
    },
    hops,
  };
}

function toHopResult(hop: TracerouteHop): HopResult {
  const status = hopStatus(hop);
  const timeout = status === 'timeout';
  return {
    hop: hop.hop,
    address: hop.address,
    loss_percent: status === 'in_progress' ? null : timeout ? 100 : hop.lossPercent,
    sent_count: hop.sent,
    last_time_ms: timeout ? null : hop.lastMs,
    avg_time_ms: timeout ? null : hop.avgMs,
    best_time_ms: timeout ? null : hop.bestMs,
    worst_time_ms: timeout ? null : hop.worstMs,
    stddev_ms: timeout ? null : hop.stddevMs,
    status,
    mpls_labels: hop.mplsLabels.map(({ label, exp, ttl }) => ({ label, exp, ttl })),
  };
}

function hopStatus(hop: TracerouteHop): HopStatus {
  if (hop.inProgress) return 'in_progress';
  if (hop.lossPercent === 100 || hop.address === null) return 'timeout';
  return 'responded';
}

function sameAddress(printed: string, candidate: string): boolean {
  const wanted = canonical(candidate);
  if (printed.endsWith(TRUNCATED)) {
    const prefix = printed.slice(0, -TRUNCATED.length).toLowerCase();
    return prefix.length > 0 && wanted.startsWith(prefix);
  }
  return canonical(printed) === wanted;
}

// RouterOS prints addresses compressed and in lower case (RFC 5952); names compare as text.
function canonical(address: string): string {
  if (ipaddr.IPv6.isValid(address)) return ipaddr.IPv6.parse(address).toRFC5952String();
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipaddr.IPv4.parse(address).toString();
  return address.toLowerCase();
}
