import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TracerouteHop, parseTraceroute, readMplsLabels } from './traceroute.parser';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

type Times = [last: number | null, avg: number | null, best: number | null, worst: number | null];

function hop(
  n: number,
  address: string | null,
  lossPercent: number | null,
  sent: number | null,
  [lastMs, avgMs, bestMs, worstMs]: Times,
  stddevMs: number | null,
  extra: Partial<TracerouteHop> = {},
): TracerouteHop {
  return {
    hop: n,
    address,
    lossPercent,
    sent,
    lastMs,
    avgMs,
    bestMs,
    worstMs,
    stddevMs,
    status: null,
    mplsLabels: [],
    inProgress: false,
    ...extra,
  };
}

const NONE: Times = [null, null, null, null];

describe('parseTraceroute on real outputs', () => {
  it('reads traceroute-v6-mpls-labels.txt: right-aligned v6 values and MPLS labels', () => {
    expect(parseTraceroute(fixture('traceroute-v6-mpls-labels.txt'))).toEqual({
      tableCount: 1,
      hops: [
        hop(1, '10.10.6.2', 0, 20, [1.1, 1.2, 0.9, 1.7], 0.2, {
          mplsLabels: [{ label: 17, exp: 0, ttl: null }],
        }),
        hop(2, '10.10.4.2', 0, 20, [0.9, 0.8, 0.6, 1.1], 0.1, {
          mplsLabels: [{ label: 16, exp: 0, ttl: null }],
        }),
        hop(3, '10.255.255.6', 0, 20, [0.6, 0.6, 0.4, 1], 0.1),
      ],
    });
  });

  it('reads traceroute-v7-columns-header-mpls-label-stack.txt: Columns line, # at 0, a 2-label stack', () => {
    expect(parseTraceroute(fixture('traceroute-v7-columns-header-mpls-label-stack.txt'))).toEqual({
      tableCount: 1,
      hops: [
        hop(1, '10.3.8.1', 0, 5, [3.6, 131.9, 3.6, 544.7], 209),
        hop(2, '10.200.0.18', 0, 5, [11, 42.1, 10.5, 87], 33.6, {
          mplsLabels: [
            { label: 103, exp: 2, ttl: null },
            { label: 19, exp: 2, ttl: 1 },
          ],
        }),
        hop(3, '10.200.0.14', 0, 5, [23, 18.6, 11, 24], 5.7, {
          mplsLabels: [
            { label: 106, exp: 2, ttl: null },
            { label: 19, exp: 2, ttl: 2 },
          ],
        }),
        hop(4, '10.3.3.1', 0, 5, [23.3, 13.6, 5.6, 23.3], 6.3),
        hop(5, '10.3.3.2', 0, 5, [7.2, 8.9, 5.9, 16.2], 3.8),
      ],
    });
  });

  it('reads traceroute-v6.44-timeout-hop-and-partial-row.txt: no STD-DEV, a timeout, a hop in progress', () => {
    expect(parseTraceroute(fixture('traceroute-v6.44-timeout-hop-and-partial-row.txt'))).toEqual({
      tableCount: 1,
      hops: [
        hop(1, '100.120.23.3', 0, 4, [9.7, 9.8, 9.1, 10.5], null),
        hop(2, null, 100, 4, NONE, null, { status: 'timeout' }),
        hop(3, '100.123.71.1', 0, 3, [9, 9, 8.4, 9.7], null),
        hop(4, '100.123.11.14', 0, 3, [10.6, 10.2, 9.8, 10.6], null),
        hop(5, '100.121.9.1', 0, 3, [13.1, 13.1, 13, 13.1], null),
        // `6   0%    0     0ms`: its 0ms is a placeholder, not a time.
        hop(6, null, 0, 0, NONE, null, { inProgress: true }),
      ],
    });
  });

  it('reads traceroute-v6-ssh-exec-noninteractive-two-chunks.txt: the complete second table', () => {
    expect(
      parseTraceroute(fixture('traceroute-v6-ssh-exec-noninteractive-two-chunks.txt')),
    ).toEqual({
      tableCount: 2,
      hops: [
        hop(1, 'REDACTED', 0, 1, [20.4, 20.4, 20.4, 20.4], null),
        hop(2, 'REDACTED', 0, 1, [28.4, 28.4, 28.4, 28.4], null),
        hop(3, 'REDACTED', 0, 1, [20.8, 20.8, 20.8, 20.8], null),
        hop(4, '8.8.8.8', 0, 1, [20.3, 20.3, 20.3, 20.3], null),
      ],
    });
  });

  it('reads traceroute-v7-timeout-first-hop-truncated-status-header.txt: STA.. header, no # column', () => {
    expect(
      parseTraceroute(fixture('traceroute-v7-timeout-first-hop-truncated-status-header.txt')),
    ).toEqual({
      tableCount: 1,
      hops: [
        hop(1, null, 100, 4, NONE, null, { status: 'timeout' }),
        hop(2, '172.16.2.3', 0, 3, [1.3, 1.3, 1.2, 1.4], 0.1),
        hop(3, '172.16.1.2', 0, 3, [1.3, 1.4, 1.3, 1.4], 0),
        hop(4, '192.168.11.254', 0, 3, [2.1, 2.2, 2.1, 2.3], 0.1),
        hop(5, '192.168.11.11', 0, 3, [2.5, 2.4, 2.4, 2.5], 0),
      ],
    });
  });

  it('reads the third round of traceroute-v7-ipv6-truncated-addresses-repainted-rounds.txt', () => {
    expect(
      parseTraceroute(fixture('traceroute-v7-ipv6-truncated-addresses-repainted-rounds.txt')),
    ).toEqual({
      tableCount: 3,
      hops: [
        hop(1, '2001:43f8:6d1::71:114', 0, 3, [0.8, 7.2, 0.8, 20], 9),
        hop(2, '2620:0:1cff:dead:beef::5e0', 0, 3, [0.1, 0.1, 0.1, 0.1], 0),
        hop(3, '2620:0:1cff:dead:beef::30e3', 0, 3, [0.2, 0.2, 0.1, 0.2], 0),
        hop(4, '2a03:2880:f066:ffff::7', 0, 3, [0.1, 0.1, 0.1, 0.2], 0),
        hop(5, '2a03:2880:f163:81:face:b00c:0...', 0, 3, [0.1, 0.1, 0, 0.1], 0),
      ],
    });
  });

  it('reads traceroute-official-docs-old-format-address-status-rt-columns.txt: three RTTs per hop', () => {
    // AVG, BEST, WORST and the population STD-DEV are computed from the three RTTs.
    expect(
      parseTraceroute(fixture('traceroute-official-docs-old-format-address-status-rt-columns.txt')),
    ).toEqual({
      tableCount: 1,
      hops: [
        hop(1, '10.0.1.17', 0, 3, [1, 1.333, 1, 2], 0.471),
        hop(2, '10.255.255.1', 0, 3, [1, 2.333, 1, 5], 1.886),
      ],
    });
  });

  it('finds no table in traceroute-v7.23-as-value-and-bad-parameter-annotated.txt', () => {
    expect(
      parseTraceroute(fixture('traceroute-v7.23-as-value-and-bad-parameter-annotated.txt')),
    ).toEqual({ tableCount: 0, hops: [] });
  });
});

describe('parseTraceroute by the format rules', () => {
  const V7_HEADER =
    'ADDRESS                          LOSS SENT    LAST     AVG    BEST   WORST STD-DEV';
  const row = (address: string, sent: number, ms: string): string =>
    `${address.padEnd(33)}  0% ${String(sent).padStart(4)} ${ms.padStart(7)}ms ${ms.padStart(7)} ${ms.padStart(7)} ${ms.padStart(7)}       0`;

  it('keeps the previous table when the last repaint was cut short', () => {
    const output = [
      V7_HEADER,
      row('10.0.0.1', 1, '1.1'),
      row('10.0.0.2', 1, '2.1'),
      row('10.0.0.3', 1, '3.1'),
      row('10.0.0.1', 2, '1.2'),
      row('10.0.0.2', 2, '2.2'),
      row('10.0.0.3', 2, '3.2'),
      row('10.0.0.1', 3, '1.3'),
    ].join('\r\n');
    const parsed = parseTraceroute(output);
    expect(parsed.tableCount).toBe(3);
    expect(parsed.hops.map((h) => [h.hop, h.address, h.sent, h.lastMs])).toEqual([
      [1, '10.0.0.1', 2, 1.2],
      [2, '10.0.0.2', 2, 2.2],
      [3, '10.0.0.3', 2, 3.2],
    ]);
  });

  it('starts a new table at every repeated header', () => {
    const output = [
      V7_HEADER,
      row('10.0.0.1', 1, '1.1'),
      V7_HEADER,
      row('10.0.0.1', 1, '1.5'),
    ].join('\n');
    const parsed = parseTraceroute(output);
    expect(parsed.tableCount).toBe(2);
    expect(parsed.hops.map((h) => h.lastMs)).toEqual([1.5]);
  });

  it('keeps status text other than MPLS labels', () => {
    const output = [
      ' # ADDRESS                          LOSS SENT    LAST     AVG    BEST   WORST STD-DEV STATUS',
      ' 1 10.0.0.1                          50%    2   1.1ms     1.1     1.1     1.1       0 host unreachable from 10.0.0.9',
    ].join('\n');
    expect(parseTraceroute(output).hops[0]).toEqual(
      hop(1, '10.0.0.1', 50, 2, [1.1, 1.1, 1.1, 1.1], 0, {
        status: 'host unreachable from 10.0.0.9',
      }),
    );
  });

  it('reads a timeout hop in the old layout as all probes lost', () => {
    const output = [
      '     ADDRESS                                    STATUS',
      '   1 timeout timeout timeout',
    ].join('\n');
    expect(parseTraceroute(output).hops).toEqual([
      hop(1, null, 100, 3, NONE, null, { status: 'timeout' }),
    ]);
  });

  it('ignores the Columns line, prompts and unknown lines inside the table', () => {
    const output = [
      '[admin@r1] > /tool traceroute 10.0.0.2 count=1',
      'Columns: ADDRESS, LOSS, SENT, LAST, AVG, BEST, WORST, STD-DEV',
      '#  ADDRESS   LOSS  SENT  LAST   AVG  BEST  WORST  STD-DEV',
      '1  10.0.0.1  0%       1  0.5ms  0.5  0.5   0.5    0',
      'some text the device never prints in a table',
      '2  10.0.0.2  0%       1  0.9ms  0.9  0.9   0.9    0',
      '[admin@r1] >',
    ].join('\r\n');
    expect(parseTraceroute(output)).toEqual({
      tableCount: 1,
      hops: [
        hop(1, '10.0.0.1', 0, 1, [0.5, 0.5, 0.5, 0.5], 0),
        hop(2, '10.0.0.2', 0, 1, [0.9, 0.9, 0.9, 0.9], 0),
      ],
    });
  });

  it('finds nothing in ping, system and pager output', () => {
    for (const name of [
      'ping-basic-8888-ntc.txt',
      'system-resource-print-v6.39.3-x86-qemu.txt',
      'pager-v6-traceroute-interactive-pause-line.txt',
      'pager-v7-official-docs-wide-table-right-and-truncation-marker.txt',
    ]) {
      expect(parseTraceroute(fixture(name))).toEqual({ tableCount: 0, hops: [] });
    }
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        parseTraceroute(text);
        parseTraceroute(`${V7_HEADER}\n${text}`);
      }),
    );
  });
});

describe('readMplsLabels', () => {
  it('reads every label of the stack, top first, with missing fields as null', () => {
    expect(readMplsLabels('<MPLS:L=76,E=5 L=17,E=5,T=1>')).toEqual([
      { label: 76, exp: 5, ttl: null },
      { label: 17, exp: 5, ttl: 1 },
    ]);
  });

  it('returns no label for text without an MPLS stack', () => {
    expect(readMplsLabels('timeout')).toEqual([]);
    expect(readMplsLabels('<MPLS:E=1>')).toEqual([]);
  });
});
