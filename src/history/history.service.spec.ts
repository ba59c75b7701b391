import { RedisClient } from '../cache/redis.client';
import { RedisServer, waitUntil } from '../cache/testing/redis-server';
import { HistoryService } from './history.service';
import type { PingPoint, PointView, SeriesId } from './history.types';
import { HISTORY_PREFIX } from './redis-history.store';
import { ago, historyConfig, pingResults } from './testing/history.testing';

const PING = { loss: 0, min: 8, median: 9, avg: 9.5, max: 12, jitter: 1 };
const SERIES: SeriesId = { device: 'core-1', test_type: 'ping', target: '8.8.8.8' };

const medians = (answer: { points: PointView[] }) =>
  (answer.points as Array<PointView<PingPoint>>).map((point) => point.median);

async function recordMany(
  history: HistoryService,
  count: number,
  firstSecondsAgo: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await history.record(
      'core-1',
      'ping',
      '8.8.8.8',
      ago(firstSecondsAgo - i),
      pingResults({ ...PING, median: i }),
    );
  }
}

describe('History without Redis', () => {
  const memoryHistory = (maxPoints = 1440, retentionSeconds = 3600) =>
    new HistoryService(
      new RedisClient(historyConfig()),
      historyConfig({ maxPoints, retentionSeconds }),
    );

  it('answers the recorded points of one series, oldest first, with ISO-8601 times', async () => {
    const history = memoryHistory();
    await recordMany(history, 3, 30);
    const answer = await history.read(SERIES);
    expect(answer).toMatchObject({
      backend: 'memory',
      count: 3,
      device: 'core-1',
      target: '8.8.8.8',
      test_type: 'ping',
    });
    expect(medians(answer)).toEqual([0, 1, 2]);
    expect(answer.points[0].t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('keeps no more than HISTORY_MAX_POINTS points per series, dropping the oldest', async () => {
    const history = memoryHistory(5);
    await recordMany(history, 8, 30);
    const answer = await history.read(SERIES);
    expect(medians(answer)).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps no point older than HISTORY_RETENTION', async () => {
    const history = memoryHistory(100, 60);
    await history.record(
      'core-1',
      'ping',
      '8.8.8.8',
      ago(120),
      pingResults({ ...PING, median: 1 }),
    );
    await history.record('core-1', 'ping', '8.8.8.8', ago(10), pingResults({ ...PING, median: 2 }));
    expect(medians(await history.read(SERIES))).toEqual([2]);
  });

  it('answers only points at or after `since`', async () => {
    const history = memoryHistory();
    await recordMany(history, 5, 50);
    const answer = await history.read(SERIES, new Date(Date.now() - 47_500));
    expect(medians(answer)).toEqual([3, 4]);
    expect(answer.since).not.toBeNull();
  });

  it('keeps devices, targets and test types apart', async () => {
    const history = memoryHistory();
    await history.record('core-1', 'ping', '8.8.8.8', ago(1), pingResults(PING));
    await history.record('core-2', 'ping', '8.8.8.8', ago(1), pingResults(PING));
    await history.record('core-1', 'ping', '1.1.1.1', ago(1), pingResults(PING));
    expect((await history.read(SERIES)).count).toBe(1);
    expect((await history.read({ ...SERIES, test_type: 'traceroute' })).count).toBe(0);
  });

  it('lists every series with its newest point, sorted by device and target', async () => {
    const history = memoryHistory();
    await history.record('edge-1', 'ping', '1.1.1.1', ago(5), pingResults({ ...PING, median: 5 }));
    await history.record('core-1', 'ping', '8.8.8.8', ago(9), pingResults({ ...PING, median: 1 }));
    await history.record('core-1', 'ping', '8.8.8.8', ago(2), pingResults({ ...PING, median: 2 }));
    const { series } = await history.list();
    expect(
      series.map((s) => [
        s.device,
        s.target,
        s.points,
        (s.last as PointView<PingPoint> | null)?.median,
      ]),
    ).toEqual([
      ['core-1', '8.8.8.8', 2, 2],
      ['edge-1', '1.1.1.1', 1, 5],
    ]);
  });
});

describe('History in Redis', () => {
  let server: RedisServer;
  let redis: RedisClient;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new RedisClient(historyConfig({ redisUrl: server.url }));
    await waitUntil(() => redis.status() === 'connected', 5_000);
  });

  afterAll(async () => {
    await redis.onModuleDestroy();
    await server.kill();
  });

  beforeEach(async () => {
    await redis.available()?.flushall();
  });

  const redisHistory = (maxPoints = 1440, retentionSeconds = 3600) =>
    new HistoryService(redis, historyConfig({ redisUrl: server.url, maxPoints, retentionSeconds }));
  const stored = async () =>
    redis.available()?.zrange(`${HISTORY_PREFIX}ping:core-1:8.8.8.8`, 0, -1) ?? [];

  it('stores each point in the series sorted set and answers them oldest first', async () => {
    const history = redisHistory();
    await recordMany(history, 3, 30);
    expect(await stored()).toHaveLength(3);
    const answer = await history.read(SERIES);
    expect(answer.backend).toBe('redis');
    expect(medians(answer)).toEqual([0, 1, 2]);
  });

  it('trims the sorted set to HISTORY_MAX_POINTS on every write', async () => {
    const history = redisHistory(4);
    await recordMany(history, 7, 30);
    expect(await stored()).toHaveLength(4);
    expect(medians(await history.read(SERIES))).toEqual([3, 4, 5, 6]);
  });

  it('removes points older than HISTORY_RETENTION and lets an idle series expire', async () => {
    const history = redisHistory(100, 60);
    await history.record('core-1', 'ping', '8.8.8.8', ago(120), pingResults(PING));
    await history.record('core-1', 'ping', '8.8.8.8', ago(5), pingResults(PING));
    expect(await stored()).toHaveLength(1);
    const ttl = await redis.available()?.pttl(`${HISTORY_PREFIX}ping:core-1:8.8.8.8`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('is shared by replicas on the same Redis', async () => {
    await redisHistory().record('core-1', 'ping', '8.8.8.8', ago(3), pingResults(PING));
    const { series } = await redisHistory().list();
    expect(series).toEqual([
      expect.objectContaining({
        device: 'core-1',
        target: '8.8.8.8',
        test_type: 'ping',
        points: 1,
      }),
    ]);
  });

  it('keeps recording in memory while Redis is down, and answers both once it is back', async () => {
    const history = redisHistory();
    await history.record('core-1', 'ping', '8.8.8.8', ago(20), pingResults({ ...PING, median: 1 }));
    await server.kill();
    await waitUntil(() => redis.status() === 'disconnected', 5_000);

    await expect(
      history.record('core-1', 'ping', '8.8.8.8', ago(10), pingResults({ ...PING, median: 2 })),
    ).resolves.toBeUndefined();
    expect(medians(await history.read(SERIES))).toEqual([2]);

    await server.start();
    await waitUntil(() => redis.status() === 'connected', 10_000);
    // A fresh redis-server has lost the first point (nothing is persisted); the outage's point is still here.
    await history.record('core-1', 'ping', '8.8.8.8', ago(5), pingResults({ ...PING, median: 3 }));
    expect(medians(await history.read(SERIES))).toEqual([2, 3]);
    expect((await history.list()).series[0].points).toBe(2);
  }, 30_000);
});
