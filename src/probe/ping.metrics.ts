import type { ParsedPing, PingReply } from '../routeros/ping.parser';
import { UnparseableOutputError } from '../routeros/routeros.errors';

/** What the ping was asked to do (interval in seconds), echoed in the result. */
export interface PingParameters {
  count: number;
  size: number;
  interval: number;
}

/** `results.ping_stats` of the API contract. */
export interface PingStats {
  packets_sent: number;
  packets_received: number;
  packet_loss_percent: number;
  rtt_min_ms: number | null;
  rtt_avg_ms: number | null;
  rtt_max_ms: number | null;
  rtt_median_ms: number | null;
  rtt_stddev_ms: number | null;
  jitter_ms: number | null;
  rtts_ms: Array<number | null>;
}

/** `results` of a ping response in the API contract. */
export interface PingResults {
  ping_stats: PingStats;
  availability_percent: number;
  quality_score: number;
  mos: number;
  parameters: PingParameters;
}

/** E-model outcome: R factor as the quality score, and the MOS derived from it. */
export interface CallQuality {
  qualityScore: number;
  mos: number;
}

/**
 * Builds the contract's ping `results`. Counts and min/avg/max come from the summary line when
 * printed, else from the rows; `rtts_ms` has one entry per row (a multicast target answering
 * one probe several times gives several entries), null where the row is not an echo reply.
 * @throws UnparseableOutputError when the output held neither a summary nor a row.
 */
export function buildPingResults(parsed: ParsedPing, parameters: PingParameters): PingResults {
  const { replies, summary } = parsed;
  if (!summary && replies.length === 0) throw new UnparseableOutputError('no ping rows or summary');
  const rtts = replies.map((reply) => (isEchoReply(reply) ? reply.timeMs : null));
  const received = rtts.filter((rtt): rtt is number => rtt !== null);
  const sent = summary?.sent ?? countProbes(replies);
  const receivedCount = summary?.received ?? received.length;
  // No probe sent counts as nothing came back: a monitor must not read it as healthy.
  const rawLoss = sent === 0 ? 100 : ((sent - receivedCount) / sent) * 100;
  const loss = round(clamp(rawLoss, 0, 100), 2);
  const answered = receivedCount > 0 && sent > 0;
  const min = answered ? (summary?.minMs ?? minOf(received)) : null;
  const avg = answered ? (summary?.avgMs ?? meanOf(received)) : null;
  const max = answered ? (summary?.maxMs ?? maxOf(received)) : null;
  const jitter = answered ? meanConsecutiveDifference(received) : null;
  // The reported (rounded) loss goes in, so a reader can redo the score from the response.
  const quality = avg === null ? { qualityScore: 0, mos: 1 } : callQuality(avg, jitter ?? 0, loss);
  return {
    ping_stats: {
      packets_sent: sent,
      packets_received: receivedCount,
      packet_loss_percent: loss,
      rtt_min_ms: roundMs(min),
      rtt_avg_ms: roundMs(avg),
      rtt_max_ms: roundMs(max),
      rtt_median_ms: roundMs(answered ? medianOf(received) : null),
      rtt_stddev_ms: roundMs(answered ? populationStdDev(received) : null),
      jitter_ms: roundMs(jitter),
      rtts_ms: rtts.map(roundMs),
    },
    availability_percent: round(100 - loss, 2),
    quality_score: quality.qualityScore,
    mos: quality.mos,
    parameters: { count: parameters.count, size: parameters.size, interval: parameters.interval },
  };
}

/**
 * Simplified ITU-T G.107 E-model as VoIP monitors use it: E = avg + 2 x jitter + 10;
 * R = 93.2 - E/40 below 160 ms, else 93.2 - (E - 120)/10; R -= 2.5 x loss%; clamped 0..100;
 * MOS = 1 + 0.035R + 7e-6 R (R - 60)(100 - R), clamped 1..4.5. Both rounded to 2 decimals.
 */
export function callQuality(avgMs: number, jitterMs: number, lossPercent: number): CallQuality {
  const effective = avgMs + 2 * jitterMs + 10;
  const base = effective < 160 ? 93.2 - effective / 40 : 93.2 - (effective - 120) / 10;
  const r = clamp(base - 2.5 * lossPercent, 0, 100);
  const mos = clamp(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 1, 4.5);
  return { qualityScore: round(r, 2), mos: round(mos, 2) };
}

// A reply of the target itself; `host unreachable` and the like carry a time but are losses.
function isEchoReply(reply: PingReply): reply is PingReply & { timeMs: number } {
  return reply.timeMs !== null && (reply.status === null || reply.status === 'echo reply');
}

// Without a summary: one probe per SEQ (duplicates share it), one per row without SEQ.
function countProbes(replies: PingReply[]): number {
  const seqs = new Set(replies.filter((r) => r.seq !== null).map((r) => r.seq));
  return seqs.size + replies.filter((r) => r.seq === null).length;
}

function meanConsecutiveDifference(values: number[]): number | null {
  if (values.length < 2) return null;
  let total = 0;
  for (let i = 1; i < values.length; i++) total += Math.abs(values[i] - values[i - 1]);
  return total / (values.length - 1);
}

function populationStdDev(values: number[]): number | null {
  const mean = meanOf(values);
  if (mean === null) return null;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
}

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function meanOf(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function minOf(values: number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

function maxOf(values: number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

// v7 prints microseconds, so milliseconds keep three decimals.
function roundMs(value: number | null): number | null {
  return value === null ? null : round(value, 3);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // toPrecision drops binary noise first, so 89.575 rounds up as written (8957.4999... in binary).
  const shifted = Number((value * factor).toPrecision(12));
  // + 0 turns -0 into 0 so JSON never shows it.
  return Math.round(shifted) / factor + 0;
}
