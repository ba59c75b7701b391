/** The two kinds of test whose results are kept. */
export const HISTORY_TEST_TYPES = ['ping', 'traceroute'] as const;
export type HistoryTestType = (typeof HISTORY_TEST_TYPES)[number];

/** One ping result, reduced to what a latency graph draws (times in ms, `null` = not measured). */
export interface PingPoint {
  /** When the router measured it, as epoch milliseconds (ISO-8601 in API answers). */
  t: number;
  /** Packet loss in percent, 0-100. */
  loss: number | null;
  min: number | null;
  median: number | null;
  avg: number | null;
  max: number | null;
  jitter: number | null;
}

/** One traceroute result, reduced to its path. */
export interface TraceroutePoint {
  t: number;
  hop_count: number | null;
  reached: boolean | null;
  path_hash: string | null;
  /** Hop addresses in order, `*` for a hop that never answered. */
  path: string[];
  path_changed: boolean | null;
}

export type HistoryPoint = PingPoint | TraceroutePoint;

/** Which series a point belongs to: one per device, test type and target. */
export interface SeriesId {
  device: string;
  test_type: HistoryTestType;
  target: string;
}

/** A point as the API answers it: `t` as an ISO-8601 UTC timestamp. */
export type PointView<P extends HistoryPoint = HistoryPoint> = P extends HistoryPoint
  ? Omit<P, 't'> & { t: string }
  : never;
