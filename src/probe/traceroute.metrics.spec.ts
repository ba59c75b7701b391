import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnparseableOutputError } from '../routeros/routeros.errors';
import { type ParsedTraceroute, parseTraceroute } from '../routeros/traceroute.parser';
import { buildTracerouteResults } from './traceroute.metrics';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fromFixture = (name: string): ParsedTraceroute =>
  parseTraceroute(readFileSync(join(FIXTURES, name), 'utf8'));

describe('buildTracerouteResults', () => {
  it('reports a completed trace with MPLS labels (traceroute-v7-columns-header-mpls-label-stack)', () => {
    const results = buildTracerouteResults(
      fromFixture('traceroute-v7-columns-header-mpls-label-stack.txt'),
      { target: '10.3.3.2', totalTimeMs: 7430 },
    );
    expect(results.traceroute_stats).toEqual({
      hop_count: 5,
      reached_target: true,
      total_time_ms: 7430,
      status: 'completed',
    });
    expect(results.hops[1]).toEqual({
      hop: 2,
      address: '10.200.0.18',
      loss_percent: 0,
      sent_count: 5,
      last_time_ms: 11,
      avg_time_ms: 42.1,
      best_time_ms: 10.5,
      worst_time_ms: 87,
      stddev_ms: 33.6,
      status: 'responded',
      mpls_labels: [
        { label: 103, exp: 2, ttl: null },
        { label: 19, exp: 2, ttl: 1 },
      ],
    });
  });

  it('reports timeout and in-progress hops of traceroute-v6.44 and an incomplete trace', () => {
    const results = buildTracerouteResults(
      fromFixture('traceroute-v6.44-timeout-hop-and-partial-row.txt'),
      { target: '1.1.1.1', totalTimeMs: null },
    );
    expect(results.traceroute_stats).toEqual({
      hop_count: 6,
      reached_target: false,
      total_time_ms: null,
      status: 'incomplete',
    });
    expect(results.hops[1]).toEqual({
      hop: 2,
      address: null,
      loss_percent: 100,
      sent_count: 4,
      last_time_ms: null,
      avg_time_ms: null,
      best_time_ms: null,
      worst_time_ms: null,
      stddev_ms: null,
      status: 'timeout',
      mpls_labels: [],
    });
    expect(results.hops[5]).toEqual({
      hop: 6,
      address: null,
      loss_percent: null,
      sent_count: 0,
      last_time_ms: null,
      avg_time_ms: null,
      best_time_ms: null,
      worst_time_ms: null,
      stddev_ms: null,
      status: 'in_progress',
      mpls_labels: [],
    });
  });

  it('matches a target against an IPv6 address the device cut to 32 characters', () => {
    const parsed = fromFixture('traceroute-v7-ipv6-truncated-addresses-repainted-rounds.txt');
    const reached = (target: string): boolean =>
      buildTracerouteResults(parsed, { target, totalTimeMs: 3000 }).traceroute_stats.reached_target;
    expect(reached('2a03:2880:f163:81:face:b00c:0:25de')).toBe(true);
    expect(reached('2A03:2880:F163:0081:FACE:B00C:0000:25DE')).toBe(true);
    expect(reached('2a03:2880:f163:81:face:b00c:1::1')).toBe(false);
  });

  it('matches a host name target through the addresses it resolved to', () => {
    const parsed = fromFixture('traceroute-v7-timeout-first-hop-truncated-status-header.txt');
    expect(
      buildTracerouteResults(parsed, { target: 'node-11-11.lab', totalTimeMs: 4100 })
        .traceroute_stats.reached_target,
    ).toBe(false);
    const results = buildTracerouteResults(parsed, {
      target: 'node-11-11.lab',
      resolvedAddresses: ['192.168.11.11'],
      totalTimeMs: 4100,
    });
    expect(results.traceroute_stats.reached_target).toBe(true);
    expect(results.hops[0]).toMatchObject({
      hop: 1,
      address: null,
      loss_percent: 100,
      status: 'timeout',
    });
  });

  it('reaches the target of the old ADDRESS STATUS layout', () => {
    const results = buildTracerouteResults(
      fromFixture('traceroute-official-docs-old-format-address-status-rt-columns.txt'),
      { target: '10.255.255.1', totalTimeMs: 2000 },
    );
    expect(results.traceroute_stats).toMatchObject({ hop_count: 2, reached_target: true });
    expect(results.hops[1]).toMatchObject({
      last_time_ms: 1,
      avg_time_ms: 2.333,
      worst_time_ms: 5,
    });
  });

  it('throws UnparseableOutputError when there is no table', () => {
    expect(() =>
      buildTracerouteResults({ hops: [], tableCount: 0 }, { target: '8.8.8.8', totalTimeMs: 1 }),
    ).toThrow(UnparseableOutputError);
  });
});
