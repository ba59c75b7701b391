import type { Redis } from 'ioredis';
import { parsePoint } from './history.points';
import {
  type HistoryLimits,
  HistoryStore,
  SERIES_LIST_LIMIT,
  type SeriesSummary,
  seriesKey,
} from './history.store';
import { HISTORY_TEST_TYPES, type HistoryPoint, type SeriesId } from './history.types';

/** Where history lives in Redis; the result cache's clear-all never touches it. */
export const HISTORY_PREFIX = 'sentinel:history:';

/** Thrown when Redis cannot take the command now; the service then falls back to memory. */
export class HistoryUnavailableError extends Error {
  constructor() {
    super('Redis is not available for history');
  }
}

/**
 * History in Redis: one sorted set per series (member = the point as JSON, score = its time),
 * trimmed by age and count on every write and expiring as a whole when idle.
 */
export class RedisHistoryStore extends HistoryStore {
  // Every series, scored by the time of its newest point: the dashboard's list without a SCAN.
  private readonly index: string;

  /** @param connection the connection when it can take a command now, else undefined */
  constructor(
    private readonly connection: () => Redis | undefined,
    private readonly prefix = HISTORY_PREFIX,
  ) {
    super();
    this.index = `${prefix}index`;
  }

  async append(
    id: SeriesId,
    point: HistoryPoint,
    limits: HistoryLimits,
    now: number,
  ): Promise<void> {
    const key = this.prefix + seriesKey(id);
    const oldest = now - limits.retentionMs;
    const results = await this.redis()
      .multi()
      .zadd(key, point.t, JSON.stringify(point))
      .zremrangebyscore(key, '-inf', `(${oldest}`)
      .zremrangebyrank(key, 0, -(limits.maxPoints + 1))
      .pexpire(key, limits.retentionMs)
      .zadd(this.index, 'GT', point.t, indexMember(id))
      .zremrangebyscore(this.index, '-inf', `(${oldest}`)
      .exec();
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed !== undefined)
      throw failed?.[0] ?? new HistoryUnavailableError();
  }

  async read(id: SeriesId, since: number): Promise<HistoryPoint[]> {
    const raw = await this.redis().zrangebyscore(this.prefix + seriesKey(id), since, '+inf');
    return raw.map(parsePoint).filter((point): point is HistoryPoint => point !== undefined);
  }

  async list(since: number): Promise<SeriesSummary[]> {
    const redis = this.redis();
    const members = await redis.zrevrangebyscore(
      this.index,
      '+inf',
      since,
      'LIMIT',
      0,
      SERIES_LIST_LIMIT,
    );
    const ids = members.map(parseIndexMember).filter((id): id is SeriesId => id !== undefined);
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) {
      const key = this.prefix + seriesKey(id);
      pipeline.zcount(key, since, '+inf');
      pipeline.zrange(key, -1, -1);
    }
    const replies = (await pipeline.exec()) ?? [];
    return ids
      .map((series, index) => {
        const [countError, count] = replies[index * 2] ?? [null, 0];
        const [lastError, last] = replies[index * 2 + 1] ?? [null, []];
        const error = countError ?? lastError;
        if (error !== null) throw error;
        const newest =
          Array.isArray(last) && typeof last[0] === 'string' ? parsePoint(last[0]) : undefined;
        return { series, count: typeof count === 'number' ? count : 0, last: newest };
      })
      .filter((summary) => summary.count > 0);
  }

  private redis(): Redis {
    const redis = this.connection();
    if (redis === undefined) throw new HistoryUnavailableError();
    return redis;
  }
}

function indexMember(id: SeriesId): string {
  return JSON.stringify([id.device, id.test_type, id.target]);
}

function parseIndexMember(member: string): SeriesId | undefined {
  try {
    const value = JSON.parse(member) as unknown;
    if (
      !Array.isArray(value) ||
      value.length !== 3 ||
      !value.every((part) => typeof part === 'string')
    )
      return undefined;
    const [device, testType, target] = value as [string, string, string];
    const test = HISTORY_TEST_TYPES.find((type) => type === testType);
    return test === undefined ? undefined : { device, test_type: test, target };
  } catch {
    return undefined;
  }
}
