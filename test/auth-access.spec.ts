import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { AuthEvents } from '../src/auth/auth.events';
import { KeyStore } from '../src/auth/key.store';
import type { Env } from '../src/config/env.reader';
import { API_KEYS, type AuthApp, KEYS, startAuthApp } from './support/auth-app';
import {
  type Access,
  CALLERS,
  type Caller,
  expectedAccess,
  keyHeaders,
} from './support/route-table';

// The HTTP boundary of authentication, roles, scopes and their audit lines, with the real guard
// and error filter (rate limits: auth-rate-limit.spec.ts).
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const NO_LIMITS: Env = { API_KEYS, RATE_LIMIT_ENABLED: 'false' };

let current: AuthApp | undefined;
async function start(env: Env): Promise<AuthApp> {
  current = await startAuthApp(env);
  return current;
}
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const http = (auth: AuthApp) => request(auth.url);
const keyOf = (caller: Caller) => (caller === 'none' ? undefined : KEYS[caller]);

describe('access by role: every route x {no key, wrong key, monitor, operator, admin}', () => {
  const routes: { method: 'get' | 'post' | 'delete'; path: string; access: Access | 'nobody' }[] = [
    { method: 'get', path: '/t/public', access: 'public' },
    { method: 'get', path: '/t/monitor', access: 'monitor' },
    { method: 'post', path: '/t/operator', access: 'operator' },
    { method: 'delete', path: '/t/admin', access: 'admin' },
    { method: 'get', path: '/t/forgotten', access: 'nobody' },
  ];
  const cases = routes.flatMap((route) =>
    CALLERS.map((caller) => [route.method, route.path, caller, route.access] as const),
  );

  it.each(cases)('%s %s with %s', async (method, path, caller, access) => {
    const auth = await start(NO_LIMITS);
    const res = await http(auth)
      [method](path)
      .set(keyHeaders(keyOf(caller)))
      .send({ test_type: 'ping' });
    // A route with no access rule: authenticate as usual, then refuse every key.
    const expected =
      access === 'nobody'
        ? caller === 'none' || caller === 'wrong'
          ? 401
          : 403
        : expectedAccess(access, caller);
    if (expected === 'allowed') {
      expect(res.status).toBe(method === 'post' ? 201 : 200);
      return;
    }
    expect(res.status).toBe(expected);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { code: expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', retryable: false },
      request_id: res.headers['x-request-id'],
    });
    expect(JSON.stringify(res.body)).not.toContain(KEYS.wrong);
  });
});

describe('presenting a key', () => {
  it('works as Authorization: Bearer and as X-API-Key (any header case)', async () => {
    const auth = await start(NO_LIMITS);
    await http(auth).get('/t/monitor').set('Authorization', `Bearer ${KEYS.monitor}`).expect(200);
    await http(auth).get('/t/monitor').set('X-API-Key', KEYS.monitor).expect(200);
    await http(auth).get('/t/monitor').set('x-api-key', KEYS.monitor).expect(200);
  });

  it('refuses other schemes and empty keys', async () => {
    const auth = await start(NO_LIMITS);
    await http(auth).get('/t/monitor').set('Authorization', `Basic ${KEYS.monitor}`).expect(401);
    await http(auth).get('/t/monitor').set('Authorization', 'Bearer ').expect(401);
    await http(auth).get('/t/monitor').set('X-API-Key', '').expect(401);
  });

  it('tests one key per request: a wrong Bearer is not rescued by a right X-API-Key', async () => {
    const auth = await start(NO_LIMITS);
    const res = await http(auth)
      .get('/t/monitor')
      .set('Authorization', `Bearer ${KEYS.wrong}`)
      .set('X-API-Key', KEYS.monitor);
    expect(res.status).toBe(401);
  });

  it('answers 401 with a WWW-Authenticate challenge and says what to send', async () => {
    const auth = await start(NO_LIMITS);
    const res = await http(auth).get('/t/monitor').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(res.body.error.message).toContain('X-API-Key');
  });
});

describe('the audit trail', () => {
  it('records each attempt with key id or hash prefix, address and user agent, never the key', async () => {
    const auth = await start(NO_LIMITS);
    await http(auth)
      .get('/t/monitor')
      .set('User-Agent', 'zabbix/7.0')
      .set('X-Forwarded-For', '198.51.100.4')
      .set(keyHeaders(KEYS.monitor));
    await http(auth).get('/t/monitor').set(keyHeaders(KEYS.wrong));
    await http(auth).get('/t/monitor');

    expect(auth.audit.ofType('authentication_attempt')).toEqual([
      expect.objectContaining({
        success: true,
        key_id: 'mon',
        source_ip: '198.51.100.4',
        user_agent: 'zabbix/7.0',
        message: 'Authentication successful',
      }),
      expect.objectContaining({
        success: false,
        key_id: `${sha(KEYS.wrong).slice(0, 8)}...`,
        reason: 'invalid_key',
      }),
      expect.objectContaining({
        success: false,
        reason: 'missing_key',
        message: 'Authentication failed: no API key',
      }),
    ]);
    const all = JSON.stringify(auth.audit.entries);
    for (const secret of Object.values(KEYS)) expect(all).not.toContain(secret);
  });

  it("records a client's successful authentications once a minute, its failures every time", async () => {
    const auth = await start(NO_LIMITS);
    for (let i = 0; i < 3; i += 1) {
      await http(auth)
        .get('/t/monitor')
        .set('User-Agent', 'poller')
        .set(keyHeaders(KEYS.monitor))
        .expect(200);
      await http(auth)
        .get('/t/monitor')
        .set('User-Agent', 'poller')
        .set(keyHeaders(KEYS.wrong))
        .expect(401);
    }
    await http(auth)
      .get('/t/monitor')
      .set('User-Agent', 'other-tool')
      .set(keyHeaders(KEYS.monitor))
      .expect(200);
    const attempts = auth.audit.ofType('authentication_attempt');
    expect(attempts.filter((line) => line.success === true).map((line) => line.user_agent)).toEqual(
      ['poller', 'other-tool'],
    );
    expect(attempts.filter((line) => line.success === false)).toHaveLength(3);
  });

  it('records authorization_denied with the role held and the role needed', async () => {
    const auth = await start(NO_LIMITS);
    await http(auth).delete('/t/admin').set(keyHeaders(KEYS.operator)).expect(403);
    expect(auth.audit.ofType('authorization_denied')).toEqual([
      expect.objectContaining({
        key_id: 'ops',
        role: 'operator',
        required_role: 'admin',
        reason: 'role',
        path: '/t/admin',
      }),
    ]);
    expect(auth.app.get(AuthEvents).counters.authorizationDenials).toBe(1);
  });

  it('records invalid_api_request for a request the validation pipe or a service refuses', async () => {
    const auth = await start(NO_LIMITS);
    await http(auth)
      .post('/t/operator')
      .set(keyHeaders(KEYS.operator))
      .send({ test_type: 'nmap' })
      .expect(400);
    await http(auth)
      .post('/t/operator')
      .set(keyHeaders(KEYS.operator))
      .send({ test_type: 'ping', extra: 1 })
      .expect(400);
    await http(auth).get('/t/invalid').set(keyHeaders(KEYS.monitor)).expect(400);
    const lines = auth.audit.ofType('invalid_api_request');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ key_id: 'ops', path: '/t/operator', method: 'POST' });
    expect(String(lines[0].message)).toMatch(/^Invalid API request: /);
    expect(lines[2].message).toBe('Invalid API request: count must be 1-100');
  });
});

describe('routes without an access rule', () => {
  it('are named in a warning at start', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    await start(NO_LIMITS);
    const lines = warn.mock.calls
      .map(([message]) => String(message))
      .filter((line) => line.startsWith('Refused to every key'));
    expect(lines).toEqual([
      'Refused to every key, no @RequireRole or @Public: AccessController.forgotten',
    ]);
    warn.mockRestore();
  });
});

describe('configuration cases', () => {
  it('ENABLE_AUTH=false serves everyone as an anonymous admin, still limited per address', async () => {
    const auth = await start({ ENABLE_AUTH: 'false', RATE_LIMIT_PER_IP: '2' });
    await http(auth).delete('/t/admin').expect(200);
    await http(auth).get('/t/forgotten').expect(403);
    const limited = await http(auth).delete('/t/admin').expect(429);
    expect(limited.body.details).toMatchObject({ scope: 'ip' });
    expect(auth.notice.shown).toEqual([]);
    expect(auth.audit.ofType('authentication_attempt')).toEqual([]);
  });

  it('with no key configured, generates an admin key, shows it once, and accepts it', async () => {
    const auth = await start({ RATE_LIMIT_ENABLED: 'false' });
    const key = auth.app.get(KeyStore).generatedKey;
    expect(auth.notice.shown).toEqual([key]);
    await http(auth).delete('/t/admin').set(keyHeaders(key, 'x-api-key')).expect(200);
    await http(auth).delete('/t/admin').set(keyHeaders(KEYS.admin)).expect(401);
  });

  it('accepts the legacy API_KEY as admin', async () => {
    const auth = await start({ API_KEY: 'legacy-key', RATE_LIMIT_ENABLED: 'false' });
    await http(auth).delete('/t/admin').set(keyHeaders('legacy-key')).expect(200);
    expect(auth.notice.shown).toEqual([]);
  });

  it.each([
    ['false', 401],
    ['true', 200],
  ])(
    '@PublicWhen opens /metrics-like routes only when the setting says so (METRICS_PUBLIC=%s)',
    async (flag, status) => {
      const auth = await start({ ...NO_LIMITS, METRICS_PUBLIC: flag });
      await http(auth).get('/t/metrics').expect(status);
      await http(auth).get('/t/metrics').set(keyHeaders(KEYS.monitor)).expect(200);
    },
  );
});

describe('key scopes from API_KEYS_FILE', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sentinel-scopes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function scoped(): Promise<AuthApp> {
    const file = join(dir, 'keys.yml');
    writeFileSync(
      file,
      `- id: branch\n  role: operator\n  sha256: ${sha('branch-key-000000000000')}\n  devices: ["edge-*"]\n  targets: ["192.0.2.0/24", "2001:db8::/48"]\n`,
    );
    return start({ ...NO_LIMITS, API_KEYS_FILE: file });
  }

  it('let a scoped key reach what is inside its scopes', async () => {
    const auth = await scoped();
    const headers = keyHeaders('branch-key-000000000000');
    await http(auth)
      .post('/t/scoped')
      .set(headers)
      .send({ device: 'edge-7', target: '192.0.2.10' })
      .expect(201);
    await http(auth)
      .post('/t/scoped')
      .set(headers)
      .send({ device: 'edge-7', target: '2001:db8:0:1::1' })
      .expect(201);
  });

  it.each([
    ['a device', { device: 'core-1', target: '192.0.2.10' }],
    ['an IPv4 target', { device: 'edge-7', target: '198.51.100.1' }],
    ['an IPv6 target', { device: 'edge-7', target: '2001:db8:1::1' }],
  ])('refuse %s outside them with 403, audited', async (_label, body) => {
    const auth = await scoped();
    const res = await http(auth)
      .post('/t/scoped')
      .set(keyHeaders('branch-key-000000000000'))
      .send(body)
      .expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(auth.audit.ofType('authorization_denied')).toEqual([
      expect.objectContaining({ key_id: 'branch', reason: 'scope' }),
    ]);
  });

  it('reload the file on demand (SIGHUP) without a restart', async () => {
    const auth = await scoped();
    writeFileSync(
      join(dir, 'keys.yml'),
      `- { id: fresh, role: admin, sha256: ${sha('fresh-key-0000000000000')} }\n`,
    );
    expect(auth.app.get(KeyStore).reload()).toBe(true);
    await http(auth).delete('/t/admin').set(keyHeaders('fresh-key-0000000000000')).expect(200);
    await http(auth).delete('/t/admin').set(keyHeaders('branch-key-000000000000')).expect(401);
  });
});
