import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { AuditSink } from '../audit/audit.sink';
import { AuthModule } from '../auth/auth.module';
import { ErrorFilter } from '../common/errors/error.filter';
import { requestIdMiddleware } from '../common/http/request-id';
import { AppConfigModule } from '../config/config.module';
import { loadConfiguration } from '../config/configuration';
import { ResultCacheOptions } from './cache.options';
import { ResultCacheModule } from './result-cache.module';
import { ResultCacheService } from './result-cache.service';
import { SHARED_REDIS_URL, someKey, testPrefix } from './testing/result-cache.testing';

class MemorySink extends AuditSink {
  readonly entries: Record<string, unknown>[] = [];
  write(entry: Record<string, unknown>): void {
    this.entries.push(entry);
  }
  async close(): Promise<void> {}
}

const KEYS = {
  monitor: 'monitor-secret-0123456',
  operator: 'operator-secret-012345',
  admin: 'admin-secret-0123456789',
};
const META = { test_type: 'ping', mikrotik_host: 'core-1', target: '8.8.8.8' };

describe('Cache endpoints', () => {
  let app: INestApplication;
  let sink: MemorySink;
  let cache: ResultCacheService;
  let prefix: string;
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}` });

  beforeAll(async () => {
    prefix = testPrefix();
    sink = new MemorySink();
    const config = loadConfiguration({
      API_KEYS: Object.entries(KEYS)
        .map(([role, secret]) => `${role}-key:${role}:${secret}`)
        .join(','),
      REDIS_URL: SHARED_REDIS_URL,
      RATE_LIMIT_ENABLED: 'false',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), AuthModule, ResultCacheModule],
    })
      .overrideProvider(AuditSink)
      .useValue(sink)
      .overrideProvider(ResultCacheOptions)
      .useValue(new ResultCacheOptions(prefix))
      .compile();
    moduleRef.useLogger(false);
    app = moduleRef.createNestApplication({ logger: false });
    app.use(requestIdMiddleware);
    app.useGlobalFilters(new ErrorFilter());
    await app.init();
    cache = app.get(ResultCacheService);
    const deadline = Date.now() + 5_000;
    while ((await cache.status()).redis !== 'connected' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  afterAll(async () => {
    await cache.clear();
    await app.close();
  });

  beforeEach(async () => {
    await cache.clear();
    sink.entries.length = 0;
  });

  it('reports the backend and counters to operators', async () => {
    const response = await request(app.getHttpServer())
      .get('/api/cache/status')
      .set(as('operator'))
      .expect(200);
    expect(response.body).toMatchObject({ backend: 'redis', redis: 'connected', entries: 0 });
    expect(response.body).toHaveProperty('hit_rate_percent');
    expect(response.body).toHaveProperty('coalesced');
  });

  it('is closed to monitors and anonymous callers, and clear-all to operators', async () => {
    const server = app.getHttpServer();
    await request(server).get('/api/cache/status').expect(401);
    await request(server).get('/api/cache').set(as('monitor')).expect(403);
    const denied = await request(server).delete('/api/cache').set(as('operator')).expect(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
  });

  it('lists entries and shows one with its value', async () => {
    const key = someKey();
    await cache.set(key, { results: { rtt_avg_ms: 9.2 } }, 30, META);
    const list = await request(app.getHttpServer())
      .get('/api/cache')
      .set(as('operator'))
      .expect(200);
    expect(list.body).toEqual({
      backend: 'redis',
      count: 1,
      entries: [{ key, ...META, age_seconds: 0, expires_in_seconds: 30 }],
    });
    const one = await request(app.getHttpServer())
      .get(`/api/cache/${key}`)
      .set(as('operator'))
      .expect(200);
    expect(one.body).toMatchObject({ key, value: { results: { rtt_avg_ms: 9.2 } } });
    expect(Date.parse(one.body.measured_at)).toBeGreaterThan(Date.now() - 5_000);
  });

  it('answers 404 for a key it does not hold and 400 for anything that is not a key', async () => {
    const server = app.getHttpServer();
    const missing = await request(server)
      .get(`/api/cache/${someKey()}`)
      .set(as('operator'))
      .expect(404);
    expect(missing.body).toMatchObject({
      status: 'error',
      error: { code: 'NOT_FOUND', category: 'routing' },
    });
    for (const bad of [
      'ping_*',
      'ping_ABCDEF0123456789abcdef0123456789',
      'dns_0123456789abcdef0123456789abcdef',
      'ping_0123',
    ]) {
      const response = await request(server)
        .get(`/api/cache/${encodeURIComponent(bad)}`)
        .set(as('operator'))
        .expect(400);
      expect(response.body.error.code).toBe('INVALID_REQUEST');
    }
  });

  it('deletes one entry on the audit trail, then answers 404 for it', async () => {
    const key = someKey();
    await cache.set(key, 'v', 30, META);
    const server = app.getHttpServer();
    const deleted = await request(server)
      .delete(`/api/cache/${key}`)
      .set(as('operator'))
      .expect(200);
    expect(deleted.body).toEqual({ status: 'deleted', key });
    await request(server).delete(`/api/cache/${key}`).set(as('operator')).expect(404);
    const audited = sink.entries.filter((entry) => entry.event_type === 'cache_cleared');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ key, scope: 'entry', key_id: 'operator-key' });
    expect(String(audited[0].message)).toMatch(/^Cache cleared/);
  });

  it('clears everything of this service for admins, audited, and leaves other keys alone', async () => {
    await cache.set(someKey(), 1, 30, META);
    await cache.set(someKey('traceroute'), 2, 300, META);
    const raw = new Redis(SHARED_REDIS_URL);
    const foreign = `${prefix}history:keep-me`;
    try {
      await raw.set(foreign, 'x', 'EX', 60);
      const cleared = await request(app.getHttpServer())
        .delete('/api/cache')
        .set(as('admin'))
        .expect(200);
      expect(cleared.body).toEqual({ status: 'cleared', removed: 2 });
      expect(await raw.exists(foreign)).toBe(1);
    } finally {
      await raw.del(foreign);
      raw.disconnect();
    }
    expect(sink.entries.find((entry) => entry.event_type === 'cache_cleared')).toMatchObject({
      scope: 'all',
      removed: 2,
      key_id: 'admin-key',
      message: 'Cache cleared: 2 entries',
    });
  });
});
