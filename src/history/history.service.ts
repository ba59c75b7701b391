import { Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '../cache/redis.client';
import { CacheConfig } from '../config/configuration';
import { toPoint, trimPoints, viewPoint } from './history.points';
import { type HistoryLimits, type SeriesSummary, seriesKey } from './history.store';
import type { HistoryPoint, HistoryTestType, PointView, SeriesId } from './history.types';
import { MemoryHistoryStore } from './memory-history.store';
import { RedisHistoryStore } from './redis-history.store';

/** GET /api/history. */
export interface HistoryAnswer extends SeriesId {
  backend: 'redis' | 'memory';
  since: string | null;
  count: number;
  points: PointView[];
}

/** One line of GET /api/history/targets. */
export interface SeriesView extends SeriesId {
  points: number;
  last: PointView | null;
}

/** GET /api/history/targets. */
export interface SeriesListAnswer {
  backend: 'redis' | 'memory';
  series: SeriesView[];
}

/**
 * Result history per device, test type and target: in Redis when one is configured, in memory
 * otherwise. A Redis outage never fails a test: points go to memory meanwhile, and reads merge
 * both, so this replica's graph has no hole.
 */
@Injectable()
export class HistoryService {
  private readonly logger = new Logger('History');
  private readonly memory = new MemoryHistoryStore();
  private readonly shared?: RedisHistoryStore;
  private readonly limits: HistoryLimits;

  constructor(redis: RedisClient, config: CacheConfig) {
    this.limits = {
      maxPoints: config.historyMaxPoints,
      retentionMs: config.historyRetentionSeconds * 1000,
    };
    if (redis.configured) this.shared = new RedisHistoryStore(() => redis.available());
  }

  get backend(): 'redis' | 'memory' {
    return this.shared === undefined ? 'memory' : 'redis';
  }

  /**
   * Keeps the compact point of one fresh result. Never rejects: history is a by-product of a
   * test and must not cost it anything.
   */
  async record(
    device: string,
    testType: HistoryTestType,
    target: string,
    measuredAt: string,
    results: Record<string, unknown>,
  ): Promise<void> {
    const point = toPoint(testType, measuredAt, results);
    if (point === undefined) return;
    const series: SeriesId = { device, test_type: testType, target };
    const now = Date.now();
    if (this.shared !== undefined) {
      try {
        await this.shared.append(series, point, this.limits, now);
        return;
      } catch (error) {
        this.logger.debug(`History kept in memory while Redis is unavailable: ${describe(error)}`);
      }
    }
    await this.memory.append(series, point, this.limits, now).catch(() => undefined);
  }

  /** The series' points measured at or after `since` (and within the retention), oldest first. */
  async read(series: SeriesId, since?: Date): Promise<HistoryAnswer> {
    const now = Date.now();
    const from = Math.max(since?.getTime() ?? 0, now - this.limits.retentionMs);
    const [shared, local] = await Promise.all([
      this.shared === undefined ? [] : this.shared.read(series, from).catch(() => []),
      this.memory.read(series, from),
    ]);
    const points = trimPoints(merge(shared, local), this.limits, now);
    return {
      ...series,
      backend: this.backend,
      since: since === undefined ? null : since.toISOString(),
      count: points.length,
      points: points.map(viewPoint),
    };
  }

  /** Every series with recent points, with its newest point, sorted by device, target, test type. */
  async list(include: (series: SeriesId) => boolean = () => true): Promise<SeriesListAnswer> {
    const since = Date.now() - this.limits.retentionMs;
    const [shared, local] = await Promise.all([
      this.shared === undefined ? [] : this.shared.list(since).catch(() => []),
      this.memory.list(since),
    ]);
    const byKey = new Map<string, SeriesSummary>();
    for (const summary of [...shared, ...local]) {
      const key = seriesKey(summary.series);
      const known = byKey.get(key);
      if (known === undefined) {
        byKey.set(key, summary);
        continue;
      }
      // Points kept in memory during an outage add to what Redis holds.
      const newer = (known.last?.t ?? 0) >= (summary.last?.t ?? 0) ? known.last : summary.last;
      byKey.set(key, {
        series: known.series,
        count: Math.min(known.count + summary.count, this.limits.maxPoints),
        last: newer,
      });
    }
    const series = [...byKey.values()]
      .filter((summary) => include(summary.series))
      .sort((a, b) => compare(a.series, b.series))
      .map(({ series: id, count, last }) => ({
        ...id,
        points: count,
        last: last === undefined ? null : viewPoint(last),
      }));
    return { backend: this.backend, series };
  }
}

function merge(shared: HistoryPoint[], local: HistoryPoint[]): HistoryPoint[] {
  if (local.length === 0) return shared;
  const seen = new Set(shared.map((point) => point.t));
  return [...shared, ...local.filter((point) => !seen.has(point.t))];
}

function compare(a: SeriesId, b: SeriesId): number {
  return (
    a.device.localeCompare(b.device) ||
    a.target.localeCompare(b.target) ||
    a.test_type.localeCompare(b.test_type)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
