import { Socket } from 'node:net';
import { DomainError } from '../common/errors/domain.error';
import { NodeSshTransport, routerOsUsername } from './node-ssh.transport';
import type { DeviceTarget } from './device.target';
import type { SshConnection } from './ssh.transport';
import { eventually } from './testing/device-testing';
import { ed25519KeyPair, FakeRouter } from './testing/fake-router';

const transport = new NodeSshTransport();
const acceptAny = { timeoutMs: 2_000, onHostKey: () => true };
const noAbort = new AbortController().signal;
const exec = (connection: SshConnection, command: string, maxOutputBytes = 1 << 20) =>
  connection.exec(command, { signal: noAbort, maxOutputBytes });

describe('NodeSshTransport', () => {
  let router: FakeRouter;
  let target: DeviceTarget;
  const open: SshConnection[] = [];

  beforeEach(async () => {
    router = new FakeRouter({ users: [{ username: 'monitor', password: 'pw' }] });
    const { host, port } = await router.start();
    target = { host, port, username: 'monitor', password: 'pw' };
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((connection) => connection.close()));
    await router.stop();
  });

  async function connect(over: Partial<DeviceTarget> = {}): Promise<SshConnection> {
    const connection = await transport.connect({ ...target, ...over }, acceptAny);
    open.push(connection);
    return connection;
  }

  it('logs in with the +ct suffix so RouterOS drops colours and terminal detection', async () => {
    await connect();
    expect(router.usernamesSeen).toContain('monitor+ct');
  });

  it('keeps a suffix the caller already chose', () => {
    expect(routerOsUsername('monitor+cte')).toBe('monitor+cte');
    expect(routerOsUsername('monitor')).toBe('monitor+ct');
  });

  it('answers a keyboard-interactive password prompt', async () => {
    await router.stop();
    router = new FakeRouter({
      users: [{ username: 'monitor', password: 'pw' }],
      keyboardInteractiveOnly: true,
    });
    target = { ...target, ...(await router.start()) };
    const connection = await connect();
    await expect(exec(connection, 'echo ok')).resolves.toMatchObject({ stdout: 'ok\r\n' });
  });

  it('logs in with a passphrase-protected private key', async () => {
    const keys = ed25519KeyPair('secret');
    await router.stop();
    router = new FakeRouter({ users: [{ username: 'monitor', publicKey: keys.public }] });
    target = {
      ...(await router.start()),
      username: 'monitor',
      privateKey: keys.private,
      passphrase: 'secret',
    };
    const connection = await connect();
    await expect(exec(connection, 'echo key')).resolves.toMatchObject({ stdout: 'key\r\n' });
  });

  it('offers the host key fingerprint as ssh-keygen prints it, before logging in', async () => {
    const seen: string[] = [];
    const connection = await transport.connect(target, {
      timeoutMs: 2_000,
      onHostKey: (fingerprint) => seen.push(fingerprint) > 0,
    });
    open.push(connection);
    expect(seen).toEqual([router.hostKeySha256]);
    expect(connection.hostKeySha256).toBe(router.hostKeySha256);
  });

  it('refuses a host key the policy rejects without sending the password', async () => {
    const error = await transport
      .connect(target, { timeoutMs: 2_000, onHostKey: () => false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIKROTIK_HOST_KEY_MISMATCH' });
    expect(router.usernamesSeen).toEqual([]);
  });

  it('reports a wrong password as MIKROTIK_AUTH_FAILED', async () => {
    await expect(connect({ password: 'wrong' })).rejects.toMatchObject({
      code: 'MIKROTIK_AUTH_FAILED',
    });
  });

  it('reports a refused port as MIKROTIK_CONNECTION_FAILED', async () => {
    const port = router.port;
    await router.stop();
    await expect(connect({ port })).rejects.toMatchObject({ code: 'MIKROTIK_CONNECTION_FAILED' });
  });

  it('gives up on a silent server after the connect timeout', async () => {
    router.mode = 'silent';
    const started = Date.now();
    const error = await transport
      .connect(target, { timeoutMs: 300, onHostKey: () => true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'MIKROTIK_CONNECTION_FAILED',
      details: { reason: 'timeout' },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('returns stdout byte for byte with the exit status', async () => {
    const connection = await connect();
    await expect(exec(connection, 'echo   SEQ HOST  ')).resolves.toEqual({
      stdout: '  SEQ HOST  \r\n',
      code: 0,
      exitSignal: undefined,
    });
    await expect(exec(connection, 'exit 3')).resolves.toMatchObject({ code: 3 });
    await expect(exec(connection, 'killed')).resolves.toMatchObject({
      code: null,
      exitSignal: 'SIGKILL',
    });
    await expect(exec(connection, 'noexit')).resolves.toEqual({
      stdout: 'out\r\n',
      code: null,
      exitSignal: undefined,
    });
  });

  it('runs several commands on one connection at once', async () => {
    const connection = await connect();
    const results = await Promise.all([
      exec(connection, 'sleep 100'),
      exec(connection, 'sleep 100'),
    ]);
    expect(results.map((r) => r.stdout)).toEqual(['done\r\n', 'done\r\n']);
    expect(router.maxOpenChannels).toBe(2);
    expect(router.logins).toBe(1);
  });

  it('cuts off output beyond the bound and closes the channel', async () => {
    const connection = await connect();
    await expect(exec(connection, 'bytes 1000', 1000)).resolves.toMatchObject({
      stdout: 'x'.repeat(1000),
    });
    await expect(exec(connection, 'flood', 100_000)).rejects.toMatchObject({
      code: 'MIKROTIK_COMMAND_FAILED',
      details: { reason: 'output_too_large' },
    });
    await eventually(() => router.openChannels === 0);
    expect(connection.isAlive).toBe(true);
  });

  it('closes the channel on the device when the caller aborts', async () => {
    const connection = await connect();
    const abort = new AbortController();
    const running = connection.exec('hang', { signal: abort.signal, maxOutputBytes: 1000 });
    await eventually(() => router.openChannels === 1);
    const reason = new DomainError('TIMEOUT_ERROR', 'deadline');
    abort.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(router.openChannels).toBe(0);
    expect(router.closedChannels).toBe(1);
  });

  it('fails a command whose connection drops mid-output instead of returning part of it', async () => {
    const connection = await connect();
    await expect(exec(connection, 'drop')).rejects.toMatchObject({
      code: 'MIKROTIK_CONNECTION_FAILED',
      details: { reason: 'connection_lost' },
    });
    expect(connection.isAlive).toBe(false);
  });

  it('tells the pool when a connection closes', async () => {
    const connection = await connect();
    const closed = new Promise<void>((resolve) => connection.onClose(resolve));
    router.dropConnections();
    await closed;
    expect(connection.isAlive).toBe(false);
    await expect(exec(connection, 'echo late')).rejects.toMatchObject({ name: 'ChannelOpenError' });
  });

  it('turns Nagle off, so 50 sequential commands take far less than 50 delayed ACKs', async () => {
    const noDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    const connection = await connect();
    expect(noDelay).toHaveBeenCalledWith(true);
    noDelay.mockRestore();
    const started = performance.now();
    for (let i = 0; i < 50; i += 1) await exec(connection, 'echo ping');
    const perCommand = (performance.now() - started) / 50;
    console.log(`loopback round trip per command: ${perCommand.toFixed(2)} ms`);
    // With Nagle on this measured ~44 ms (one delayed ACK per exchange); loose on purpose.
    expect(perCommand).toBeLessThan(30);
  });

  it('closes the socket on both ends', async () => {
    const connection = await connect();
    await connection.close();
    await eventually(() => router.connectedSockets === 0);
    expect(connection.isAlive).toBe(false);
  });

  it('rejects errors as DomainErrors with no credential in the message', async () => {
    const error = await connect({ password: 'hunter2-wrong' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(
      JSON.stringify({
        message: (error as DomainError).message,
        details: (error as DomainError).details,
      }),
    ).not.toContain('hunter2');
  });
});
