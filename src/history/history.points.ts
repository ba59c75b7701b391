import type {
  HistoryPoint,
  HistoryTestType,
  PingPoint,
  PointView,
  TraceroutePoint,
} from './history.types';

// The results arrive as the probe module built them; read them defensively, field by field, so a
// shape change there costs a graph a gap rather than the test an error.
type Loose = Record<string, unknown>;

/** Reduces a test's `results` to the compact point the history keeps; undefined for an unusable time. */
export function toPoint(
  testType: HistoryTestType,
  measuredAt: string,
  results: Record<string, unknown>,
): HistoryPoint | undefined {
  const t = Date.parse(measuredAt);
  if (!Number.isFinite(t)) return undefined;
  return testType === 'ping' ? pingPoint(t, results) : traceroutePoint(t, results);
}

function pingPoint(t: number, results: Loose): PingPoint {
  const stats = record(results.ping_stats);
  return {
    t,
    loss: num(stats.packet_loss_percent),
    min: num(stats.rtt_min_ms),
    median: num(stats.rtt_median_ms),
    avg: num(stats.rtt_avg_ms),
    max: num(stats.rtt_max_ms),
    jitter: num(stats.jitter_ms),
  };
}

function traceroutePoint(t: number, results: Loose): TraceroutePoint {
  const stats = record(results.traceroute_stats);
  const hops = Array.isArray(results.hops) ? results.hops.map(record) : [];
  return {
    t,
    hop_count: num(stats.hop_count),
    reached: typeof stats.reached_target === 'boolean' ? stats.reached_target : null,
    path_hash: typeof results.path_hash === 'string' ? results.path_hash : null,
    path: hops.map((hop) => (typeof hop.address === 'string' ? hop.address : '*')),
    path_changed: typeof results.path_changed === 'boolean' ? results.path_changed : null,
  };
}

/** The API's form of a point: the time as ISO-8601. */
export function viewPoint<P extends HistoryPoint>(point: P): PointView<P> {
  return { ...point, t: new Date(point.t).toISOString() } as unknown as PointView<P>;
}

/** A point read back from storage, or undefined when it is not one (foreign or corrupt data). */
export function parsePoint(raw: string): HistoryPoint | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const point = value as { t?: unknown };
    return typeof point.t === 'number' && Number.isFinite(point.t)
      ? (value as HistoryPoint)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the newest `maxPoints` points measured after `now - retentionMs`, oldest first. */
export function trimPoints<P extends HistoryPoint>(
  points: readonly P[],
  limits: { maxPoints: number; retentionMs: number },
  now: number,
): P[] {
  const oldest = now - limits.retentionMs;
  const kept = points.filter((point) => point.t > oldest).sort((a, b) => a.t - b.t);
  return kept.slice(Math.max(0, kept.length - limits.maxPoints));
}

function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Loose)
    : {};
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
