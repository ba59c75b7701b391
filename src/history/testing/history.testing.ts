import { CacheConfig } from '../../config/configuration';

/** A CacheConfig for history specs: only the history limits and Redis matter. */
export function historyConfig(
  options: { redisUrl?: string; maxPoints?: number; retentionSeconds?: number } = {},
): CacheConfig {
  return new CacheConfig(
    options.redisUrl,
    30,
    300,
    1000,
    3600,
    true,
    10_000,
    options.maxPoints ?? 1440,
    options.retentionSeconds ?? 7 * 86400,
  );
}

/** Ping `results` as the probe module builds them. */
export function pingResults(stats: {
  loss: number;
  min: number | null;
  median: number | null;
  avg: number | null;
  max: number | null;
  jitter: number | null;
}): Record<string, unknown> {
  return {
    ping_stats: {
      packets_sent: 4,
      packets_received: Math.round(4 * (1 - stats.loss / 100)),
      packet_loss_percent: stats.loss,
      rtt_min_ms: stats.min,
      rtt_avg_ms: stats.avg,
      rtt_max_ms: stats.max,
      rtt_median_ms: stats.median,
      rtt_stddev_ms: null,
      jitter_ms: stats.jitter,
      rtts_ms: [],
    },
    availability_percent: 100 - stats.loss,
    quality_score: 90,
    mos: 4.4,
    parameters: { count: 4, size: 64, interval: 1 },
  };
}

/** Traceroute `results` whose hops have these addresses (`null` = a hop that timed out). */
export function tracerouteResults(
  addresses: ReadonlyArray<string | null>,
): Record<string, unknown> {
  return {
    traceroute_stats: {
      hop_count: addresses.length,
      reached_target: addresses[addresses.length - 1] !== null,
      total_time_ms: 1200,
      status: 'completed',
    },
    hops: addresses.map((address, index) => ({
      hop: index + 1,
      address,
      loss_percent: address === null ? 100 : 0,
      sent_count: 3,
      last_time_ms: address === null ? null : 1,
      avg_time_ms: address === null ? null : 1,
      best_time_ms: address === null ? null : 1,
      worst_time_ms: address === null ? null : 1,
      stddev_ms: address === null ? null : 0,
      status: address === null ? 'timeout' : 'responded',
      mpls_labels: [],
    })),
  };
}

/** An ISO-8601 time `secondsAgo` before now. */
export function ago(secondsAgo: number): string {
  return new Date(Date.now() - secondsAgo * 1000).toISOString();
}
