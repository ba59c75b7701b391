import { Logger } from '@nestjs/common';
import type { DeviceConfig } from '../config/configuration';
import { DomainError } from '../common/errors/domain.error';
import type { DeviceTarget } from './device.target';
import type { ConnectionEvent } from './ssh.connector';
import type { SshPool } from './ssh.pool';
import { eventually, realPool, testDeviceConfig } from './testing/device-testing';
import { FakeRouter } from './testing/fake-router';

const USERS = [
  { username: 'admin', password: 'pw' },
  { username: 'monitor', password: 'pw2' },
];

describe('SshPool', () => {
  let router: FakeRouter;
  let target: DeviceTarget;
  let pool: SshPool;
  let events: ConnectionEvent[];

  async function startRouter(
    options: Partial<ConstructorParameters<typeof FakeRouter>[0]> = {},
  ): Promise<void> {
    router = new FakeRouter({ users: USERS, ...options });
    const { host, port } = await router.start();
    target = { host, port, username: 'admin', password: 'pw' };
  }

  function usePool(overrides: Partial<DeviceConfig> = {}): SshPool {
    const made = realPool(testDeviceConfig(overrides));
    pool = made.pool;
    events = [];
    pool.onConnection((event) => events.push(event));
    return pool;
  }

  const run = (command: string, over: Partial<DeviceTarget> = {}, deadlineMs = 5_000) =>
    pool.run({ ...target, ...over }, command, { deadlineMs });

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await startRouter();
    usePool();
  });

  afterEach(async () => {
    await pool.closeAll();
    await router.stop();
    jest.restoreAllMocks();
  });

  it('runs 200 sequential commands over a single handshake', async () => {
    const reused: boolean[] = [];
    for (let i = 0; i < 200; i += 1) reused.push((await run(`echo ${i}`)).connectionReused);
    expect(router.tcpConnections).toBe(1);
    expect(router.logins).toBe(1);
    expect(pool.stats().handshakes).toBe(1);
    expect(reused.filter((r) => !r)).toHaveLength(1);
    expect(router.commands).toHaveLength(200);
  });

  it('never lets a wrong password ride on a pooled session', async () => {
    await run('echo good');
    await expect(run('echo bad', { password: 'wrong' })).rejects.toMatchObject({
      code: 'MIKROTIK_AUTH_FAILED',
    });
    expect(router.commands).toEqual(['echo good']);
    expect(router.failedLogins).toBeGreaterThan(0);
    expect(router.tcpConnections).toBe(2);
    expect(pool.stats().connectAttempts).toMatchObject({ success: 1, auth_failed: 1 });
  });

  it('does not retry a refused login', async () => {
    await expect(run('echo x', { password: 'wrong' })).rejects.toMatchObject({
      code: 'MIKROTIK_AUTH_FAILED',
    });
    expect(router.tcpConnections).toBe(1);
  });

  it('shares one login among concurrent first requests', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => run(`sleep ${n * 10}`, { maxSessions: 4 })),
    );
    expect(router.logins).toBe(1);
    expect(results.every((r) => r.connectionReused === false)).toBe(true);
    expect(events).toHaveLength(1);
  });

  it('holds a router to its session limit, across users and credentials', async () => {
    const commands = [
      ...Array.from({ length: 4 }, () => run('sleep 50', { maxSessions: 3 })),
      ...Array.from({ length: 4 }, () =>
        run('sleep 50', { username: 'monitor', password: 'pw2', maxSessions: 3 }),
      ),
    ];
    await Promise.all(commands);
    expect(router.maxOpenChannels).toBe(3);
    expect(router.commands).toHaveLength(8);
    expect(pool.stats().devices[`127.0.0.1:${router.port}`]).toEqual({ inFlight: 0, queued: 0 });
  });

  it('defaults the limit to SSH_MAX_SESSIONS_PER_DEVICE', async () => {
    await Promise.all(Array.from({ length: 5 }, () => run('sleep 30')));
    expect(router.maxOpenChannels).toBe(2);
  });

  it('answers DEVICE_BUSY with a Retry-After once the queue is full', async () => {
    await pool.closeAll();
    usePool({ maxSessionsPerDevice: 1, maxQueuePerDevice: 2 });
    const running = [run('sleep 200'), run('sleep 10'), run('sleep 10')];
    await eventually(() => pool.stats().queued === 2);
    const error = await run('echo late').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_BUSY', retryAfterSeconds: expect.any(Number) });
    expect((error as DomainError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await Promise.all(running);
    expect(router.commands).not.toContain('echo late');
  });

  it('gives a queued command whose deadline passes DEVICE_BUSY, never running it', async () => {
    const long = run('sleep 300', { maxSessions: 1 });
    const error = await run('echo queued', { maxSessions: 1 }, 100).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DEVICE_BUSY',
      details: { queued_ms: expect.any(Number) },
    });
    await long;
    expect(router.commands).toEqual(['sleep 300']);
  });

  it('starts a queued command’s deadline when it gets a session, not when it joined the queue', async () => {
    const options = { deadlineMs: 400, queueWaitMs: 2_000 };
    const one = { ...target, maxSessions: 1 };
    // Each takes ~250 ms: the third waits ~500 ms, longer than its own 400 ms deadline.
    const results = await Promise.all(
      [250, 251, 252].map((ms) => pool.run(one, `sleep ${ms}`, options)),
    );
    expect(results.map((result) => result.durationMs < 400)).toEqual([true, true, true]);
    expect(Math.max(...results.map((result) => result.queuedMs))).toBeGreaterThan(400);
    expect(router.commands).toHaveLength(3);
  });

  it('closes the channel on the router when the command deadline passes', async () => {
    const started = Date.now();
    await expect(run('hang', {}, 300)).rejects.toMatchObject({ code: 'TIMEOUT_ERROR' });
    expect(Date.now() - started).toBeLessThan(1_000);
    await eventually(() => router.closedChannels === 1);
    expect(router.openChannels).toBe(0);
    // The connection survives the timeout and serves the next command.
    await expect(run('echo next')).resolves.toMatchObject({ connectionReused: true });
    expect(pool.stats().inFlight).toBe(0);
  });

  it('retries connecting, with backoff, and never re-runs a command', async () => {
    router.mode = 'reset';
    await expect(run('echo x')).rejects.toMatchObject({ code: 'MIKROTIK_CONNECTION_FAILED' });
    // SSH_MAX_RETRIES=2: the first attempt and two retries.
    expect(router.tcpConnections).toBe(3);
    expect(pool.stats()).toMatchObject({
      handshakes: 3,
      failedConnections: 1,
      connectAttempts: { failed: 3 },
    });
    expect(events).toEqual([expect.objectContaining({ success: false, attempts: 3 })]);

    router.mode = 'normal';
    await expect(run('hang', {}, 200)).rejects.toMatchObject({ code: 'TIMEOUT_ERROR' });
    await expect(run('drop')).rejects.toMatchObject({ code: 'MIKROTIK_CONNECTION_FAILED' });
    expect(router.commands).toEqual(['hang', 'drop']);
  });

  it('treats a silent router as a connection timeout, retried', async () => {
    await pool.closeAll();
    usePool({ connectTimeoutMs: 100, maxRetries: 1 });
    router.mode = 'silent';
    await expect(run('echo x')).rejects.toMatchObject({
      code: 'MIKROTIK_CONNECTION_FAILED',
      details: { reason: 'timeout' },
    });
    expect(router.tcpConnections).toBe(2);
  });

  it('fails a command cut off mid-output and gives the next one a fresh connection', async () => {
    await run('echo warm');
    await expect(run('drop')).rejects.toMatchObject({ code: 'MIKROTIK_CONNECTION_FAILED' });
    const next = await run('echo after');
    expect(next.connectionReused).toBe(false);
    expect(next.exec.stdout).toBe('after\r\n');
    expect(router.logins).toBe(2);
  });

  it('replaces a connection that died while idle, transparently', async () => {
    await run('echo warm');
    router.dropConnections();
    await eventually(() => pool.stats().activeConnections === 0);
    await expect(run('echo again')).resolves.toMatchObject({ connectionReused: false });
  });

  it('bounds the output and keeps the connection', async () => {
    await pool.closeAll();
    usePool({ maxOutputBytes: 10_000 });
    await expect(run('flood')).rejects.toMatchObject({
      code: 'MIKROTIK_COMMAND_FAILED',
      details: { reason: 'output_too_large', max_output_bytes: 10_000 },
    });
    await expect(run('bytes 10000')).resolves.toMatchObject({ connectionReused: true });
  });

  it('closes connections left idle', async () => {
    await pool.closeAll();
    usePool({ idleTimeoutMs: 100 });
    await run('echo once');
    expect(pool.stats().activeConnections).toBe(1);
    await eventually(() => router.connectedSockets === 0);
    expect(pool.stats()).toMatchObject({ activeConnections: 0, pooledKeys: 0 });
  });

  it('opens another connection when the router refuses a second channel on one', async () => {
    await router.stop();
    await startRouter({ maxChannelsPerConnection: 1 });
    const results = await Promise.all([1, 2, 3].map(() => run('sleep 50', { maxSessions: 3 })));
    expect(results.map((r) => r.exec.stdout)).toEqual(['done\r\n', 'done\r\n', 'done\r\n']);
    expect(router.commands).toHaveLength(3);
    expect(router.refusedChannels).toBeGreaterThan(0);
    expect(router.logins).toBeGreaterThan(1);
  });

  it('refuses a changed host key in accept-new mode and counts it', async () => {
    await run('echo pinned');
    const loginsSeen = router.usernamesSeen.length;
    router.rotateHostKey();
    router.dropConnections();
    await eventually(() => pool.stats().activeConnections === 0);
    await expect(run('echo again')).rejects.toMatchObject({
      code: 'MIKROTIK_HOST_KEY_MISMATCH',
      details: {
        host_key_sha256: router.hostKeySha256,
        expected_host_key_sha256: expect.any(String),
      },
    });
    // Refused before authentication: the password never went to the impostor.
    expect(router.usernamesSeen).toHaveLength(loginsSeen);
    expect(pool.stats().connectAttempts.host_key_mismatch).toBe(1);
  });

  it('keeps callers with different pinned keys on different connections', async () => {
    await run('echo unpinned');
    await expect(run('echo pinned', { hostKeySha256: 'SHA256:not-the-key' })).rejects.toMatchObject(
      {
        code: 'MIKROTIK_HOST_KEY_MISMATCH',
      },
    );
    await expect(run('echo right', { hostKeySha256: router.hostKeySha256 })).resolves.toMatchObject(
      {
        hostKeySha256: router.hostKeySha256,
      },
    );
  });

  it('refuses an unpinned router in mode yes', async () => {
    await pool.closeAll();
    usePool({ strictHostKeyChecking: 'yes' });
    const error = await run('echo x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIKROTIK_HOST_KEY_MISMATCH' });
    expect((error as DomainError).message).toMatch(/not pinned/);
    await expect(run('echo x', { hostKeySha256: router.hostKeySha256 })).resolves.toBeDefined();
  });

  it('reports what it measured', async () => {
    await run('echo one');
    await run('echo two');
    const stats = pool.stats();
    expect(stats).toMatchObject({
      activeConnections: 1,
      pooledKeys: 1,
      inFlight: 0,
      queued: 0,
      handshakes: 1,
      connectAttempts: { success: 1, auth_failed: 0, failed: 0, host_key_mismatch: 0 },
      failedConnections: 0,
    });
    expect(stats.averageConnectMs).toBeGreaterThan(0);
  });

  it('closeAll abandons a login in progress instead of waiting for its timeout', async () => {
    await pool.closeAll();
    usePool({ connectTimeoutMs: 10_000 });
    router.mode = 'silent';
    const pending = run('echo x').catch((e: unknown) => e);
    await eventually(() => router.tcpConnections === 1);
    const started = Date.now();
    await pool.closeAll();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(pending).resolves.toMatchObject({ code: 'MIKROTIK_CONNECTION_FAILED' });
    expect(router.tcpConnections).toBe(1);
  });

  it('closeAll ends every connection and refuses new work', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    await Promise.all([run('echo a'), run('echo b', { username: 'monitor', password: 'pw2' })]);
    const hanging = run('hang', {}, 10_000).catch((e: unknown) => e);
    await eventually(() => router.openChannels === 1);
    await pool.closeAll();
    await expect(hanging).resolves.toBeInstanceOf(DomainError);
    await eventually(() => router.connectedSockets === 0);
    await eventually(
      () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length <= before,
    );
    expect(pool.stats()).toMatchObject({ activeConnections: 0, pooledKeys: 0 });
    await expect(run('echo late')).rejects.toMatchObject({ code: 'DEVICE_BUSY' });
  });
});
