import type { HistoryPoint, SeriesId } from './history.types';

/** How much history to keep per series. */
export interface HistoryLimits {
  maxPoints: number;
  retentionMs: number;
}

/** A series as listed for the dashboard: how many points it holds and its newest one. */
export interface SeriesSummary {
  series: SeriesId;
  count: number;
  last: HistoryPoint | undefined;
}

/** At most this many series are listed, the most recently updated first. */
export const SERIES_LIST_LIMIT = 1_000;

/** Where history points live: Redis when configured, memory otherwise and during outages. */
export abstract class HistoryStore {
  /** Adds a point and trims its series by count and age. */
  abstract append(
    series: SeriesId,
    point: HistoryPoint,
    limits: HistoryLimits,
    now: number,
  ): Promise<void>;

  /** The series' points measured at or after `since`, oldest first. */
  abstract read(series: SeriesId, since: number): Promise<HistoryPoint[]>;

  /** Series updated after `since`, most recently updated first. */
  abstract list(since: number): Promise<SeriesSummary[]>;
}

/** One string per series, unambiguous whatever the device or target contains. */
export function seriesKey(series: SeriesId): string {
  return `${series.test_type}:${encodeURIComponent(series.device)}:${encodeURIComponent(series.target)}`;
}
