import { connect as tcpConnect } from 'node:net';
import type { ConnectConfig } from 'ssh2';
import { SimulatedRouter } from './simulated-router';
import type { SimulatedRouterOptions } from './simulator.types';
import { eventually } from './testing/eventually';
import { connect, exec, execOnce } from './testing/ssh-exec';

describe('fault modes', () => {
  let router: SimulatedRouter;
  let config: ConnectConfig;

  async function startWith(options: SimulatedRouterOptions = {}): Promise<void> {
    router = new SimulatedRouter({
      timeScale: 0.01,
      targets: { '192.0.2.1': { rttMs: 5 } },
      ...options,
    });
    const { port } = await router.start();
    config = { host: '127.0.0.1', port, username: 'admin', password: 'admin', readyTimeout: 3000 };
  }

  afterEach(async () => {
    await router.stop();
  });

  it('wrong-password: every password is rejected', async () => {
    await startWith({ fault: 'wrong-password' });

    await expect(connect(config)).rejects.toThrow('All configured authentication methods failed');
    expect(router.stats).toMatchObject({ connections: 1, handshakes: 0 });
  });

  it('refuse: the TCP connection is closed on arrival', async () => {
    await startWith({ fault: 'refuse' });

    await expect(connect(config)).rejects.toThrow();
    expect(router.stats).toMatchObject({ connections: 1, rejectedConnections: 1, handshakes: 0 });
  });

  it('slow-login: authentication is not answered within the client timeout', async () => {
    await startWith({ fault: 'slow-login' });

    await expect(connect({ ...config, readyTimeout: 300 })).rejects.toThrow(/Timed out/);
    expect(router.stats.handshakes).toBe(0);
  });

  it('slow-login with slowLoginMs: the login succeeds, late', async () => {
    await startWith({ fault: 'slow-login', slowLoginMs: 250 });
    const started = Date.now();

    const { client } = await connect(config);
    client.end();

    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(450);
    expect(router.stats.handshakes).toBe(1);
  });

  it('hang: the header is printed, then nothing, and no exit status', async () => {
    await startWith({ fault: 'hang' });
    const { client } = await connect(config);

    const output = await exec(client, '/ping 192.0.2.1 count=3', (_chunk, stop) => {
      setTimeout(stop, 300);
    });
    client.end();

    expect(output).toEqual({
      stdout: '  SEQ HOST                                     SIZE TTL TIME       STATUS\r\n',
      code: null,
    });
    await eventually(() => router.stats.activeChannels === 0);
  });

  it('drop-mid-output: some rows, then the TCP connection is gone', async () => {
    await startWith({ fault: 'drop-mid-output', format: 'v6' });
    const { client } = await connect(config);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));

    const output = await exec(client, '/ping 192.0.2.1 count=5');
    await closed;

    expect(output.code).toBeNull();
    expect(output.stdout.split('\r\n')).toEqual([
      '  SEQ HOST                                     SIZE TTL TIME  STATUS',
      '    0 192.0.2.1                                  56  64 5ms  ',
      '',
    ]);
    await eventually(() => router.stats.activeConnections === 0);
  });

  it('garbage: bytes no RouterOS prints, then exit status 0', async () => {
    await startWith({ fault: 'garbage' });

    const output = await execOnce(config, '/ping 192.0.2.1 count=3');

    expect(output.code).toBe(0);
    expect(output.stdout).toHaveLength(512);
    expect(output.stdout).not.toMatch(/[\r\n]|SEQ|sent=/);
  });

  it('endless-output: rows past count until the client closes the channel', async () => {
    await startWith({ fault: 'endless-output', timeScale: 0 });
    const { client } = await connect(config);
    let rows = 0;

    const output = await exec(client, '/ping 192.0.2.1 count=2', (chunk, stop) => {
      rows += chunk.split(' 192.0.2.1 ').length - 1;
      if (rows >= 50) {
        stop();
      }
    });
    client.end();

    expect(rows).toBeGreaterThanOrEqual(50);
    expect(output.code).toBeNull();
    expect(output.stdout).not.toContain('sent=');
    await eventually(() => router.stats.activeChannels === 0);
  });

  it('setFault applies to the next command; reset() restores the configured behaviour', async () => {
    await startWith();
    const { client } = await connect(config);
    try {
      router.setFault('garbage');
      expect((await exec(client, '/system identity print')).stdout).not.toContain('name:');

      router.setTarget('192.0.2.1', { outcome: 'no-route' });
      router.reset();
      expect(router.fault).toBe('none');
      expect(router.received).toEqual([]);
      expect((await exec(client, '/ping 192.0.2.1 count=1')).stdout).toContain(' 5ms');
    } finally {
      client.end();
    }
  });

  it('survives clients that speak no SSH or vanish mid-handshake', async () => {
    await startWith();
    const { port } = router.address ?? { port: 0 };
    for (const payload of ['GET / HTTP/1.0\r\n\r\n', 'SSH-2.0-x\r\n\u0000\u0001garbage', '']) {
      await new Promise<void>((resolve) => {
        const socket = tcpConnect(port, '127.0.0.1', () => {
          socket.end(payload);
        });
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.resume();
      });
    }

    await expect(execOnce(config, '/system identity print')).resolves.toEqual({
      stdout: '  name: MikroTik\r\n',
      code: 0,
    });
  });
});
