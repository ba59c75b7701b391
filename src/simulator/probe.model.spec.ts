import { isLost, planHops, probeTarget, resolveTarget, rttAt } from './probe.model';
import { createRandom } from './seeded-random';
import type { TargetBehaviour } from './simulator.types';

const targets = new Map<string, TargetBehaviour>([
  ['lossy.example', { resolvesTo: '203.0.113.10', lossPercent: 30 }],
  ['bare.example', { rttMs: 5 }],
  ['nx.example', { outcome: 'dns-fail', resolvesTo: '203.0.113.1' }],
  ['10.0.0.9', { outcome: 'no-route' }],
]);
const fallback: TargetBehaviour = { rttMs: 10 };

describe('probe model', () => {
  it('probes any IP literal, with the default behaviour when unlisted', () => {
    expect(resolveTarget('192.0.2.7', targets, fallback)).toEqual({
      ip: '192.0.2.7',
      behaviour: fallback,
    });
    expect(resolveTarget('10.0.0.9', targets, fallback)?.behaviour.outcome).toBe('no-route');
  });

  it('resolves a host name, case-insensitively, only through resolvesTo', () => {
    expect(resolveTarget('lossy.example', targets, fallback)?.ip).toBe('203.0.113.10');
    expect(resolveTarget('LOSSY.example', targets, fallback)?.ip).toBe('203.0.113.10');
    expect(resolveTarget('bare.example', targets, fallback)).toBeNull();
    expect(resolveTarget('unknown.example', targets, fallback)).toBeNull();
    expect(resolveTarget('nx.example', targets, fallback)).toBeNull();
  });

  it('spreads a loss percentage evenly: 30% of 10 probes loses SEQ 3, 6 and 9', () => {
    const lost = Array.from({ length: 10 }, (_, i) => i).filter((i) =>
      isLost({ lossPercent: 30 }, i),
    );

    expect(lost).toEqual([3, 6, 9]);
  });

  it('repeats a loss pattern and lets it win over a percentage', () => {
    const loss = { lossPattern: [false, true], lossPercent: 100 };

    expect([0, 1, 2, 3].map((i) => isLost(loss, i))).toEqual([false, true, false, true]);
  });

  it('repeats an RTT sequence and keeps seeded ranges reproducible and in bounds', () => {
    const random = createRandom(1);

    expect([0, 1, 2, 3].map((i) => rttAt([1, 2, 3], i, random))).toEqual([1, 2, 3, 1]);
    const draws = (seed: number): number[] => {
      const seeded = createRandom(seed);
      return [0, 1, 2].map((i) => rttAt({ min: 4, max: 38 }, i, seeded));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    draws(7).forEach((rtt) => {
      expect(rtt).toBeGreaterThanOrEqual(4);
      expect(rtt).toBeLessThan(38);
    });
  });

  it('answers host-unreachable from the named router, and times out lost probes', () => {
    const behaviour: TargetBehaviour = {
      outcome: 'host-unreachable',
      unreachableFrom: '192.168.100.2',
      rttMs: 614.933,
      lossPattern: [false, true],
    };
    const random = createRandom(1);

    expect(probeTarget(behaviour, 0, random)).toEqual({
      kind: 'host-unreachable',
      ms: 614.933,
      from: '192.168.100.2',
    });
    expect(probeTarget(behaviour, 1, random)).toEqual({ kind: 'timeout' });
  });

  it('walks the listed hops up to max-hops, or the target alone, or silent hops', () => {
    const random = createRandom(1);
    const listed = planHops(
      {
        ip: '10.3.3.2',
        behaviour: {
          rttMs: 7,
          hops: [{ address: '10.3.8.1', rttMs: 3 }, { address: null }, { address: '10.3.3.2' }],
        },
      },
      2,
    );
    expect(listed.map((hop) => [hop.address, hop.probe(0, random)])).toEqual([
      ['10.3.8.1', 3],
      [null, null],
    ]);

    const direct = planHops({ ip: '192.0.2.1', behaviour: { rttMs: 5 } }, 30);
    expect(direct.map((hop) => [hop.address, hop.probe(0, random)])).toEqual([['192.0.2.1', 5]]);

    const silent = planHops({ ip: '192.0.2.1', behaviour: { outcome: 'timeout' } }, 4);
    expect(silent.map((hop) => hop.probe(0, random))).toEqual([null, null, null, null]);
  });

  it('gives the target hop the target RTT when the hop names none', () => {
    const [, last] = planHops(
      {
        ip: '10.3.3.2',
        behaviour: { rttMs: 7, hops: [{ address: '10.3.8.1' }, { address: '10.3.3.2' }] },
      },
      30,
    );

    expect(last.probe(0, createRandom(1))).toBe(7);
  });
});
