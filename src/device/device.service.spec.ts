import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuditService } from '../audit/audit.service';
import { AuditSink } from '../audit/audit.sink';
import { AppConfigModule } from '../config/config.module';
import { loadConfiguration } from '../config/configuration';
import { DeviceHealthIndicator } from './device.health';
import { DeviceModule } from './device.module';
import { DeviceService } from './device.service';
import type { DeviceTarget } from './device.target';
import { HostKeyPolicy } from './host-key.policy';
import { eventually, realPool, testDeviceConfig } from './testing/device-testing';
import { FakeRouter } from './testing/fake-router';

class MemorySink extends AuditSink {
  readonly entries: Record<string, unknown>[] = [];
  write(entry: Record<string, unknown>): void {
    this.entries.push(entry);
  }
  async close(): Promise<void> {}
}

const SECRET = 'pw-very-secret';

describe('DeviceService', () => {
  let router: FakeRouter;
  let target: DeviceTarget;
  let sink: MemorySink;
  let service: DeviceService;
  let closePool: () => Promise<void>;

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    router = new FakeRouter({ users: [{ username: 'monitor', password: SECRET }] });
    const { host, port } = await router.start();
    target = { name: 'core-1', host, port, username: 'monitor', password: SECRET };
    const config = testDeviceConfig();
    const { pool } = realPool(config);
    sink = new MemorySink();
    service = new DeviceService(pool, new AuditService(sink), new HostKeyPolicy(config));
    closePool = () => pool.closeAll();
  });

  afterEach(async () => {
    await closePool();
    await router.stop();
    jest.restoreAllMocks();
  });

  const run = (command: string, over: Partial<DeviceTarget> = {}) =>
    service.run({ ...target, ...over }, command, { deadlineMs: 5_000, requestId: 'req-1' });

  it('returns the raw output with where and how long it ran', async () => {
    const first = await run('echo   SEQ HOST');
    expect(first).toEqual({
      output: '  SEQ HOST\r\n',
      durationMs: expect.any(Number),
      connectMs: expect.any(Number),
      hostKeySha256: router.hostKeySha256,
      connectionReused: false,
      queuedMs: expect.any(Number),
    });
    expect(first.connectMs).toBeGreaterThan(0);
    expect(first.durationMs).toBeGreaterThanOrEqual(first.connectMs);
    await expect(run('echo again')).resolves.toMatchObject({
      connectionReused: true,
      connectMs: 0,
    });
  });

  it('returns a RouterOS error message as output: it exits 0 and parsers judge it', async () => {
    await expect(run('ping2 8.8.8.8')).resolves.toMatchObject({
      output: 'bad command name ping2 (line 1 column 1)\r\n',
    });
  });

  it('fails a command that exits non-zero or is killed, quoting the device', async () => {
    await expect(run('exit 2')).rejects.toMatchObject({
      code: 'MIKROTIK_COMMAND_FAILED',
      details: { exit_code: 2, device_message: 'failed' },
    });
    await expect(run('killed')).rejects.toMatchObject({
      code: 'MIKROTIK_COMMAND_FAILED',
      details: { exit_signal: 'SIGKILL' },
    });
  });

  it('audits a new connection, and only a new one, without the password', async () => {
    await run('echo a');
    await run('echo b');
    expect(sink.entries).toEqual([
      expect.objectContaining({
        event_type: 'ssh_connection',
        success: true,
        message: 'SSH connection successful',
        request_id: 'req-1',
        device: 'core-1',
        host: '127.0.0.1',
        port: router.port,
        user: 'monitor',
        host_key_sha256: router.hostKeySha256,
      }),
    ]);
    expect(JSON.stringify(sink.entries)).not.toContain(SECRET);
  });

  it('audits a refused login as a failed SSH connection', async () => {
    await expect(run('echo x', { password: `${SECRET}-wrong` })).rejects.toMatchObject({
      code: 'MIKROTIK_AUTH_FAILED',
    });
    expect(sink.entries).toEqual([
      expect.objectContaining({
        event_type: 'ssh_connection',
        success: false,
        error_code: 'MIKROTIK_AUTH_FAILED',
        message: expect.stringMatching(/^SSH connection failed/),
      }),
    ]);
    expect(JSON.stringify(sink.entries)).not.toContain(SECRET);
  });

  it('audits a host key mismatch with both fingerprints', async () => {
    const pinned = 'SHA256:dJ/xj1rEZJxAIqkJBumCqnSP20myy8qNBO6/P8cX9kU';
    await expect(run('echo x', { hostKeySha256: pinned })).rejects.toMatchObject({
      code: 'MIKROTIK_HOST_KEY_MISMATCH',
    });
    expect(sink.entries.map((e) => e.event_type)).toEqual(['ssh_connection', 'host_key_mismatch']);
    expect(sink.entries[1]).toMatchObject({
      message: expect.stringMatching(/^Host key mismatch/),
      host_key_sha256: router.hostKeySha256,
      expected_host_key_sha256: pinned,
      level: 'warning',
    });
  });

  it('exposes the pool counters', async () => {
    await run('echo a');
    expect(service.stats()).toMatchObject({ activeConnections: 1, handshakes: 1, inFlight: 0 });
  });
});

describe('DeviceModule', () => {
  it('wires the real transport and closes its connections when the app stops', async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-device-module-'));
    const auditFile = join(dir, 'audit.log');
    const configuration = loadConfiguration({
      KNOWN_HOSTS_FILE: join(dir, 'known_hosts'),
      AUDIT_LOG_FILE: auditFile,
    });
    const router = new FakeRouter({ users: [{ username: 'admin', password: 'pw' }] });
    const { host, port } = await router.start();
    const app = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(configuration), DeviceModule],
    }).compile();
    await app.init();
    const devices = app.get(DeviceService);
    const result = await devices.run({ host, port, username: 'admin', password: 'pw' }, 'echo hi', {
      deadlineMs: 5_000,
    });
    expect(result.output).toBe('hi\r\n');
    expect(app.get(DeviceHealthIndicator).check()).toMatchObject({
      status: 'up',
      active_connections: 1,
    });
    await app.close();
    await eventually(() => router.connectedSockets === 0);
    await router.stop();
    expect(readFileSync(join(dir, 'known_hosts'), 'utf8')).toContain(router.hostKeySha256);
    await eventually(() => readFileSync(auditFile, 'utf8').includes('SSH connection successful'));
    jest.restoreAllMocks();
  });
});
