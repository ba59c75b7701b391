import { Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuditSink } from '../audit/audit.sink';
import type { DeviceConfig } from '../config/configuration';
import { SimulatedRouter } from '../simulator/simulated-router';
import { DeviceService } from './device.service';
import type { DeviceTarget } from './device.target';
import { HostKeyPolicy } from './host-key.policy';
import { realPool, testDeviceConfig } from './testing/device-testing';

class NullSink extends AuditSink {
  write(): void {}
  async close(): Promise<void> {}
}

// The project's simulated RouterOS device: real RouterOS output and its fault modes.
describe('DeviceService against the simulated RouterOS device', () => {
  let router: SimulatedRouter;
  let target: DeviceTarget;
  let config: DeviceConfig;
  let service: DeviceService;
  let closePool: () => Promise<void>;

  function useService(overrides: Partial<DeviceConfig> = {}): void {
    config = testDeviceConfig({ ...overrides, knownHostsFile: config.knownHostsFile });
    const { pool } = realPool(config);
    service = new DeviceService(pool, new AuditService(new NullSink()), new HostKeyPolicy(config));
    closePool = () => pool.closeAll();
  }

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    router = new SimulatedRouter({
      format: 'v7',
      users: [{ username: 'monitor', password: 'pw' }],
      timeScale: 0.01,
    });
    const { host, port } = await router.start();
    target = { name: 'sim-1', host, port, username: 'monitor', password: 'pw' };
    config = testDeviceConfig();
    useService();
  });

  afterEach(async () => {
    await closePool();
    await router.stop();
    jest.restoreAllMocks();
  });

  const run = (command: string, deadlineMs = 5_000) => service.run(target, command, { deadlineMs });

  it('runs a RouterOS ping logged in as user+ct and returns what the device printed', async () => {
    const result = await run('/ping 10.0.0.1 count=3');
    expect(result.output).toMatch(/sent=3 received=3 packet-loss=0%/);
    expect(router.received[0]).toMatchObject({
      user: 'monitor',
      login: 'monitor+ct',
      channel: 'exec',
    });
  });

  it('runs 200 sequential commands over one TCP connection and one login', async () => {
    for (let i = 0; i < 200; i += 1) await run('/system identity print');
    expect(router.stats).toMatchObject({ connections: 1, handshakes: 1, execs: 200 });
  });

  it('does not retry a wrong password', async () => {
    router.setFault('wrong-password');
    await expect(run('/system identity print')).rejects.toMatchObject({
      code: 'MIKROTIK_AUTH_FAILED',
    });
    expect(router.stats.connections).toBe(1);
  });

  it('retries a refusing device SSH_MAX_RETRIES times, then gives up', async () => {
    router.setFault('refuse');
    await expect(run('/system identity print')).rejects.toMatchObject({
      code: 'MIKROTIK_CONNECTION_FAILED',
    });
    expect(router.stats.connections).toBe(3);
    expect(router.received).toEqual([]);
  });

  it('gives up on a hanging command at the deadline and keeps the connection', async () => {
    await run('/system identity print');
    router.setFault('hang');
    const started = Date.now();
    await expect(run('/ping 10.0.0.1 count=3', 300)).rejects.toMatchObject({
      code: 'TIMEOUT_ERROR',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    router.setFault('none');
    await expect(run('/system identity print')).resolves.toMatchObject({ connectionReused: true });
    // Run once each: the timed-out command was not re-sent.
    expect(router.received.map((r) => r.command)).toEqual([
      '/system identity print',
      '/ping 10.0.0.1 count=3',
      '/system identity print',
    ]);
  });

  it('fails output cut by a dropped connection and logs in afresh for the next command', async () => {
    router.setFault('drop-mid-output');
    await expect(run('/ping 10.0.0.1 count=5')).rejects.toMatchObject({
      code: 'MIKROTIK_CONNECTION_FAILED',
    });
    router.setFault('none');
    await expect(run('/system identity print')).resolves.toMatchObject({ connectionReused: false });
    expect(router.stats.handshakes).toBe(2);
  });

  it('cuts endless output at SSH_MAX_OUTPUT', async () => {
    await closePool();
    useService({ maxOutputBytes: 4 * 1024 });
    router.setFault('endless-output');
    await expect(run('/ping 10.0.0.1')).rejects.toMatchObject({
      code: 'MIKROTIK_COMMAND_FAILED',
      details: { reason: 'output_too_large' },
    });
  });

  it('fits concurrent commands of one login into a device that allows one SSH session', async () => {
    await router.stop();
    router = new SimulatedRouter({
      users: [{ username: 'monitor', password: 'pw' }],
      maxSessions: 1,
      timeScale: 0.01,
    });
    target = { ...target, ...(await router.start()), maxSessions: 3 };
    const results = await Promise.all([1, 2, 3].map(() => run('/ping 10.0.0.1 count=2')));
    expect(results.every((r) => /received=2/.test(r.output))).toBe(true);
    expect(router.stats.rejectedConnections).toBe(0);
  });

  it('refuses the device after its host key changes', async () => {
    await run('/system identity print');
    await closePool();
    router.rotateHostKey();
    useService();
    await expect(run('/system identity print')).rejects.toMatchObject({
      code: 'MIKROTIK_HOST_KEY_MISMATCH',
    });
  });
});
