import type { Client } from 'ssh2';
import { SimulatedRouter } from './simulated-router';
import type { RouterOsFormat, TargetBehaviour } from './simulator.types';
import { eventually } from './testing/eventually';
import { connect, exec, type ExecOutput } from './testing/ssh-exec';

const TARGETS: Record<string, TargetBehaviour> = {
  '192.0.2.1': { rttMs: [4.792, 5.767, 9.535], ttl: 62 },
  'lossy.example': { resolvesTo: '203.0.113.10', lossPercent: 30, rttMs: 20 },
  '198.51.100.1': { outcome: 'no-route' },
  '203.0.113.99': { outcome: 'timeout' },
  '192.168.88.50': { outcome: 'host-unreachable', unreachableFrom: '192.168.88.1', rttMs: 3.2 },
  '10.3.3.2': {
    rttMs: 7.2,
    hops: [
      { address: '10.3.8.1', rttMs: [3.6, 4.2, 3.9] },
      {
        address: '10.200.0.18',
        rttMs: 11,
        mpls: [
          { label: 103, exp: 2 },
          { label: 19, exp: 2, ttl: 1 },
        ],
      },
      { address: null },
      { address: '10.3.3.2' },
    ],
  },
};

const lines = (output: ExecOutput): string[] => output.stdout.split('\r\n');

describe.each<RouterOsFormat>(['v6', 'v7'])('a %s device over SSH exec', (format) => {
  let router: SimulatedRouter;
  let client: Client;
  const run = (command: string): Promise<ExecOutput> => exec(client, command);

  beforeAll(async () => {
    router = new SimulatedRouter({ format, identity: 'edge-1', timeScale: 0.01, targets: TARGETS });
    const { port } = await router.start();
    ({ client } = await connect({
      host: '127.0.0.1',
      port,
      username: 'admin+ct',
      password: 'admin',
    }));
  });

  afterAll(async () => {
    client.end();
    await router.stop();
  });

  it('pings: header, one row per probe, a summary of exactly those probes, CRLF, exit 0', async () => {
    const output = await run('/ping 192.0.2.1 count=3 interval=0.2');
    const printed = lines(output);

    expect(output.code).toBe(0);
    expect(output.stdout.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(printed[0]).toMatch(/^ {2}SEQ HOST +SIZE TTL TIME +STATUS$/);
    expect(printed.slice(1, 4).map((row) => row.trim().split(/\s+/).slice(0, 4))).toEqual([
      ['0', '192.0.2.1', '56', '62'],
      ['1', '192.0.2.1', '56', '62'],
      ['2', '192.0.2.1', '56', '62'],
    ]);
    expect(printed[4]).toBe(
      format === 'v6'
        ? '    sent=3 received=3 packet-loss=0% min-rtt=4ms avg-rtt=6ms max-rtt=9ms '
        : '    sent=3 received=3 packet-loss=0% min-rtt=4ms792us avg-rtt=6ms698us max-rtt=9ms535us ',
    );
    expect(printed.slice(5)).toEqual(['', '']);
  });

  it('resolves a name, prints the address and loses exactly SEQ 3, 6 and 9 at 30%', async () => {
    const printed = lines(await run('/ping lossy.example count=10 size=100'));
    const rows = printed.slice(1, 11);

    expect(rows.every((row) => row.includes(' 203.0.113.10 '))).toBe(true);
    expect(
      rows.filter((row) => row.endsWith('timeout')).map((row) => row.trim().split(' ')[0]),
    ).toEqual(['3', '6', '9']);
    expect(rows[0]).toContain(' 100 ');
    expect(printed[11]).toMatch(/^ {4}sent=10 received=7 packet-loss=30% min-rtt=20ms /);
  });

  it('prints no-route rows with an empty HOST and no rtt in the summary', async () => {
    const printed = lines(await run('/ping 198.51.100.1 count=3'));
    const statusColumn = printed[0].indexOf('STATUS');

    expect(printed.slice(1, 4).map((row) => row.trim().replace(/\s+/g, ' '))).toEqual([
      '0 no route to host',
      '1 no route to host',
      '2 no route to host',
    ]);
    expect(printed[1].indexOf('no route')).toBe(statusColumn);
    expect(printed[4]).toBe('    sent=3 received=0 packet-loss=100% ');
  });

  it('prints timeouts for a silent target', async () => {
    const printed = lines(await run('/ping 203.0.113.99 count=2 interval=0.1'));

    expect(printed.slice(1, 3).map((row) => row.trim().replace(/\s+/g, ' '))).toEqual([
      '0 203.0.113.99 timeout',
      '1 203.0.113.99 timeout',
    ]);
    expect(printed[3]).toBe('    sent=2 received=0 packet-loss=100% ');
  });

  it('names the gateway that answered host unreachable, not the target', async () => {
    const printed = lines(await run('/ping 192.168.88.50 count=1'));

    expect(printed[1].trim().replace(/\s+/g, ' ')).toBe(
      `0 192.168.88.1 64 ${format === 'v6' ? '3ms' : '3ms200us'} host unreachable`,
    );
    expect(printed[2]).toBe('    sent=1 received=0 packet-loss=100% ');
  });

  it('fails a name that does not resolve', async () => {
    const output = await run('/ping nowhere.example count=1');

    expect(output).toEqual({ stdout: 'failure: dns name does not exist\r\n', code: 0 });
  });

  it('traceroutes: one table per round, only the last one complete, timeout hop and MPLS', async () => {
    const output = await run('/tool traceroute 10.3.3.2 count=3 timeout=100ms');
    const printed = lines(output);
    const last = printed.slice(-5, -1).map((row) => row.trim().replace(/\s+/g, ' '));

    expect(output.code).toBe(0);
    expect(last).toEqual([
      '1 10.3.8.1 0% 3 3.9ms 3.9 3.6 4.2 0.2',
      '2 10.200.0.18 0% 3 11ms 11 11 11 0 <MPLS:L=103,E=2 L=19,E=2,T=1>',
      '3 100% 3 timeout',
      '4 10.3.3.2 0% 3 7.2ms 7.2 7.2 7.2 0',
    ]);
    if (format === 'v6') {
      expect(printed.filter((row) => row.startsWith(' # ADDRESS'))).toHaveLength(1);
      expect(printed[1]).toBe(' 1                                    0%    1     0ms');
      expect(printed.filter((row) => row === '')).toHaveLength(4);
    } else {
      expect(printed.filter((row) => row.startsWith('Columns: ADDRESS, LOSS'))).toHaveLength(3);
      expect(printed.filter((row) => row.startsWith('#  ADDRESS'))).toHaveLength(3);
    }
  });

  it('traceroutes a directly answering target as one hop', async () => {
    const printed = lines(await run('/tool/traceroute address=192.0.2.1 count=1'));

    expect(printed.at(-2)?.trim().replace(/\s+/g, ' ')).toBe(
      '1 192.0.2.1 0% 1 4.8ms 4.8 4.8 4.8 0',
    );
  });

  it('prints identity, resource and routerboard', async () => {
    const output = await run(
      '/system identity print; /system resource print; /system routerboard print',
    );
    const printed = lines(output);

    expect(printed[0]).toBe('  name: edge-1');
    expect(printed).toContain(
      format === 'v6'
        ? '                  version: 6.49.17 (long-term)'
        : '                  version: 7.12.2 (stable)',
    );
    expect(printed).toContain('       routerboard: yes');
    expect(printed.filter((row) => row.includes(': '))).toHaveLength(26);
  });

  it('answers mistakes with RouterOS error text and exit status 0', async () => {
    await expect(run('/ping 192.0.2.1 foo=1')).resolves.toEqual({
      stdout: 'expected end of command (line 1 column 20)\r\n',
      code: 0,
    });
    await expect(run('/ip route print')).resolves.toEqual({
      stdout: 'bad command name ip (line 1 column 2)\r\n',
      code: 0,
    });
    await expect(run('/ping 192.0.2.1 count=none')).resolves.toEqual({
      stdout: 'invalid value for argument count\r\n',
      code: 0,
    });
  });

  it('logs what it received, as whom, and counts execs', async () => {
    router.reset();
    await run('/system identity print');

    expect(router.received).toEqual([
      {
        at: expect.any(Number),
        user: 'admin',
        login: 'admin+ct',
        command: '/system identity print',
        channel: 'exec',
      },
    ]);
    expect(router.stats).toMatchObject({ execs: 1, activeConnections: 1 });
    await eventually(() => router.stats.activeChannels === 0);
  });
});

describe('command timing', () => {
  it('streams ping rows as each probe completes, interval apart', async () => {
    const router = new SimulatedRouter({ targets: { '192.0.2.1': { rttMs: 5 } } });
    const { port } = await router.start();
    const { client } = await connect({
      host: '127.0.0.1',
      port,
      username: 'admin',
      password: 'admin',
    });
    const arrivals: number[] = [];
    const started = Date.now();
    try {
      const output = await exec(client, '/ping 192.0.2.1 count=3 interval=150ms', (chunk) => {
        if (chunk.includes(' 192.0.2.1 ')) {
          arrivals.push(Date.now() - started);
        }
      });

      expect(lines(output)).toHaveLength(7);
      expect(arrivals).toHaveLength(3);
      expect(arrivals[2] - arrivals[0]).toBeGreaterThanOrEqual(280);
    } finally {
      client.end();
      await router.stop();
    }
  });

  it('scales every wait by timeScale', async () => {
    const router = new SimulatedRouter({ timeScale: 0 });
    const { port } = await router.start();
    const { client } = await connect({
      host: '127.0.0.1',
      port,
      username: 'admin',
      password: 'admin',
    });
    const started = Date.now();
    try {
      const output = await exec(client, '/ping 192.0.2.1 count=5 interval=5s');

      expect(lines(output)[6]).toMatch(/^ {4}sent=5 received=5 /);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      client.end();
      await router.stop();
    }
  });

  it('stops a command whose client went away and keeps serving', async () => {
    const router = new SimulatedRouter({ timeScale: 0.05 });
    const { port } = await router.start();
    const config = { host: '127.0.0.1', port, username: 'admin', password: 'admin' };
    const first = await connect(config);
    try {
      await exec(first.client, '/ping 192.0.2.1 count=1000', (chunk, stop) => {
        if (chunk.includes('    2 ')) {
          stop();
        }
      });
      first.client.end();
      await eventually(
        () => router.stats.activeChannels === 0 && router.stats.activeConnections === 0,
      );

      const second = await connect(config);
      const output = await exec(second.client, '/system identity print');
      second.client.end();
      expect(output.stdout).toBe('  name: MikroTik\r\n');
    } finally {
      await router.stop();
    }
  });
});
