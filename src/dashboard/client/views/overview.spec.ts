import type { SeriesView } from '../api';
import { discoveryPairs, mergeTargets } from './overview';

const ping: SeriesView = {
  device: 'core-1',
  target: '8.8.8.8',
  test_type: 'ping',
  points: 3,
  last: { t: '2026-01-01T00:00:00.000Z', loss: 0, min: 1, median: 2, avg: 2, max: 3, jitter: 0 },
};
const trace: SeriesView = {
  device: 'core-1',
  target: '8.8.8.8',
  test_type: 'traceroute',
  points: 1,
  last: null,
};

describe('The target list', () => {
  it('puts the ping and traceroute history of one device and target on one row', () => {
    expect(mergeTargets([ping, trace], [])).toEqual([
      { device: 'core-1', target: '8.8.8.8', ping, traceroute: trace },
    ]);
  });

  it('adds the targets offered to Zabbix that have no history yet, sorted by device and target', () => {
    const rows = mergeTargets(
      [ping],
      [
        { device: 'edge-1', target: '1.1.1.1' },
        { device: 'core-1', target: '8.8.8.8' },
        { device: 'core-1', target: '1.1.1.1' },
      ],
    );
    expect(rows.map((row) => [row.device, row.target, row.ping !== undefined])).toEqual([
      ['core-1', '1.1.1.1', false],
      ['core-1', '8.8.8.8', true],
      ['edge-1', '1.1.1.1', false],
    ]);
  });

  it('reads Zabbix discovery as a bare array or as { data }, and skips rows that are not names', () => {
    const row = { '{#DEVICE}': 'core-1', '{#TARGET}': '8.8.8.8' };
    expect(discoveryPairs([row, { '{#DEVICE}': 5, '{#TARGET}': 'x' }])).toEqual([
      { device: 'core-1', target: '8.8.8.8' },
    ]);
    expect(discoveryPairs({ data: [row] })).toEqual([{ device: 'core-1', target: '8.8.8.8' }]);
    expect(discoveryPairs(undefined)).toEqual([]);
  });
});
