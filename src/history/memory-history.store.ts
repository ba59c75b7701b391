import { trimPoints } from './history.points';
import {
  type HistoryLimits,
  HistoryStore,
  SERIES_LIST_LIMIT,
  type SeriesSummary,
  seriesKey,
} from './history.store';
import type { HistoryPoint, SeriesId } from './history.types';

interface Series {
  id: SeriesId;
  points: HistoryPoint[];
  updated: number;
}

// Bounds the number of series, not only points per series: every new target is a new series.
const MAX_SERIES = 10_000;

/** History in this process: the store without Redis, and the fallback while Redis is down. */
export class MemoryHistoryStore extends HistoryStore {
  private readonly series = new Map<string, Series>();

  async append(
    id: SeriesId,
    point: HistoryPoint,
    limits: HistoryLimits,
    now: number,
  ): Promise<void> {
    const key = seriesKey(id);
    const existing = this.series.get(key);
    const points = trimPoints([...(existing?.points ?? []), point], limits, now);
    // Re-inserting keeps the Map in update order, so the first key is the least recently updated.
    this.series.delete(key);
    if (points.length > 0)
      this.series.set(key, { id, points, updated: Math.max(point.t, existing?.updated ?? 0) });
    this.evict(limits, now);
  }

  async read(id: SeriesId, since: number): Promise<HistoryPoint[]> {
    return (this.series.get(seriesKey(id))?.points ?? []).filter((point) => point.t >= since);
  }

  async list(since: number): Promise<SeriesSummary[]> {
    return [...this.series.values()]
      .filter((entry) => entry.updated >= since)
      .sort((a, b) => b.updated - a.updated)
      .slice(0, SERIES_LIST_LIMIT)
      .map((entry) => {
        const points = entry.points.filter((point) => point.t >= since);
        return { series: entry.id, count: points.length, last: points[points.length - 1] };
      });
  }

  private evict(limits: HistoryLimits, now: number): void {
    const oldest = now - limits.retentionMs;
    for (const [key, entry] of this.series) {
      if (this.series.size <= MAX_SERIES && entry.updated > oldest) break;
      this.series.delete(key);
    }
  }
}
