import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, type RunningApp } from '../src/bootstrap';
import type { ControlStatus, Report } from '../src/security/control.report';
import { runSecurityValidate, securityValidateCli } from '../src/security/validate.runner';

// `npm run security:validate` against the real service booted through bootstrap() on loopback,
// and against a deliberately careless server: true answers about both.

const ADMIN = randomBytes(32).toString('hex');
const MONITOR = randomBytes(32).toString('hex');
const OPERATOR = randomBytes(32).toString('hex');
const PER_IP = 8;
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

let dir: string;
let running: RunningApp | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sentinel-validate-'));
});

afterEach(async () => {
  await running?.app.close();
  running = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The service on an ephemeral loopback port, with its own audit log and small per-IP limit. */
async function boot(overrides: Record<string, string> = {}): Promise<RunningApp> {
  running = await bootstrap({
    quiet: true,
    env: {
      COLLECTOR_HOST: '127.0.0.1',
      COLLECTOR_PORT: '0',
      API_KEYS: `admin:admin:${ADMIN},zabbix:operator:${OPERATOR},prometheus:monitor:${MONITOR}`,
      RATE_LIMIT_PER_IP: String(PER_IP),
      AUDIT_LOG_FILE: join(dir, 'logs', 'security_audit.log'),
      KNOWN_HOSTS_FILE: join(dir, 'data', 'known_hosts'),
      // A key that wrongly may run tests reaches 192.0.2.1 (never routed): fail fast.
      SSH_TIMEOUT: '0.5',
      SSH_MAX_RETRIES: '0',
      SWAGGER_ENABLED: 'false',
      ...overrides,
    },
  });
  return running;
}

const statuses = (report: Report): Record<string, ControlStatus> =>
  Object.fromEntries(report.controls.map((control) => [control.id, control.status]));

describe('security:validate against the service', () => {
  it('passes every control of a well-configured instance and exits 0', async () => {
    const app = await boot();
    const auditLog = app.config.audit.file;
    const report = await runSecurityValidate({
      url: new URL(app.url),
      key: ADMIN,
      monitorKey: MONITOR,
      auditLog,
    });
    expect(statuses(report)).toEqual({
      reachable: 'pass',
      tls: 'pass',
      security_headers: 'pass',
      unauthenticated_rejected: 'pass',
      key_accepted: 'pass',
      monitor_cannot_test: 'pass',
      metrics_protected: 'pass',
      rate_limit: 'pass',
      audit_log: 'pass',
    });
    // Bounded: the limiter answered within the per-IP limit plus the margin.
    const sent = Number(
      /429 after (\d+) requests/.exec(
        report.controls.find((c) => c.id === 'rate_limit')?.detail ?? '',
      )?.[1],
    );
    expect(sent).toBeLessThanOrEqual(PER_IP + 10);
    expect(readFileSync(auditLog, 'utf8')).toContain('Authorization denied');
  });

  it('reports a missing monitor key as a warning, not a pass', async () => {
    const app = await boot();
    const { exitCode, output } = await securityValidateCli(
      ['--url', app.url, '--key', ADMIN, '--json'],
      dir,
    );
    const report = JSON.parse(output) as Report;
    expect(statuses(report).monitor_cannot_test).toBe('warn');
    expect(statuses(report).audit_log).toBe('warn');
    expect(exitCode).toBe(0);
  });

  it('fails when the key given as the monitor key may run tests', async () => {
    const app = await boot();
    const report = await runSecurityValidate({
      url: new URL(app.url),
      key: ADMIN,
      monitorKey: OPERATOR,
    });
    expect(report.controls.find((c) => c.id === 'monitor_cannot_test')).toMatchObject({
      status: 'fail',
    });
    expect(report.status).toBe('fail');
  });

  it('fails an instance with authentication off', async () => {
    const app = await boot({ ENABLE_AUTH: 'false' });
    const report = await runSecurityValidate({ url: new URL(app.url), key: ADMIN });
    expect(statuses(report).unauthenticated_rejected).toBe('fail');
  });

  it('fails an instance without rate limits after a bounded number of requests', async () => {
    const app = await boot({ RATE_LIMIT_ENABLED: 'false' });
    const report = await runSecurityValidate({
      url: new URL(app.url),
      key: ADMIN,
      monitorKey: MONITOR,
      rateLimit: PER_IP,
    });
    const control = report.controls.find((c) => c.id === 'rate_limit');
    expect(control).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^18 requests without a key, no 429/),
    });
  });

  it('fails when the audit log it is pointed at does not grow', async () => {
    const app = await boot();
    const elsewhere = join(dir, 'other.log');
    writeFileSync(elsewhere, '');
    const report = await runSecurityValidate({
      url: new URL(app.url),
      key: ADMIN,
      monitorKey: MONITOR,
      auditLog: elsewhere,
    });
    expect(statuses(report).audit_log).toBe('fail');
  });
});

(HAS_OPENSSL ? describe : describe.skip)('security:validate over TLS', () => {
  function certificate(): { cert: string; key: string } {
    const cert = join(dir, 'tls.crt');
    const key = join(dir, 'tls.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '90',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { cert, key };
  }

  it('passes a certificate the client trusts, with HSTS', async () => {
    const { cert, key } = certificate();
    const app = await boot({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    expect(app.url).toMatch(/^https:/);
    const report = await runSecurityValidate({
      url: new URL(app.url),
      key: ADMIN,
      monitorKey: MONITOR,
      ca: readFileSync(cert),
      auditLog: app.config.audit.file,
    });
    expect(report.controls.find((c) => c.id === 'tls')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^TLSv1\.[23]/),
    });
    expect(statuses(report).security_headers).toBe('pass');
    expect(report.status).toBe('pass');
  });

  it('fails a certificate the client does not trust, and still checks the rest', async () => {
    const { cert, key } = certificate();
    const app = await boot({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    const report = await runSecurityValidate({
      url: new URL(app.url),
      key: ADMIN,
      monitorKey: MONITOR,
    });
    expect(report.controls.find((c) => c.id === 'tls')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('SELF_SIGNED'),
    });
    expect(statuses(report).unauthenticated_rejected).toBe('pass');
  });
});

describe('security:validate against a careless server', () => {
  let server: Server;
  let url: string;

  beforeEach(async () => {
    // Answers 200 to everything: no auth, no limiter, no headers.
    server = createServer((_, res) => res.end('{}'));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((closed) => server.close(closed));
  });

  it('fails authentication, headers and the rate limit, and exits 1 naming them', async () => {
    const log = join(dir, 'audit.log');
    writeFileSync(log, '');
    const { exitCode, output } = await securityValidateCli(
      [
        '--url',
        url,
        '--key',
        'whatever',
        '--monitor-key',
        'monitor',
        '--audit-log',
        log,
        '--rate-limit',
        '5',
      ],
      dir,
    );
    expect(exitCode).toBe(1);
    for (const id of [
      'security_headers',
      'unauthenticated_rejected',
      'monitor_cannot_test',
      'rate_limit',
      'audit_log',
    ]) {
      expect(output).toMatch(new RegExp(`^  FAIL  ${id} `, 'm'));
    }
  });
});

describe('security:validate against nothing', () => {
  it('fails an address where nothing listens, and checks nothing else', async () => {
    const server = createServer();
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as AddressInfo;
    await new Promise((closed) => server.close(closed));
    const report = await runSecurityValidate({
      url: new URL(`http://127.0.0.1:${port}`),
      key: 'k',
      timeoutMs: 2000,
    });
    expect(report.controls).toEqual([expect.objectContaining({ id: 'reachable', status: 'fail' })]);
  });
});

describe('the security:validate command line', () => {
  it('refuses to run without a URL or a key, with exit code 2', async () => {
    expect((await securityValidateCli(['--key', 'k'], dir)).exitCode).toBe(2);
    expect((await securityValidateCli(['--url', 'http://127.0.0.1:1'], dir)).exitCode).toBe(2);
    expect((await securityValidateCli(['--url', 'ftp://x', '--key', 'k'], dir)).exitCode).toBe(2);
    expect((await securityValidateCli(['--help'], dir)).exitCode).toBe(0);
  });

  it('reads keys from files, so they stay out of the process list', async () => {
    const app = await boot();
    writeFileSync(join(dir, 'admin.key'), `${ADMIN}\n`);
    writeFileSync(join(dir, 'monitor.key'), MONITOR);
    const { output } = await securityValidateCli(
      ['--url', app.url, '--key-file', 'admin.key', '--monitor-key-file', 'monitor.key', '--json'],
      dir,
    );
    const report = JSON.parse(output) as Report;
    expect(statuses(report).key_accepted).toBe('pass');
    expect(statuses(report).monitor_cannot_test).toBe('pass');
  });
});
