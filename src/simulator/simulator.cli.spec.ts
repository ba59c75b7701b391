import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { generateEd25519, loadHostKey } from './host-key';
import { parseScenario } from './scenario.loader';
import { DEMO_PASSWORD, DEMO_ROUTER_NAME, DEMO_USERNAME, demoScenario } from './scenarios';
import { scenarioFromArgs, startScenario } from './simulator.cli';
import { execOnce } from './testing/ssh-exec';

describe('scenario files', () => {
  it('reads routers, users, targets, hops and MPLS labels from YAML', () => {
    const scenario = parseScenario(
      load(`
routers:
  - name: core-1
    format: v6
    port: 0
    users: [{ username: monitor, password: x }]
    maxSessions: 2
    device: { cpuLoadPercent: 12, model: RB4011 }
    targets:
      8.8.8.8: { rttMs: [10, 11], lossPattern: [false, true] }
      1.1.1.1: { rttMs: { min: 4, max: 38 } }
      10.3.3.2:
        hops:
          - { address: 10.3.8.1, rttMs: 3.6 }
          - { address: null }
          - { address: 10.3.3.2, mpls: [{ label: 19, exp: 2, ttl: 1 }] }
`),
    );

    expect(scenario.routers[0]).toMatchObject({
      name: 'core-1',
      format: 'v6',
      users: [{ username: 'monitor', password: 'x' }],
      maxSessions: 2,
      device: { cpuLoadPercent: 12, model: 'RB4011' },
      targets: {
        '8.8.8.8': { rttMs: [10, 11], lossPattern: [false, true] },
        '1.1.1.1': { rttMs: { min: 4, max: 38 } },
        '10.3.3.2': {
          hops: [
            { address: '10.3.8.1', rttMs: 3.6 },
            { address: null },
            { address: '10.3.3.2', mpls: [{ label: 19, exp: 2, ttl: 1 }] },
          ],
        },
      },
    });
  });

  it.each([
    [{}, 'scenario routers: must be a list'],
    [{ routers: [] }, 'scenario routers: must name at least one router'],
    [{ routers: [{ name: 'a', format: 'v8' }] }, 'scenario routers[0].format: must be v6 or v7'],
    [
      { routers: [{ name: 'a', fault: 'melt' }] },
      'scenario routers[0].fault: is not a known fault mode',
    ],
    [
      { routers: [{ name: 'a', targets: { x: { outcome: 'maybe' } } }] },
      'scenario routers[0].targets.x.outcome: must be one of reply, timeout, no-route, host-unreachable, dns-fail',
    ],
    [
      { routers: [{ name: 'a', targets: { x: { hops: [{ address: 1 }] } } }] },
      'scenario routers[0].targets.x.hops[0].address: must be a string',
    ],
    [
      { routers: [{ name: 'a', device: { colour: 'red' } }] },
      'scenario routers[0].device.colour: is not a device detail',
    ],
  ])('names the bad field of %j', (document, message) => {
    expect(() => parseScenario(document)).toThrow(message);
  });
});

describe('simulator command line', () => {
  it('starts the demo scenario when given nothing', () => {
    expect(scenarioFromArgs([])).toEqual(demoScenario());
    expect(scenarioFromArgs(['--demo'])).toEqual(demoScenario());
  });

  it('builds N identical routers from flags, on consecutive ports', () => {
    const scenario = scenarioFromArgs([
      '--count',
      '3',
      '--base-port',
      '40100',
      '--format',
      'v6',
      '--user',
      'bench',
      '--password',
      'pw',
      '--time-scale',
      '0.5',
    ]);

    expect(scenario !== 'help' && scenario.routers).toEqual([
      expect.objectContaining({
        name: 'sim-001',
        identity: 'sim-001',
        port: 40100,
        format: 'v6',
        timeScale: 0.5,
        users: [{ username: 'bench', password: 'pw' }],
      }),
      expect.objectContaining({ name: 'sim-002', port: 40101 }),
      expect.objectContaining({ name: 'sim-003', port: 40102 }),
    ]);
  });

  it('rejects unknown flags and bad values', () => {
    expect(() => scenarioFromArgs(['--bogus'])).toThrow();
    expect(() => scenarioFromArgs(['--format', 'v8'])).toThrow('--format must be v6 or v7');
    expect(() => scenarioFromArgs(['--fault', 'melt'])).toThrow('--fault melt is not a fault mode');
    expect(() => scenarioFromArgs(['--count', 'many'])).toThrow('--count must be a number');
  });

  it('reads a scenario file and its host key file relative to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulator-'));
    try {
      const key = generateEd25519();
      writeFileSync(join(dir, 'host.key'), key.private);
      writeFileSync(
        join(dir, 'lab.json'),
        JSON.stringify({ routers: [{ name: 'lab', hostKeyFile: 'host.key' }] }),
      );

      const scenario = scenarioFromArgs(['--scenario', join(dir, 'lab.json')]);

      expect(scenario !== 'help' && scenario.routers[0].hostKey).toBe(key.private);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts many routers and reports ports and fingerprints, never secrets', async () => {
    const scenario = scenarioFromArgs(['--count', '5', '--password', 'hunter2']);
    if (scenario === 'help') {
      throw new Error('unexpected help');
    }
    const running = await startScenario(scenario);
    try {
      const ports = running.ready.routers.map((router) => router.port);

      expect(running.ready.routers).toHaveLength(5);
      expect(new Set(ports).size).toBe(5);
      expect(JSON.stringify(running.ready)).not.toContain('hunter2');
      expect(running.ready.routers[0]).toEqual({
        name: 'sim-001',
        host: '127.0.0.1',
        port: ports[0],
        format: 'v7',
        identity: 'sim-001',
        hostKeySha256: running.routers[0].hostKeySha256,
        users: ['admin'],
      });
      const output = await execOnce(
        { host: '127.0.0.1', port: ports[4], username: 'admin', password: 'hunter2' },
        '/system identity print',
      );
      expect(output.stdout).toBe('  name: sim-005\r\n');
    } finally {
      await running.stop();
    }
  });

  it('pins one host key for every router with --host-key-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulator-'));
    try {
      const key = generateEd25519();
      writeFileSync(join(dir, 'host.key'), key.private);
      const scenario = scenarioFromArgs(['--count', '2', '--host-key-file', join(dir, 'host.key')]);

      expect(scenario !== 'help' && scenario.routers.map((router) => router.hostKey)).toEqual([
        key.private,
        key.private,
      ]);
      expect(loadHostKey(key.private).sha256).toMatch(/^SHA256:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the demo scenario', () => {
  it('answers the demo targets over SSH', async () => {
    const running = await startScenario({
      routers: demoScenario().routers.map((router) => ({ ...router, timeScale: 0 })),
    });
    const [ready] = running.ready.routers;
    const config = {
      host: ready.host,
      port: ready.port,
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    };
    const run = async (command: string): Promise<string[]> =>
      (await execOnce(config, command)).stdout.split('\r\n');
    try {
      expect(ready.name).toBe(DEMO_ROUTER_NAME);
      expect((await run('/ping 8.8.8.8 count=5'))[6]).toBe(
        '    sent=5 received=5 packet-loss=0% min-rtt=9ms876us avg-rtt=10ms129us max-rtt=10ms412us ',
      );
      expect((await run('/ping lossy.example count=10'))[11]).toMatch(
        /sent=10 received=7 packet-loss=30%/,
      );
      expect((await run('/ping unreachable.example count=2'))[3]).toBe(
        '    sent=2 received=0 packet-loss=100% ',
      );
      expect((await run('/ping 198.51.100.1 count=1'))[1]).toContain('no route to host');
      expect(await run('/ping nxdomain.example')).toEqual(['failure: dns name does not exist', '']);

      const trace = await run('/tool traceroute 8.8.8.8 count=3');
      const lastTable = trace.slice(trace.lastIndexOf(trace[1]) + 1, -1);
      expect(lastTable.map((row) => row.split(/\s{2,}/)[1])).toEqual([
        '10.10.0.1',
        '100.64.12.1',
        '100%',
        '72.14.215.85',
        '8.8.8.8',
      ]);
      expect(lastTable[1]).toContain('<MPLS:L=24012,E=0>');
      expect(lastTable[3]).toContain('<MPLS:L=103,E=2 L=19,E=2,T=1>');
      expect(lastTable[2]).toMatch(/^3 +100% +3 +timeout$/);
    } finally {
      await running.stop();
    }
  });
});
