import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedPing, type PingReply, parsePing } from '../routeros/ping.parser';
import { UnparseableOutputError } from '../routeros/routeros.errors';
import { buildPingResults, callQuality } from './ping.metrics';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fromFixture = (name: string): ParsedPing =>
  parsePing(readFileSync(join(FIXTURES, name), 'utf8'));
const params = { count: 4, size: 64, interval: 1 };

const row = (seq: number, timeMs: number | null, status: string | null = null): PingReply => ({
  seq,
  host: '10.0.0.1',
  size: timeMs === null ? null : 56,
  ttl: timeMs === null ? null : 64,
  timeMs,
  status,
});

describe('buildPingResults', () => {
  it('reproduces the example of the API contract', () => {
    const parsed: ParsedPing = {
      replies: [row(0, 8.1), row(1, 9.3), row(2, 10.5), row(3, 8.9)],
      summary: { sent: 4, received: 4, lossPercent: 0, minMs: 8.1, avgMs: 9.2, maxMs: 10.5 },
    };
    // median (8.9 + 9.3) / 2; stddev sqrt(3.0 / 4); jitter (1.2 + 1.2 + 1.6) / 3;
    // E = 9.2 + 2 x 1.3333 + 10 = 21.8667, R = 93.2 - E / 40 = 92.6533.
    expect(buildPingResults(parsed, params)).toEqual({
      ping_stats: {
        packets_sent: 4,
        packets_received: 4,
        packet_loss_percent: 0,
        rtt_min_ms: 8.1,
        rtt_avg_ms: 9.2,
        rtt_max_ms: 10.5,
        rtt_median_ms: 9.1,
        rtt_stddev_ms: 0.866,
        jitter_ms: 1.333,
        rtts_ms: [8.1, 9.3, 10.5, 8.9],
      },
      availability_percent: 100,
      quality_score: 92.65,
      mos: 4.4,
      parameters: { count: 4, size: 64, interval: 1 },
    });
  });

  it('takes counts and min/avg/max from the summary and the rest from the rows (ping-basic-8888-ntc)', () => {
    // Rows 157, 64, 60, 65: median (64 + 65) / 2, mean 86.5, variance 6641 / 4 = 1660.25,
    // jitter (93 + 4 + 5) / 3 = 34; E = 67 + 68 + 10 = 145, R = 93.2 - 3.625 = 89.575.
    const results = buildPingResults(fromFixture('ping-basic-8888-ntc.txt'), params);
    expect(results.ping_stats).toEqual({
      packets_sent: 13,
      packets_received: 13,
      packet_loss_percent: 0,
      rtt_min_ms: 55,
      rtt_avg_ms: 67,
      rtt_max_ms: 157,
      rtt_median_ms: 64.5,
      rtt_stddev_ms: 40.746,
      jitter_ms: 34,
      rtts_ms: [157, 64, 60, 65],
    });
    expect(results.quality_score).toBe(89.58);
    expect(results.mos).toBe(4.33);
  });

  it('computes the loss from the counters, not the rounded-down percent printed (partial loss)', () => {
    // 1 of 7 lost = 14.2857 % (the device prints 14 %); R = 93.2 - 10 / 40 - 2.5 x 14.29 = 57.225.
    const results = buildPingResults(
      fromFixture('ping-official-docs-partial-loss-one-timeout.txt'),
      { count: 7, size: 56, interval: 1 },
    );
    expect(results.ping_stats.packet_loss_percent).toBe(14.29);
    expect(results.availability_percent).toBe(85.71);
    expect(results.ping_stats.rtts_ms).toEqual([0, 0, 0, 0, null, 0, 0]);
    expect(results.ping_stats.rtt_median_ms).toBe(0);
    expect(results.ping_stats.rtt_stddev_ms).toBe(0);
    expect(results.ping_stats.jitter_ms).toBe(0);
    expect(results.quality_score).toBe(57.23);
    expect(results.mos).toBe(2.96);
  });

  it.each(['ping-100pct-loss-timeouts-ntc.txt', 'ping-v7-no-route-to-host.txt'])(
    'reports 100 %% loss in %s as a measurement with null RTTs, score 0 and MOS 1',
    (name) => {
      const parsed = fromFixture(name);
      const results = buildPingResults(parsed, params);
      const sent = parsed.replies.length;
      expect(results.ping_stats).toEqual({
        packets_sent: sent,
        packets_received: 0,
        packet_loss_percent: 100,
        rtt_min_ms: null,
        rtt_avg_ms: null,
        rtt_max_ms: null,
        rtt_median_ms: null,
        rtt_stddev_ms: null,
        jitter_ms: null,
        rtts_ms: Array<null>(sent).fill(null),
      });
      expect(results.availability_percent).toBe(0);
      expect(results.quality_score).toBe(0);
      expect(results.mos).toBe(1);
    },
  );

  it('clamps the negative loss of a multicast ping to 0 and keeps one RTT per answer', () => {
    // Rows 1, 1, 1, 3: mean 1.5, variance 3 / 4; jitter (0 + 0 + 2) / 3;
    // E = 1 + 1.3333 + 10 = 12.3333, R = 93.2 - 0.3083 = 92.8917.
    const results = buildPingResults(fromFixture('ping-ipv6-multicast-negative-loss-ntc.txt'), {
      count: 1,
      size: 56,
      interval: 1,
    });
    expect(results.ping_stats).toMatchObject({
      packets_sent: 1,
      packets_received: 4,
      packet_loss_percent: 0,
      rtt_min_ms: 1,
      rtt_avg_ms: 1,
      rtt_max_ms: 3,
      rtt_median_ms: 1,
      rtt_stddev_ms: 0.866,
      jitter_ms: 0.667,
      rtts_ms: [1, 1, 1, 3],
    });
    expect(results.availability_percent).toBe(100);
    expect(results.quality_score).toBe(92.89);
    expect(results.mos).toBe(4.4);
  });

  it('keeps microseconds to three decimals and has no jitter with one reply (ping-v7-count1)', () => {
    // E = 3.431 + 0 + 10, R = 93.2 - 13.431 / 40 = 92.864225.
    const results = buildPingResults(fromFixture('ping-v7-count1-ms-us.txt'), params);
    expect(results.ping_stats).toMatchObject({
      rtt_min_ms: 3.431,
      rtt_avg_ms: 3.431,
      rtt_median_ms: 3.431,
      rtt_stddev_ms: 0,
      jitter_ms: null,
      rtts_ms: [3.431],
    });
    expect(results.quality_score).toBe(92.86);
    expect(results.mos).toBe(4.4);
  });

  it('reads the second run of ping-v7-ms-us-units with microsecond RTTs', () => {
    // Rows 5.45, 19.038, 5.543: jitter (13.588 + 13.495) / 2 = 13.5415.
    const results = buildPingResults(fromFixture('ping-v7-ms-us-units.txt'), params);
    expect(results.ping_stats).toMatchObject({
      rtt_avg_ms: 10.01,
      rtt_median_ms: 5.543,
      rtt_stddev_ms: 6.384,
      jitter_ms: 13.542,
    });
  });

  it('counts from the rows when no summary was printed', () => {
    // 3 probes, 2 answers: loss 33.33; mean 15, stddev 5, jitter 10;
    // E = 15 + 20 + 10 = 45, R = 93.2 - 1.125 - 2.5 x 33.33 = 8.75.
    const parsed: ParsedPing = {
      replies: [row(0, 10), row(1, null, 'timeout'), row(2, 20)],
      summary: null,
    };
    const results = buildPingResults(parsed, { count: 3, size: 64, interval: 0.2 });
    expect(results).toEqual({
      ping_stats: {
        packets_sent: 3,
        packets_received: 2,
        packet_loss_percent: 33.33,
        rtt_min_ms: 10,
        rtt_avg_ms: 15,
        rtt_max_ms: 20,
        rtt_median_ms: 15,
        rtt_stddev_ms: 5,
        jitter_ms: 10,
        rtts_ms: [10, null, 20],
      },
      availability_percent: 66.67,
      quality_score: 8.75,
      mos: 1.02,
      parameters: { count: 3, size: 64, interval: 0.2 },
    });
  });

  it('counts a host unreachable row as a lost probe even though it carries a time', () => {
    const parsed: ParsedPing = {
      replies: [
        {
          seq: 0,
          host: '192.168.100.2',
          size: 84,
          ttl: 64,
          timeMs: 614.933,
          status: 'host unreachable',
        },
        row(1, null, 'timeout'),
      ],
      summary: null,
    };
    const { ping_stats } = buildPingResults(parsed, params);
    expect(ping_stats.packets_received).toBe(0);
    expect(ping_stats.packet_loss_percent).toBe(100);
    expect(ping_stats.rtts_ms).toEqual([null, null]);
  });

  it('scores a summary without rows from its average with no jitter', () => {
    // E = 5 + 0 + 10, R = 93.2 - 15 / 40 = 92.825.
    const parsed: ParsedPing = {
      replies: [],
      summary: { sent: 2, received: 2, lossPercent: 0, minMs: 4, avgMs: 5, maxMs: 6 },
    };
    const results = buildPingResults(parsed, params);
    expect(results.ping_stats).toMatchObject({
      rtt_avg_ms: 5,
      rtt_median_ms: null,
      rtt_stddev_ms: null,
      jitter_ms: null,
      rtts_ms: [],
    });
    expect(results.quality_score).toBe(92.83);
  });

  it('throws UnparseableOutputError when there is neither a row nor a summary', () => {
    expect(() => buildPingResults({ replies: [], summary: null }, params)).toThrow(
      UnparseableOutputError,
    );
    expect(() => buildPingResults(parsePing('failure: dns name does not exist'), params)).toThrow(
      'unparseable output',
    );
  });
});

describe('callQuality', () => {
  it('uses 93.2 - (E - 120) / 10 once the effective latency reaches 160 ms', () => {
    // E = 200 + 10 = 210, R = 93.2 - 9 = 84.2, MOS = 1 + 2.947 + 7e-6 x 84.2 x 24.2 x 15.8.
    expect(callQuality(200, 0, 0)).toEqual({ qualityScore: 84.2, mos: 4.17 });
  });

  it('clamps R at 0 and MOS at 1 when the loss is heavy', () => {
    expect(callQuality(10, 0, 50)).toEqual({ qualityScore: 0, mos: 1 });
  });
});
