import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { eventually } from '../src/device/testing/device-testing';
import { type Harness, KEYS, ROUTER_PASSWORD, ROUTER_USER, startHarness } from './support/harness';

// The audit trail end to end: the real app, a simulated router, the audit file and a syslog
// receiver on loopback (UDP, as SYSLOG_PROTOCOL=udp4 sends). Every event of the spec's table is
// produced by a real request, and no secret that went into a request comes out anywhere.

const TARGET = '127.0.0.8';
const WRONG_KEY = 'wrong-key-0123456789abcdef0123456789abcdef';
const WRONG_PASSWORD = 'not-the-router-password-77';

interface Entry {
  timestamp: string;
  level: string;
  event_type: string;
  message: string;
  [field: string]: unknown;
}

/** A syslog server on loopback: keeps every datagram as text. */
async function startSyslogReceiver(): Promise<{ socket: Socket; port: number; lines: string[] }> {
  const socket = createSocket('udp4');
  const lines: string[] = [];
  socket.on('message', (message) => lines.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port, lines };
}

/** Every file under `dir`, recursively, as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? filesUnder(path)
      : [{ path, text: readFileSync(path, 'utf8') }];
  });
}

/** Waits up to 3 s for `condition`; the assertions that follow say what was missing. */
const settle = (condition: () => boolean): Promise<void> =>
  eventually(condition, 3_000).catch(() => undefined);

describe('the audit trail: file and syslog, every event, no secrets', () => {
  let h: Harness;
  let syslog: Awaited<ReturnType<typeof startSyslogReceiver>>;
  /** Every response body and header block the suite received, to search for secrets. */
  const responses: string[] = [];

  const keep = (res: request.Response): request.Response => {
    responses.push(JSON.stringify(res.headers), res.text);
    return res;
  };
  const entries = (): Entry[] =>
    readFileSync(h.auditLog, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Entry);
  const ofType = (type: string) => entries().filter((entry) => entry.event_type === type);
  /** Events of `type` once at least `count` are in the file (winston writes asynchronously). */
  const events = async (type: string, count = 1): Promise<Entry[]> => {
    await settle(() => ofType(type).length >= count);
    return ofType(type);
  };

  beforeAll(async () => {
    syslog = await startSyslogReceiver();
    h = await startHarness({
      env: {
        SYSLOG_HOST: '127.0.0.1',
        SYSLOG_PORT: String(syslog.port),
        SYSLOG_PROTOCOL: 'udp4',
        RATE_LIMIT_PER_IP: '5',
        STRICT_HOST_KEY_CHECKING: 'accept-new',
        SSH_MAX_RETRIES: '0',
      },
      routers: {
        'sim-audit': { format: 'v7', targets: { [TARGET]: { rttMs: [1, 2, 1, 2] } } },
        // Not pinned in the inventory: accept-new pins its first key in KNOWN_HOSTS_FILE.
        'sim-unpinned': {
          format: 'v7',
          targets: { [TARGET]: { rttMs: [1, 1, 1, 1] } },
          pin_host_key: false,
        },
      },
    });
  });
  afterAll(async () => {
    await h.close();
    syslog.socket.close();
  });

  const ping = (body: Record<string, unknown>, key: string = KEYS.operator) =>
    request(h.url)
      .post('/api/test')
      .set('Authorization', `Bearer ${key}`)
      .set('User-Agent', 'audit-e2e/1.0')
      .send({ test_type: 'ping', target: TARGET, count: 4, interval: 0.01, ...body })
      .then(keep);

  it('records a test with the key id, the exact command line, its duration, outcome and cache status', async () => {
    const res = await ping({ mikrotik_host: 'sim-audit', use_cache: false });
    expect(res.status).toBe(200);
    await ping({ mikrotik_host: 'sim-audit' });

    const commands = await events('device_command', 2);
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatchObject({
      level: 'info',
      key_id: 'operator',
      device: 'sim-audit',
      test_type: 'ping',
      command: `/ping address=${TARGET} count=4 size=64 interval=10ms`,
      outcome: 'success',
      cache_status: 'miss',
      success: true,
      request_id: res.body.metadata.request_id,
    });
    expect(commands[0].message).toMatch(/^Device command/);
    expect(typeof commands[0].duration_ms).toBe('number');
    expect(commands[0].source_ip).toMatch(/127\.0\.0\.1/);
    expect(commands[1]).toMatchObject({ cache_status: 'hit', outcome: 'success' });

    const [login] = await events('ssh_connection');
    expect(login).toMatchObject({ device: 'sim-audit', success: true });
    expect(login.message).toMatch(/^SSH connection successful/);

    const success = (await events('authentication_attempt')).find(
      (entry) => entry.success === true,
    );
    expect(success).toMatchObject({ key_id: 'operator', user_agent: 'audit-e2e/1.0' });
    expect(success?.message).toMatch(/^Authentication successful/);
  });

  it('records a failed login to a router without the password it tried', async () => {
    const port = h.routers['sim-audit'].address?.port;
    const res = await ping({
      mikrotik_host: '127.0.0.1',
      mikrotik_port: port,
      mikrotik_user: ROUTER_USER,
      mikrotik_password: WRONG_PASSWORD,
      use_cache: false,
    });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('MIKROTIK_AUTH_FAILED');
    const failed = (await events('ssh_connection', 2)).find((entry) => entry.success === false);
    expect(failed).toMatchObject({ level: 'warning' });
    expect(failed?.message).toMatch(/^SSH connection failed/);
    expect((await events('device_command', 3)).at(-1)).toMatchObject({
      outcome: 'MIKROTIK_AUTH_FAILED',
      success: false,
    });
  });

  it('records a wrong key by the first 8 characters of its hash, never the key', async () => {
    const res = await ping({ mikrotik_host: 'sim-audit' }, WRONG_KEY);
    expect(res.status).toBe(401);
    const hashPrefix = createHash('sha256').update(WRONG_KEY).digest('hex').slice(0, 8);
    await settle(() => ofType('authentication_attempt').some((entry) => entry.success === false));
    const failure = ofType('authentication_attempt').find((entry) => entry.success === false);
    expect(failure).toMatchObject({ level: 'warning', user_agent: 'audit-e2e/1.0' });
    expect(failure?.message).toMatch(/^Authentication failed/);
    expect(JSON.stringify(failure)).toContain(`${hashPrefix}...`);
  });

  it('records a role that is not enough, and an invalid request', async () => {
    expect((await ping({ mikrotik_host: 'sim-audit' }, KEYS.monitor)).status).toBe(403);
    const [denied] = await events('authorization_denied');
    expect(denied).toMatchObject({ level: 'warning', key_id: 'monitor' });
    expect(denied.message).toMatch(/^Authorization denied/);

    const bad = await ping({ mikrotik_host: 'sim-audit', target: 'a;/system reboot' });
    expect(bad.status).toBe(400);
    const [invalid] = await events('invalid_api_request');
    expect(invalid.message).toMatch(/^Invalid API request/);
    expect(invalid.request_id).toBe(bad.body.error.request_id ?? bad.headers['x-request-id']);
  });

  it('records a cleared cache with who cleared it', async () => {
    const res = keep(await request(h.url).delete('/api/cache').set(h.as('admin')));
    expect(res.status).toBe(200);
    const [cleared] = await events('cache_cleared');
    expect(cleared).toMatchObject({ key_id: 'admin' });
    expect(cleared.message).toMatch(/^Cache cleared/);
  });

  it('pins a new router key with accept-new, and records a changed one as a host key mismatch', async () => {
    expect((await ping({ mikrotik_host: 'sim-unpinned', use_cache: false })).status).toBe(200);
    const knownHosts = readFileSync(join(h.dir, 'known_hosts'), 'utf8');
    expect(knownHosts).toContain(h.routers['sim-unpinned'].hostKeySha256.replace(/^SHA256:/, ''));

    // The router drops its session, so that the next test has to connect and see the new key.
    const router = h.routers['sim-unpinned'];
    router.setFault('drop-mid-output');
    expect((await ping({ mikrotik_host: 'sim-unpinned', use_cache: false })).status).not.toBe(200);
    router.setFault('none');
    const rotated = router.rotateHostKey();
    const res = await ping({ mikrotik_host: 'sim-unpinned', use_cache: false });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('MIKROTIK_HOST_KEY_MISMATCH');
    const [mismatch] = await events('host_key_mismatch');
    expect(mismatch).toMatchObject({ level: 'warning', device: 'sim-unpinned' });
    expect(mismatch.message).toMatch(/^Host key mismatch/);
    expect(JSON.stringify(mismatch)).toContain(rotated.replace(/^SHA256:/, ''));
  });

  it('records a reload of the key and inventory files', async () => {
    h.running.reload();
    const reloaded = await events('config_reloaded');
    expect(reloaded.length).toBeGreaterThanOrEqual(1);
    expect(reloaded[0].message).toMatch(/^Configuration reloaded/);
  });

  it('records the address that went over its rate limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      statuses.push((await ping({ mikrotik_host: 'sim-audit' }, `${WRONG_KEY}${i}`)).status);
    }
    expect(statuses).toContain(429);
    const [limited] = await events('rate_limit_exceeded');
    expect(limited).toBeDefined();
    expect(limited.message).toMatch(/^Rate limit exceeded/);
    expect(String(limited.source_ip)).toMatch(/127\.0\.0\.1/);
  });

  it('writes every line of the file as a JSON object with the spec fields, and sends each to syslog', async () => {
    const all = entries();
    for (const entry of all) {
      expect(Number.isNaN(Date.parse(entry.timestamp))).toBe(false);
      expect(['info', 'warning']).toContain(entry.level);
      expect(typeof entry.message).toBe('string');
    }
    const types = new Set(all.map((entry) => entry.event_type));
    expect([...types].sort()).toEqual(
      [
        'authentication_attempt',
        'authorization_denied',
        'cache_cleared',
        'config_reloaded',
        'device_command',
        'host_key_mismatch',
        'invalid_api_request',
        'rate_limit_exceeded',
        'ssh_connection',
      ].sort(),
    );
    // UDP to loopback does not drop here; wait for the last datagrams to arrive.
    await settle(() => syslog.lines.length >= all.length);
    expect(syslog.lines).toHaveLength(all.length);
    for (const type of types) {
      expect(syslog.lines.some((line) => line.includes(`"event_type":"${type}"`))).toBe(true);
    }
    // RFC 5424 frames from the auth facility (4): priority 4 x 8 + severity.
    expect(syslog.lines.every((line) => /^<3[0-9]>/.test(line))).toBe(true);
  });

  it('never writes a password or a key into any log file or any response', () => {
    const secrets = [
      ROUTER_PASSWORD,
      WRONG_PASSWORD,
      WRONG_KEY,
      KEYS.admin,
      KEYS.operator,
      KEYS.monitor,
    ];
    const logs = filesUnder(join(h.dir, 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const file of logs)
        expect({ file: file.path, found: file.text.includes(secret) }).toEqual({
          file: file.path,
          found: false,
        });
      for (const text of [...responses, ...syslog.lines]) expect(text.includes(secret)).toBe(false);
    }
  });
});
