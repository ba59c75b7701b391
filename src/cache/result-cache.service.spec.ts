import { Redis } from 'ioredis';
import { AuthConfig } from '../config/configuration';
import type { InventoryService } from '../inventory/inventory.service';
import { cacheKey } from '../probe/cache.key';
import { DeviceResolver } from '../probe/device.resolver';
import { TestParametersDto } from '../probe/dto/test-parameters.dto';
import { planTest } from '../probe/test.plan';
import {
  type CacheHarness,
  cacheHarness,
  type CacheHarnessOptions,
  connected,
  SHARED_REDIS_URL,
  someKey,
} from './testing/result-cache.testing';

const META = { test_type: 'ping', mikrotik_host: 'core-1', target: '8.8.8.8' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['memory', undefined],
  ['redis', SHARED_REDIS_URL],
])('ResultCacheService on %s', (_backend, redisUrl) => {
  const harnesses: CacheHarness[] = [];
  async function make(options: CacheHarnessOptions = {}): Promise<CacheHarness> {
    const harness = cacheHarness({ redisUrl, ...options });
    harnesses.push(harness);
    if (redisUrl !== undefined) await connected(harness.redis);
    return harness;
  }

  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  });

  it('misses, then hits with the time left as ttl, and counts both', async () => {
    const { cache } = await make();
    const key = someKey();
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, { rtt: 9.2 }, 30, META);
    const hit = await cache.get<{ rtt: number }>(key);
    expect(hit?.value).toEqual({ rtt: 9.2 });
    expect(hit?.ttlSeconds).toBe(30);
    expect(Date.now() - (hit?.measuredAt ?? 0)).toBeLessThan(1_000);
    const status = await cache.status();
    expect(status).toMatchObject({
      hits: 1,
      misses: 1,
      hit_rate_percent: 50,
      entries: 1,
      coalesced: 0,
    });
    expect(status.backend).toBe(redisUrl === undefined ? 'memory' : 'redis');
  });

  it('expires an entry after its ttl', async () => {
    const { cache } = await make();
    const key = someKey();
    await cache.set(key, 'v', 1, META);
    expect(await cache.get(key)).toBeDefined();
    await sleep(1_100);
    expect(await cache.get(key)).toBeUndefined();
  });

  it('does not cache with a ttl of 0 but still keeps the last good copy', async () => {
    const { cache } = await make();
    const key = someKey();
    await cache.set(key, 'v', 0, META);
    expect(await cache.get(key)).toBeUndefined();
    expect((await cache.getStale(key, 60))?.value).toBe('v');
  });

  it('answers the last good value after the fresh entry expired, up to the asked maximum age', async () => {
    const { cache } = await make();
    const key = someKey();
    await cache.set(key, 'last good', 1, META);
    await sleep(1_100);
    expect(await cache.get(key)).toBeUndefined();
    const stale = await cache.getStale<string>(key, 60);
    expect(stale).toMatchObject({ value: 'last good', ttlSeconds: 0 });
    expect(await cache.getStale(key, 1)).toBeUndefined();
    expect(await cache.getStale(someKey(), 60)).toBeUndefined();
  });

  it('keeps no last good copy when STALE_MAX_AGE is 0', async () => {
    const { cache } = await make({ staleMaxAgeSeconds: 0 });
    const key = someKey();
    await cache.set(key, 'v', 30, META);
    expect(await cache.getStale(key, 3600)).toBeUndefined();
  });

  it('never answers a caller with other credentials from an entry made with the right ones', async () => {
    const { cache } = await make();
    const resolver = new DeviceResolver(
      { find: () => undefined } as Pick<InventoryService, 'find'> as InventoryService,
      new AuthConfig(true, [], undefined, undefined, true),
    );
    const plan = planTest(
      Object.assign(new TestParametersDto(), { test_type: 'ping', target: '8.8.8.8' }),
    );
    const access = { mikrotik_host: '10.0.0.1', mikrotik_user: 'monitor' };
    const right = cacheKey(resolver.resolve({ ...access, mikrotik_password: 'right' }), plan);
    const wrong = cacheKey(resolver.resolve({ ...access, mikrotik_password: 'wrong' }), plan);
    await cache.set(right, 'measured with the right password', 30, META);
    expect(wrong).toMatch(/^ping_[0-9a-f]{32}$/);
    expect(await cache.get(wrong)).toBeUndefined();
    expect(await cache.getStale(wrong, 3600)).toBeUndefined();
    expect((await cache.get(right))?.value).toBe('measured with the right password');
  });

  it('lists, shows, removes and clears entries', async () => {
    const { cache } = await make();
    const [a, b] = [someKey('ping'), someKey('traceroute')];
    await cache.set(a, { n: 1 }, 30, META);
    await cache.set(b, { n: 2 }, 300, { ...META, test_type: 'traceroute' });
    const listed = await cache.list();
    expect(listed.map((row) => row.key).sort()).toEqual([a, b].sort());
    expect(listed.find((row) => row.key === b)).toMatchObject({
      test_type: 'traceroute',
      mikrotik_host: 'core-1',
      target: '8.8.8.8',
      age_seconds: 0,
      expires_in_seconds: 300,
    });
    expect(await cache.entry(a)).toMatchObject({ key: a, value: { n: 1 } });
    await cache.remove(a);
    await expect(cache.entry(a)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cache.remove(a)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await cache.getStale(a, 3600)).toBeUndefined();
    expect(await cache.clear()).toBe(1);
    expect(await cache.list()).toEqual([]);
    expect(await cache.getStale(b, 3600)).toBeUndefined();
  });

  if (redisUrl === undefined) {
    it('counts LRU evictions once MAX_CACHE_SIZE is reached', async () => {
      const { cache } = await make({ maxEntries: 5 });
      for (let i = 0; i < 8; i += 1) await cache.set(someKey(), i, 30, META);
      expect(await cache.status()).toMatchObject({ entries: 5, evictions: 3 });
    });
  } else {
    it('shares entries between replicas on one Redis and clears only its own keys', async () => {
      const first = await make();
      const second = await make({ prefix: first.options.prefix });
      const key = someKey();
      await first.cache.set(key, 'shared', 30, META);
      expect((await second.cache.get(key))?.value).toBe('shared');

      const raw = new Redis(SHARED_REDIS_URL);
      const foreign = [
        `${first.options.prefix}ratelimit:x`,
        `other-app:${first.options.prefix}cache:${key}`,
      ];
      try {
        for (const name of foreign) await raw.set(name, 'keep', 'EX', 60);
        expect(await raw.exists(`${first.options.prefix}cache:${key}`)).toBe(1);
        expect(await second.cache.clear()).toBe(1);
        expect(await first.cache.get(key)).toBeUndefined();
        expect(await raw.exists(...foreign)).toBe(2);
      } finally {
        await raw.del(...foreign);
        raw.disconnect();
      }
      expect((await first.cache.status()).evictions).toBeNull();
    });
  }
});
