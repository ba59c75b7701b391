import { createHash, generateKeyPairSync } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { NodeSSH } from 'node-ssh';
import type { Client } from 'ssh2';
import { generateEd25519 } from './host-key';
import { SimulatedRouter } from './simulated-router';
import { eventually } from './testing/eventually';
import { connect, exec, execOnce } from './testing/ssh-exec';

const login = (port: number, username = 'admin', password = 'admin') => ({
  host: '127.0.0.1',
  port,
  username,
  password,
});

describe('SimulatedRouter sessions', () => {
  const routers: SimulatedRouter[] = [];
  async function started(router: SimulatedRouter): Promise<number> {
    routers.push(router);
    return (await router.start()).port;
  }

  afterEach(async () => {
    await Promise.all(routers.splice(0).map((router) => router.stop()));
  });

  it('announces itself as a MikroTik SSH server', async () => {
    const port = await started(new SimulatedRouter());
    const banner = await new Promise<string>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('data', (data: Buffer) => {
        socket.destroy();
        resolve(data.toString('latin1'));
      });
    });

    expect(banner).toBe('SSH-2.0-ROSSSH\r\n');
  });

  it("resolves node-ssh's execCommand with the output and code 0", async () => {
    const port = await started(new SimulatedRouter({ timeScale: 0 }));
    const ssh = new NodeSSH();
    await ssh.connect({ ...login(port, 'admin+ct'), readyTimeout: 3000 });
    try {
      const result = await ssh.execCommand('/ping 192.0.2.1 count=2');

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/sent=2 received=2 packet-loss=0%/);
    } finally {
      ssh.dispose();
    }
  });

  it('authenticates `name+ct` as `name` and logs both', async () => {
    const router = new SimulatedRouter({ users: [{ username: 'monitor', password: 's3cret' }] });
    const port = await started(router);

    await expect(
      execOnce(login(port, 'monitor+ct', 's3cret'), '/system identity print'),
    ).resolves.toMatchObject({ code: 0 });
    await expect(connect(login(port, 'monitor+ct', 'wrong'))).rejects.toThrow();
    await expect(connect(login(port, 'other+ct', 's3cret'))).rejects.toThrow();
    expect(router.received).toEqual([
      expect.objectContaining({ user: 'monitor', login: 'monitor+ct' }),
    ]);
    expect(router.stats.handshakes).toBe(1);
  });

  it('narrows v6 tables for a `+ct80w` login or an 80-column pty', async () => {
    const port = await started(
      new SimulatedRouter({ format: 'v6', timeScale: 0, targets: { '192.0.2.1': { rttMs: 3 } } }),
    );
    const command = '/tool traceroute 192.0.2.1 count=1';

    const wide = await execOnce(login(port), command);
    const narrow = await execOnce(login(port, 'admin+ct80w'), command);
    const { client } = await connect(login(port));
    const pty = await new Promise<string>((resolve, reject) => {
      client.exec(command, { pty: { cols: 80, rows: 24, term: 'dumb' } }, (error, channel) => {
        if (error) {
          reject(error);
          return;
        }
        let text = '';
        channel.on('data', (chunk: Buffer) => (text += chunk.toString()));
        channel.on('close', () => resolve(text));
      });
    });
    client.end();

    expect(wide.stdout.split('\r\n')[0]).toContain('STD-DEV STATUS');
    expect(narrow.stdout.split('\r\n')[0]).toBe(
      ' # ADDRESS                          LOSS SENT    LAST     AVG    BEST   WORST',
    );
    expect(pty.split('\r\n')[0]).toBe(narrow.stdout.split('\r\n')[0]);
  });

  it('accepts an OpenSSH public key and rejects a different one', async () => {
    const allowed = generateEd25519();
    const other = generateEd25519();
    const port = await started(
      new SimulatedRouter({ users: [{ username: 'monitor', publicKey: allowed.public }] }),
    );
    const base = { host: '127.0.0.1', port, username: 'monitor' };

    await expect(
      execOnce({ ...base, privateKey: allowed.private }, '/system identity print'),
    ).resolves.toMatchObject({ code: 0 });
    await expect(connect({ ...base, privateKey: other.private })).rejects.toThrow();
    await expect(connect({ ...base, password: 'anything' })).rejects.toThrow();
  });

  it('accepts maxSessions connections and closes the next one before the banner', async () => {
    const router = new SimulatedRouter({ maxSessions: 2 });
    const port = await started(router);
    const open: Client[] = [];
    try {
      open.push((await connect(login(port))).client, (await connect(login(port))).client);

      await expect(connect(login(port))).rejects.toThrow();
      expect(router.stats).toMatchObject({
        activeConnections: 2,
        rejectedConnections: 1,
        connections: 3,
      });

      open.shift()?.end();
      await eventually(() => router.stats.activeConnections === 1);
      open.push((await connect(login(port))).client);
      expect(router.stats.handshakes).toBe(3);
    } finally {
      open.forEach((client) => client.end());
    }
  });

  it('reports its host key like ssh-keygen -lf and can rotate it', async () => {
    const router = new SimulatedRouter();
    const port = await started(router);
    const fingerprintOf = (blob: Buffer): string =>
      `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

    const before = await connect(login(port));
    before.client.end();
    expect(router.hostKeySha256).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fingerprintOf(before.hostKey)).toBe(router.hostKeySha256);

    const rotated = router.rotateHostKey();
    const after = await connect(login(port));
    after.client.end();
    expect(rotated).not.toBe(fingerprintOf(before.hostKey));
    expect(fingerprintOf(after.hostKey)).toBe(rotated);
  });

  it('keeps a given host key, and says which key formats it cannot read', () => {
    const pem = generateEd25519().private;
    const pkcs8 = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });

    expect(new SimulatedRouter({ hostKey: pem }).hostKeySha256).toBe(
      new SimulatedRouter({ hostKey: pem }).hostKeySha256,
    );
    expect(() => new SimulatedRouter({ hostKey: pkcs8.toString() })).toThrow('simulator host key');
  });

  it('refuses to listen anywhere but loopback', () => {
    expect(() => new SimulatedRouter({ host: '0.0.0.0' })).toThrow('loopback only');
    expect(() => new SimulatedRouter({ host: '::' })).toThrow('loopback only');
    expect(() => new SimulatedRouter({ host: '::1' })).not.toThrow();
  });

  it('drops every connection and running command on stop(), and can start again', async () => {
    const router = new SimulatedRouter({ timeScale: 1 });
    const port = await started(router);
    const { client } = await connect(login(port));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const running = exec(client, '/ping 192.0.2.1');
    await eventually(() => router.stats.activeChannels === 1);

    await router.stop();
    await closed;

    await expect(running).resolves.toMatchObject({ code: null });
    expect(router.stats).toMatchObject({ activeConnections: 0, activeChannels: 0 });
    expect(router.address).toBeNull();
    await expect(connect(login(port))).rejects.toThrow();
    await router.stop();

    const again = await router.start();
    await expect(execOnce(login(again.port), '/system identity print')).resolves.toMatchObject({
      code: 0,
    });
  });

  it('offers a minimal interactive shell: banner, prompt, echo, output, prompt', async () => {
    const router = new SimulatedRouter({ identity: 'lab-7', timeScale: 0 });
    const port = await started(router);
    const { client } = await connect(login(port));
    const transcript = await new Promise<string>((resolve, reject) => {
      client.shell({ term: 'dumb', cols: 120 }, (error, channel) => {
        if (error) {
          reject(error);
          return;
        }
        let text = '';
        let sent = 0;
        channel.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const prompts = text.split('[admin@lab-7] > ').length - 1;
          if (prompts > sent) {
            sent = prompts;
            channel.write(sent === 1 ? '/system identity print\r' : 'quit\r');
          }
        });
        channel.on('close', () => resolve(text));
      });
    });
    client.end();

    expect(transcript).toContain('MikroTik RouterOS 7.12.2');
    expect(transcript).toContain(
      '[admin@lab-7] > /system identity print\r\n  name: lab-7\r\n[admin@lab-7] > ',
    );
    expect(router.received).toEqual([
      expect.objectContaining({ command: '/system identity print', channel: 'shell' }),
    ]);
  });
});
