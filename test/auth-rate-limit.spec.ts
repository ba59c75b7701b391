import request from 'supertest';
import { AuthEvents } from '../src/auth/auth.events';
import { KeyStore } from '../src/auth/key.store';
import type { Env } from '../src/config/env.reader';
import { API_KEYS, type AuthApp, KEYS, startAuthApp } from './support/auth-app';
import { keyHeaders } from './support/route-table';

// The HTTP boundary of the three limits (memory counters; Redis sharing is in auth-redis.spec.ts).
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

describe('rate limits', () => {
  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('count requests without a valid key per address, then answer 429 with Retry-After and X-RateLimit-*', async () => {
    const auth = await start({ API_KEYS, RATE_LIMIT_PER_IP: '3' });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await http(auth)
        .get('/t/monitor')
        .set(from('203.0.113.1'))
        .set(keyHeaders(KEYS.wrong))
        .expect(401);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await http(auth).get('/t/monitor').set(from('203.0.113.1')).expect(429);
    expect(limited.body.error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      category: 'rate_limit',
      retryable: true,
    });
    expect(limited.body.details).toMatchObject({ scope: 'ip', limit_per_minute: 3 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(limited.headers).toMatchObject({
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '0',
    });
    expect(Number(limited.headers['x-ratelimit-reset'])).toBe(
      Number(limited.headers['retry-after']),
    );

    // Blocked means blocked: the right key from that address gets 429 too, so a guess cannot be confirmed.
    await http(auth)
      .get('/t/monitor')
      .set(from('203.0.113.1'))
      .set(keyHeaders(KEYS.monitor))
      .expect(429);
    // Other addresses are untouched.
    await http(auth)
      .get('/t/monitor')
      .set(from('203.0.113.2'))
      .set(keyHeaders(KEYS.monitor))
      .expect(200);
    await http(auth).get('/t/monitor').set(from('203.0.113.2')).expect(401);
  });

  it('turn a thousand wrong keys from one address into 429s, without hashing them', async () => {
    const auth = await start({ API_KEYS });
    const identify = jest.spyOn(auth.app.get(KeyStore), 'identify');
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const res = await http(auth)
        .get('/t/monitor')
        .set(from('192.0.2.66'))
        .set(keyHeaders(`guess-${i}`));
      statuses.push(res.status);
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(100);
    expect(statuses.filter((status) => status === 429)).toHaveLength(900);
    // The 101st guess is hashed and counted (that is what tips the address over); none after it.
    expect(identify).toHaveBeenCalledTimes(101);
    expect(auth.app.get(AuthEvents).counters).toMatchObject({
      authenticationFailures: 101,
      rateLimitRejections: 900,
    });
    // One audit line for the flood, not nine hundred.
    expect(auth.audit.ofType('rate_limit_exceeded')).toEqual([
      expect.objectContaining({
        scope: 'ip',
        source_ip: '192.0.2.66',
        limit_per_minute: 100,
        message: 'Rate limit exceeded: ip limit of 100/min',
      }),
    ]);
  });

  it('group IPv6 clients by /64, so rotating addresses in one prefix does not escape the limit', async () => {
    const auth = await start({ API_KEYS, RATE_LIMIT_PER_IP: '2' });
    await http(auth).get('/t/monitor').set(from('2001:db8:1:1::1')).expect(401);
    await http(auth).get('/t/monitor').set(from('2001:db8:1:1::2')).expect(401);
    await http(auth).get('/t/monitor').set(from('2001:db8:1:1:ffff::3')).expect(429);
    await http(auth).get('/t/monitor').set(from('2001:db8:1:2::1')).expect(401);
  });

  it('do not charge requests with a valid key to their address', async () => {
    const auth = await start({ API_KEYS, RATE_LIMIT_PER_IP: '2' });
    for (let i = 0; i < 5; i += 1) {
      await http(auth)
        .get('/t/monitor')
        .set(from('203.0.113.9'))
        .set(keyHeaders(KEYS.monitor))
        .expect(200);
    }
    await http(auth).get('/t/monitor').set(from('203.0.113.9')).expect(401);
  });

  it('limit each key, wherever it comes from, and leave other keys alone', async () => {
    const auth = await start({ API_KEYS, RATE_LIMIT_PER_API_KEY: '5' });
    const remaining: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await http(auth)
        .get('/t/monitor')
        .set(from(`198.51.100.${i}`))
        .set(keyHeaders(KEYS.operator))
        .expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await http(auth).get('/t/monitor').set(keyHeaders(KEYS.operator)).expect(429);
    expect(limited.body.details).toMatchObject({ scope: 'api_key', limit_per_minute: 5 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(auth.audit.ofType('rate_limit_exceeded')).toEqual([
      expect.objectContaining({ scope: 'api_key', key_id: 'ops' }),
    ]);
    await http(auth).get('/t/monitor').set(keyHeaders(KEYS.monitor)).expect(200);
  });

  it('stop everyone at the global ceiling, and report the tighter limit in the headers', async () => {
    const auth = await start({ API_KEYS, RATE_LIMIT_GLOBAL: '4', RATE_LIMIT_PER_API_KEY: '100' });
    const first = await http(auth).get('/t/monitor').set(keyHeaders(KEYS.monitor)).expect(200);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '4', 'x-ratelimit-remaining': '3' });
    await http(auth).get('/t/monitor').set(keyHeaders(KEYS.monitor)).expect(200);
    await http(auth).get('/t/monitor').set(keyHeaders(KEYS.operator)).expect(200);
    await http(auth).get('/t/monitor').set(keyHeaders(KEYS.admin)).expect(200);
    const limited = await http(auth).get('/t/monitor').set(keyHeaders(KEYS.admin)).expect(429);
    expect(limited.body.details).toMatchObject({ scope: 'global' });
  });

  it('leave public routes unlimited and unlabelled', async () => {
    const auth = await start({ API_KEYS, RATE_LIMIT_PER_IP: '1' });
    for (let i = 0; i < 3; i += 1) {
      const res = await http(auth).get('/t/public').expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('are off with RATE_LIMIT_ENABLED=false', async () => {
    const auth = await start({
      API_KEYS,
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_PER_API_KEY: '1',
    });
    for (let i = 0; i < 3; i += 1) {
      const res = await http(auth).get('/t/monitor').set(keyHeaders(KEYS.monitor)).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
