import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCheckCli, runSecurityCheck } from '../src/security/check.runner';
import type { ControlStatus, Report } from '../src/security/control.report';

// `npm run security:check` against configurations written to a temporary directory: a good one
// passes every control, and each flaw of a bad one is named by the control it breaks.

const ROOT = join(__dirname, '..');
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

let dir: string;
let goodEnv: Record<string, string>;

function write(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

/** A host key fingerprint as `ssh-keygen -lf` prints it. */
const fingerprint = (): string =>
  `SHA256:${createHash('sha256').update(randomBytes(32)).digest('base64').replace(/=+$/, '')}`;

function selfSignedCertificate(days: number): { cert: string; key: string } {
  const cert = join(dir, `tls-${days}.crt`);
  const key = join(dir, `tls-${days}.key`);
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
      String(days),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  chmodSync(key, 0o600);
  return { cert, key };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sentinel-check-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'logs'));
  const privateKey = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const keyFile = write('core-2.key', privateKey);
  write(
    'devices.yml',
    [
      'devices:',
      '  - name: core-1',
      '    host: 10.0.0.1',
      '    username: sentinel-monitor',
      '    password_env: CORE1_PASSWORD',
      `    host_key_sha256: "${fingerprint()}"`,
      '  - name: core-2',
      '    host: 10.0.0.2',
      '    username: sentinel-monitor',
      `    private_key_file: ${keyFile}`,
      `    host_key_sha256: "${fingerprint()}"`,
      '',
    ].join('\n'),
  );
  write(
    'api-keys.yml',
    `- id: grafana\n  role: monitor\n  sha256: ${createHash('sha256').update(hex(32)).digest('hex')}\n`,
  );
  write(
    '.env',
    `API_KEYS=zabbix:operator:${hex(32)},prometheus:monitor:${hex(32)}\nREDIS_URL=redis://:${hex(32)}@127.0.0.1:6379/0\n`,
  );
  goodEnv = {
    ENABLE_AUTH: 'true',
    API_KEYS_FILE: join(dir, 'api-keys.yml'),
    TRUST_PROXY: 'true',
    ALLOW_REQUEST_CREDENTIALS: 'false',
    DEVICES_FILE: join(dir, 'devices.yml'),
    CORE1_PASSWORD: hex(16),
    STRICT_HOST_KEY_CHECKING: 'yes',
    KNOWN_HOSTS_FILE: join(dir, 'data', 'known_hosts'),
    AUDIT_LOG_FILE: join(dir, 'logs', 'security_audit.log'),
    SYSLOG_HOST: '127.0.0.1',
  };
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const check = (
  env: Record<string, string>,
  envFile: string | undefined = join(dir, '.env'),
): Report => runSecurityCheck({ env, envFile });
const statusOf = (report: Report, id: string): ControlStatus | undefined =>
  report.controls.find((control) => control.id === id)?.status;

describe('security:check on a good configuration', () => {
  it('passes every control and exits 0', () => {
    const { exitCode, output } = securityCheckCli(['--json', '--env-file', '.env'], goodEnv, dir);
    const report = JSON.parse(output) as Report;
    expect(report.controls.filter((control) => control.status !== 'pass')).toEqual([]);
    expect(report.controls.map((control) => control.id)).toEqual([
      'configuration',
      'authentication',
      'key_strength',
      'redis_password',
      'file_permissions',
      'tls',
      'request_credentials',
      'host_keys',
      'audit_log',
      'audit_forwarding',
      'rate_limits',
      'metrics_access',
    ]);
    expect(exitCode).toBe(0);
  });

  it('reads ./.env from the working directory unless told not to', () => {
    const withFile = JSON.parse(securityCheckCli(['--json'], goodEnv, dir).output) as Report;
    expect(withFile.subject).toContain(join(dir, '.env'));
    const without = JSON.parse(
      securityCheckCli(['--json', '--no-env-file'], goodEnv, dir).output,
    ) as Report;
    // Without the file there are no API_KEYS and no Redis.
    expect(statusOf(without, 'redis_password')).toBe('pass');
    expect(without.controls.find((c) => c.id === 'redis_password')?.detail).toMatch(/no Redis/);
  });

  it('counts keys stored as hashes without judging them', () => {
    const control = check(goodEnv).controls.find((c) => c.id === 'key_strength');
    expect(control?.detail).toMatch(/1 key\(s\) in API_KEYS_FILE .* cannot be judged/);
  });

  it('never prints a secret', () => {
    const { output } = securityCheckCli(
      ['--json'],
      { ...goodEnv, API_KEY: 'legacy-admin-secret-7' },
      dir,
    );
    expect(output).not.toContain('legacy-admin-secret-7');
    expect(output).not.toContain(goodEnv.CORE1_PASSWORD);
  });
});

describe('security:check on a bad configuration', () => {
  it.each<[string, string, (env: Record<string, string>) => void]>([
    ['authentication', 'ENABLE_AUTH=false', (env) => (env.ENABLE_AUTH = 'false')],
    [
      'key_strength',
      'a guessable key',
      (env) => (env.API_KEYS = 'zabbix:operator:zabbix-secret-2024'),
    ],
    [
      'key_strength',
      'a legacy key left as a placeholder',
      (env) => (env.API_KEY = 'change-me-please-now'),
    ],
    [
      'redis_password',
      'Redis without a password',
      (env) => (env.REDIS_URL = 'redis://127.0.0.1:6379/0'),
    ],
    [
      'redis_password',
      'a short Redis password',
      (env) => {
        env.REDIS_HOST = 'redis';
        env.REDIS_URL = '';
        env.REDIS_PASSWORD = 'redis123';
      },
    ],
    [
      'file_permissions',
      'a world-readable inventory',
      () => chmodSync(join(dir, 'devices.yml'), 0o644),
    ],
    [
      'file_permissions',
      'a world-readable SSH private key',
      () => chmodSync(join(dir, 'core-2.key'), 0o604),
    ],
    [
      'file_permissions',
      'a group-writable keys file',
      () => chmodSync(join(dir, 'api-keys.yml'), 0o660),
    ],
    ['host_keys', 'host keys not verified', (env) => (env.STRICT_HOST_KEY_CHECKING = 'no')],
    [
      'audit_log',
      'an audit log that cannot be written',
      (env) => (env.AUDIT_LOG_FILE = join(dir, 'devices.yml', 'audit.log')),
    ],
    ['rate_limits', 'rate limits off', (env) => (env.RATE_LIMIT_ENABLED = 'false')],
    ['configuration', 'a setting the service refuses', (env) => (env.COLLECTOR_PORT = 'http')],
    [
      'configuration',
      'an API_KEYS entry with an unknown role',
      (env) => (env.API_KEYS = `zabbix:root:${hex(32)}`),
    ],
    [
      'configuration',
      'an inventory password variable that is not set',
      (env) => delete env.CORE1_PASSWORD,
    ],
  ])('fails %s for %s, and exits 1 naming it', (id, _, spoil) => {
    const env = { ...goodEnv };
    spoil(env);
    const report = check(env);
    expect(
      report.controls.filter((control) => control.status === 'fail').map((control) => control.id),
    ).toEqual([id]);
    const { exitCode, output } = securityCheckCli([], env, dir);
    expect(exitCode).toBe(1);
    expect(output).toMatch(new RegExp(`^  FAIL  ${id} `, 'm'));
  });

  it('names the .env file when it is readable by others', () => {
    chmodSync(join(dir, '.env'), 0o644);
    const control = check(goodEnv).controls.find((c) => c.id === 'file_permissions');
    expect(control).toMatchObject({ status: 'fail', detail: expect.stringContaining('.env') });
  });
});

describe('security:check warnings', () => {
  it.each<[string, string, (env: Record<string, string>) => void]>([
    [
      'request_credentials',
      'router credentials accepted in requests',
      (env) => (env.ALLOW_REQUEST_CREDENTIALS = 'true'),
    ],
    [
      'host_keys',
      'trust on first use for an unpinned device',
      (env) => {
        env.STRICT_HOST_KEY_CHECKING = 'accept-new';
        writeFileSync(
          env.DEVICES_FILE,
          'devices:\n  - name: edge-1\n    host: 10.0.0.9\n    username: m\n    password_env: CORE1_PASSWORD\n',
        );
      },
    ],
    ['tls', 'plain HTTP on every interface', (env) => (env.TRUST_PROXY = 'false')],
    [
      'redis_password',
      'a Redis password under 32 characters',
      (env) => (env.REDIS_URL = `redis://:${hex(10)}@redis:6379/0`),
    ],
    [
      'file_permissions',
      'a group-readable inventory (a Kubernetes Secret with fsGroup)',
      () => chmodSync(join(dir, 'devices.yml'), 0o640),
    ],
    ['audit_forwarding', 'no syslog', (env) => delete env.SYSLOG_HOST],
    ['metrics_access', 'public metrics', (env) => (env.METRICS_PUBLIC = 'true')],
    [
      'key_strength',
      'no key at all',
      (env) => {
        delete env.API_KEYS_FILE;
        env.API_KEYS = '';
        env.REDIS_URL = '';
      },
    ],
  ])('warns on %s for %s but still exits 0', (id, _, spoil) => {
    const env = { ...goodEnv };
    spoil(env);
    const withoutFile = id === 'key_strength';
    const report = check(env, withoutFile ? undefined : join(dir, '.env'));
    expect(
      report.controls.filter((control) => control.status !== 'pass').map((control) => control.id),
    ).toEqual([id]);
    expect(statusOf(report, id)).toBe('warn');
    expect(securityCheckCli(withoutFile ? ['--no-env-file'] : [], env, dir).exitCode).toBe(0);
  });

  it('passes accept-new when every inventory device is pinned', () => {
    expect(
      statusOf(check({ ...goodEnv, STRICT_HOST_KEY_CHECKING: 'accept-new' }), 'host_keys'),
    ).toBe('pass');
  });

  it('counts a pin learnt into KNOWN_HOSTS_FILE as pinned', () => {
    const env: Record<string, string> = { ...goodEnv, STRICT_HOST_KEY_CHECKING: 'accept-new' };
    writeFileSync(
      env.DEVICES_FILE,
      'devices:\n  - name: edge-1\n    host: 10.0.0.9\n    username: m\n    password_env: CORE1_PASSWORD\n',
    );
    writeFileSync(env.KNOWN_HOSTS_FILE, `[10.0.0.9]:22 ssh-fingerprint ${fingerprint()}\n`, {
      mode: 0o600,
    });
    expect(statusOf(check(env), 'host_keys')).toBe('pass');
  });
});

(HAS_OPENSSL ? describe : describe.skip)('security:check with TLS served by the collector', () => {
  it('passes a certificate with months left and warns about one expiring within 30 days', () => {
    const good = selfSignedCertificate(365);
    const fresh = check({
      ...goodEnv,
      TRUST_PROXY: 'false',
      TLS_CERT_FILE: good.cert,
      TLS_KEY_FILE: good.key,
    });
    expect(statusOf(fresh, 'tls')).toBe('pass');
    const soon = selfSignedCertificate(10);
    const expiring = check({
      ...goodEnv,
      TRUST_PROXY: 'false',
      TLS_CERT_FILE: soon.cert,
      TLS_KEY_FILE: soon.key,
    });
    expect(statusOf(expiring, 'tls')).toBe('warn');
  });

  it('fails a TLS key file others can read', () => {
    const { cert, key } = selfSignedCertificate(365);
    chmodSync(key, 0o644);
    const report = check({ ...goodEnv, TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    expect(report.controls.find((c) => c.id === 'file_permissions')?.detail).toContain(
      'TLS_KEY_FILE',
    );
    expect(statusOf(report, 'file_permissions')).toBe('fail');
  });
});

describe('the security:check command line', () => {
  it('prints usage for --help and refuses unknown options with exit code 2', () => {
    expect(securityCheckCli(['--help'], {}, dir)).toMatchObject({
      exitCode: 0,
      output: expect.stringContaining('Usage'),
    });
    expect(securityCheckCli(['--frobnicate'], {}, dir).exitCode).toBe(2);
    expect(securityCheckCli(['--env-file', 'nope.env'], {}, dir).exitCode).toBe(2);
  });

  it('runs compiled, as npm run security:check does, and exits with the verdict', () => {
    const outDir = join(ROOT, 'test-output', 'security-cli');
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        'src/security/tsconfig.cli.json',
        '--outDir',
        outDir,
        '--tsBuildInfoFile',
        join(outDir, 'cli.tsbuildinfo'),
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const script = join(outDir, 'security', 'security-check.js');
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [script, '--json'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });
    const good = run(goodEnv);
    expect(good.status).toBe(0);
    expect((JSON.parse(good.stdout) as Report).status).toBe('pass');
    const bad = run({ ...goodEnv, ENABLE_AUTH: 'false' });
    expect(bad.status).toBe(1);
    expect(
      (JSON.parse(bad.stdout) as Report).controls.find((c) => c.id === 'authentication')?.status,
    ).toBe('fail');
  }, 120_000);
});
