import { fixtureLines } from './testing/fixtures';
import {
  renderV6TraceHeader,
  renderV6TraceRows,
  renderV7TraceTable,
  type TraceRow,
} from './traceroute.renderer';
import { formatMpls, HopStats, inProgressRow } from './traceroute.stats';

function row(
  hop: number,
  address: string,
  values: Partial<Omit<TraceRow, 'hop' | 'address'>>,
): TraceRow {
  return {
    hop,
    address,
    loss: '0%',
    sent: 1,
    last: '',
    avg: '',
    best: '',
    worst: '',
    stdDev: '',
    status: '',
    ...values,
  };
}

function statsRow(
  hop: number,
  address: string | null,
  rtts: ReadonlyArray<number | null>,
): TraceRow {
  const stats = new HopStats(hop, address, []);
  rtts.forEach((rtt) => stats.record(rtt));
  return stats.toRow();
}

describe('traceroute renderer', () => {
  it('reproduces the v6 MPLS table of traceroute-v6-mpls-labels.txt', () => {
    const capture = fixtureLines('traceroute-v6-mpls-labels.txt');
    const rows = [
      row(1, '10.10.6.2', {
        sent: 20,
        last: '1.1ms',
        avg: '1.2',
        best: '0.9',
        worst: '1.7',
        stdDev: '0.2',
        status: '<MPLS:L=17,E=0>',
      }),
      row(2, '10.10.4.2', {
        sent: 20,
        last: '0.9ms',
        avg: '0.8',
        best: '0.6',
        worst: '1.1',
        stdDev: '0.1',
        status: '<MPLS:L=16,E=0>',
      }),
      row(3, '10.255.255.6', {
        sent: 20,
        last: '0.6ms',
        avg: '0.6',
        best: '0.4',
        worst: '1',
        stdDev: '0.1',
      }),
    ];

    expect([renderV6TraceHeader(), ...renderV6TraceRows(rows)]).toEqual(
      capture.slice(1, 5).map((line) => line.trimEnd()),
    );
  });

  it('drops STD-DEV and STATUS at 80 columns, like the v6 exec capture', () => {
    const capture = fixtureLines('traceroute-v6-ssh-exec-noninteractive-two-chunks.txt');
    const rows = [20.4, 28.4, 20.8, 20.3].map((rtt, i) =>
      statsRow(i + 1, i === 3 ? '8.8.8.8' : 'REDACTED', [rtt]),
    );

    expect([
      renderV6TraceHeader(80),
      ...renderV6TraceRows([inProgressRow(1)], 80),
      '',
      ...renderV6TraceRows(rows, 80),
    ]).toEqual(capture.slice(1, 8));
  });

  it('prints a silent hop as `100% ... timeout` with no address (v6.44 capture)', () => {
    const capture = fixtureLines('traceroute-v6.44-timeout-hop-and-partial-row.txt');

    expect(renderV6TraceRows([statsRow(2, null, [null, null, null, null])], 80)).toEqual([
      capture[3],
    ]);
    expect(renderV6TraceRows([statsRow(3, '100.123.71.1', [9.7, 8.4, 9])], 80)).toEqual([
      capture[4],
    ]);
  });

  it('reproduces the v7 `Columns:` table with a label stack', () => {
    const capture = fixtureLines('traceroute-v7-columns-header-mpls-label-stack.txt');
    const rows = [
      row(1, '10.3.8.1', {
        sent: 5,
        last: '3.6ms',
        avg: '131.9',
        best: '3.6',
        worst: '544.7',
        stdDev: '209',
      }),
      row(2, '10.200.0.18', {
        sent: 5,
        last: '11ms',
        avg: '42.1',
        best: '10.5',
        worst: '87',
        stdDev: '33.6',
        status: '<MPLS:L=103,E=2 L=19,E=2,T=1>',
      }),
      row(3, '10.200.0.14', {
        sent: 5,
        last: '23ms',
        avg: '18.6',
        best: '11',
        worst: '24',
        stdDev: '5.7',
        status: '<MPLS:L=106,E=2 L=19,E=2,T=2>',
      }),
      row(4, '10.3.3.1', {
        sent: 5,
        last: '23.3ms',
        avg: '13.6',
        best: '5.6',
        worst: '23.3',
        stdDev: '6.3',
      }),
      row(5, '10.3.3.2', {
        sent: 5,
        last: '7.2ms',
        avg: '8.9',
        best: '5.9',
        worst: '16.2',
        stdDev: '3.8',
      }),
    ];

    expect(renderV7TraceTable(rows)).toEqual(capture.slice(1, 8));
  });

  it('cuts long IPv6 addresses to 32 characters ending in ...', () => {
    const [line] = renderV6TraceRows([statsRow(5, '2a03:2880:f163:81:face:b00c:0:25de', [0.1])]);

    expect(line).toContain(' 2a03:2880:f163:81:face:b00c:0...   0%');
  });

  it('formats one MPLS label or a stack, with T= only when known', () => {
    expect(formatMpls([{ label: 17, exp: 0 }])).toBe('<MPLS:L=17,E=0>');
    expect(
      formatMpls([
        { label: 103, exp: 2 },
        { label: 19, exp: 2, ttl: 1 },
      ]),
    ).toBe('<MPLS:L=103,E=2 L=19,E=2,T=1>');
    expect(formatMpls([])).toBe('');
  });

  it('computes MTR statistics: loss rounded down, LAST of the latest probe, population std-dev', () => {
    expect(statsRow(1, '10.0.0.1', [2, 4, null])).toMatchObject({
      loss: '33%',
      sent: 3,
      last: 'timeout',
      avg: '3',
      best: '2',
      worst: '4',
      stdDev: '1',
    });
  });
});
