import { parsePoint, toPoint, trimPoints } from './history.points';
import type { PingPoint } from './history.types';
import { pingResults, tracerouteResults } from './testing/history.testing';

const at = (t: number): PingPoint => ({ t, loss: 0, min: 1, median: 1, avg: 1, max: 1, jitter: 0 });

describe('A history point', () => {
  it('keeps loss and the RTT distribution of a ping result, with its measurement time', () => {
    const point = toPoint(
      'ping',
      '2026-01-01T00:00:00.000Z',
      pingResults({ loss: 25, min: 8.1, median: 9.1, avg: 9.2, max: 10.5, jitter: 1.33 }),
    );
    expect(point).toEqual({
      t: Date.parse('2026-01-01T00:00:00.000Z'),
      loss: 25,
      min: 8.1,
      median: 9.1,
      avg: 9.2,
      max: 10.5,
      jitter: 1.33,
    });
  });

  it('keeps null RTTs of a ping that lost every packet as null, never as 0', () => {
    const point = toPoint(
      'ping',
      '2026-01-01T00:00:00.000Z',
      pingResults({ loss: 100, min: null, median: null, avg: null, max: null, jitter: null }),
    );
    expect(point).toMatchObject({
      loss: 100,
      min: null,
      median: null,
      avg: null,
      max: null,
      jitter: null,
    });
  });

  it('keeps the path of a traceroute result with timeouts as "*"', () => {
    const results = {
      ...tracerouteResults(['10.0.0.1', null, '8.8.8.8']),
      path_hash: 'abcdef0123456789',
      path_changed: true,
    };
    expect(toPoint('traceroute', '2026-01-01T00:00:00.000Z', results)).toEqual({
      t: Date.parse('2026-01-01T00:00:00.000Z'),
      hop_count: 3,
      reached: true,
      path_hash: 'abcdef0123456789',
      path: ['10.0.0.1', '*', '8.8.8.8'],
      path_changed: true,
    });
  });

  it('is not made from a result without a valid measurement time', () => {
    expect(
      toPoint(
        'ping',
        'yesterday',
        pingResults({ loss: 0, min: 1, median: 1, avg: 1, max: 1, jitter: 0 }),
      ),
    ).toBeUndefined();
  });

  it('turns fields of an unexpected shape into null rather than failing', () => {
    expect(
      toPoint('ping', '2026-01-01T00:00:00.000Z', { ping_stats: { rtt_min_ms: '8' } }),
    ).toMatchObject({ min: null, loss: null });
    expect(toPoint('traceroute', '2026-01-01T00:00:00.000Z', { hops: 'none' })).toMatchObject({
      path: [],
      hop_count: null,
    });
  });

  it('read back from storage is refused when it is not a point', () => {
    expect(parsePoint('{"t":5,"loss":0}')).toEqual({ t: 5, loss: 0 });
    expect(parsePoint('not json')).toBeUndefined();
    expect(parsePoint('{"loss":0}')).toBeUndefined();
    expect(parsePoint('null')).toBeUndefined();
  });
});

describe('Trimming a series', () => {
  const now = 1_000_000;

  it('keeps only the newest points when there are more than the maximum', () => {
    const points = [1, 2, 3, 4, 5].map((i) => at(now - i * 1000));
    expect(trimPoints(points, { maxPoints: 3, retentionMs: 60_000 }, now).map((p) => p.t)).toEqual([
      now - 3000,
      now - 2000,
      now - 1000,
    ]);
  });

  it('drops points older than the retention, whatever their number', () => {
    const points = [at(now - 10_000), at(now - 5_001), at(now - 4_999)];
    expect(trimPoints(points, { maxPoints: 100, retentionMs: 5_000 }, now).map((p) => p.t)).toEqual(
      [now - 4_999],
    );
  });

  it('answers the points oldest first even when they arrived out of order', () => {
    const points = [at(now - 1000), at(now - 3000), at(now - 2000)];
    expect(trimPoints(points, { maxPoints: 10, retentionMs: 60_000 }, now).map((p) => p.t)).toEqual(
      [now - 3000, now - 2000, now - 1000],
    );
  });
});
