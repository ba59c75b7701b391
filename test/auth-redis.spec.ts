import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { RateLimitStorage } from '../src/auth/rate-limit.storage';
import type { Env } from '../src/config/env.reader';
import { API_KEYS, type AuthApp, KEYS, startAuthApp } from './support/auth-app';
import { keyHeaders } from './support/route-table';

const REDIS_URL = 'redis://127.0.0.1:6379';
const from = (address: string) => ({ 'X-Forwarded-For': address });

/** Waits until the app's counters go to Redis (it connects in the background after start). */
async function sharedCounters(auth: AuthApp): Promise<void> {
  const storage = auth.app.get(RateLimitStorage);
  for (let i = 0; i < 100 && storage.backend !== 'redis'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(storage.backend).toBe('redis');
}

describe('rate limits shared through Redis by two app instances', () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  let prefix: string;
  let apps: AuthApp[] = [];

  async function twoInstances(env: Env): Promise<[AuthApp, AuthApp]> {
    const settings = { API_KEYS, REDIS_URL, ...env };
    apps = [await startAuthApp(settings, prefix), await startAuthApp(settings, prefix)];
    await Promise.all(apps.map(sharedCounters));
    return [apps[0], apps[1]];
  }

  beforeAll(() => redis.connect());
  beforeEach(() => (prefix = `test:auth:${randomUUID()}:`));
  afterEach(async () => {
    await Promise.all(apps.map((auth) => auth.app.close()));
    apps = [];
    // The storage wraps each key as `{<prefix>...}:hits` / `:blocked`.
    const keys = await redis.keys(`{${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.quit());

  it('count one key once across both, and the 429 can come from either', async () => {
    const [a, b] = await twoInstances({ RATE_LIMIT_PER_API_KEY: '6' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const target = i % 2 === 0 ? a : b;
      statuses.push(
        (await request(target.url).get('/t/monitor').set(keyHeaders(KEYS.operator))).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const remaining = await request(a.url)
      .get('/t/monitor')
      .set(keyHeaders(KEYS.monitor))
      .expect(200);
    expect(remaining.headers['x-ratelimit-remaining']).toBe('5');
    expect(await redis.keys(`{${prefix}api_key:ops:api_key}:hits`)).toHaveLength(1);
  });

  it('share an address block: failures on one instance lock the address out of the other', async () => {
    const [a, b] = await twoInstances({ RATE_LIMIT_PER_IP: '4' });
    for (let i = 0; i < 2; i += 1) {
      await request(a.url)
        .get('/t/monitor')
        .set(from('203.0.113.50'))
        .set(keyHeaders(KEYS.wrong))
        .expect(401);
      await request(b.url)
        .get('/t/monitor')
        .set(from('203.0.113.50'))
        .set(keyHeaders(KEYS.wrong))
        .expect(401);
    }
    const limited = await request(b.url)
      .get('/t/monitor')
      .set(from('203.0.113.50'))
      .set(keyHeaders(KEYS.wrong))
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    // The first miss on the other instance learns the shared block; from then on it refuses every key.
    await request(a.url).get('/t/monitor').set(from('203.0.113.50')).expect(429);
    await request(a.url)
      .get('/t/monitor')
      .set(from('203.0.113.50'))
      .set(keyHeaders(KEYS.monitor))
      .expect(429);
    await request(b.url)
      .get('/t/monitor')
      .set(from('203.0.113.50'))
      .set(keyHeaders(KEYS.monitor))
      .expect(429);
  });

  it('share the global ceiling', async () => {
    const [a, b] = await twoInstances({ RATE_LIMIT_GLOBAL: '3' });
    await request(a.url).get('/t/monitor').set(keyHeaders(KEYS.monitor)).expect(200);
    await request(b.url).get('/t/monitor').set(keyHeaders(KEYS.operator)).expect(200);
    await request(a.url).get('/t/monitor').set(keyHeaders(KEYS.admin)).expect(200);
    const limited = await request(b.url).get('/t/monitor').set(keyHeaders(KEYS.admin)).expect(429);
    expect(limited.body.details).toMatchObject({ scope: 'global' });
  });
});

describe('rate limits when Redis is down', () => {
  it('fall back to counting in memory rather than failing requests', async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    const auth = await startAuthApp({
      API_KEYS,
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_PER_API_KEY: '3',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push(
          (await request(auth.url).get('/t/monitor').set(keyHeaders(KEYS.monitor))).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(auth.app.get(RateLimitStorage).backend).toBe('memory');
    } finally {
      await auth.app.close();
    }
  });
});
