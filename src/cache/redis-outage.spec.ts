import { RedisServer, waitUntil } from './testing/redis-server';
import {
  type CacheHarness,
  cacheHarness,
  connected,
  someKey,
} from './testing/result-cache.testing';

const META = { test_type: 'ping', mikrotik_host: 'core-1', target: '8.8.8.8' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What ProbeService does per request: cache, else coalesce a (fake) router run and store it. */
async function answer(harness: CacheHarness, key: string): Promise<'hit' | 'measured'> {
  const hit = await harness.cache.get(key);
  if (hit !== undefined) return 'hit';
  await harness.cache.coalesce(key, async () => {
    await sleep(5);
    await harness.cache.set(key, { rtt: 1 }, 30, META);
    return { rtt: 1 };
  });
  return 'measured';
}

describe('A Redis that goes away and comes back', () => {
  let server: RedisServer;
  let harness: CacheHarness;

  beforeAll(async () => {
    server = await RedisServer.start();
    harness = cacheHarness({ redisUrl: server.url });
    await connected(harness.redis);
  });

  afterAll(async () => {
    await harness.close();
    await server.kill();
  });

  it('fails no request while killed and restarted under load, and the cache works again within 5 s', async () => {
    const keys = Array.from({ length: 20 }, () => someKey());
    let failures = 0;
    let answered = 0;
    let slowest = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const started = Date.now();
        try {
          await answer(harness, keys[Math.floor(Math.random() * keys.length)]);
          answered += 1;
        } catch {
          failures += 1;
        }
        slowest = Math.max(slowest, Date.now() - started);
        await sleep(1);
      }
    };
    const workers = Array.from({ length: 20 }, () => worker());

    await sleep(500);
    await server.kill();
    await waitUntil(() => harness.redis.status() === 'disconnected', 2_000);
    const answeredBeforeOutage = answered;
    await sleep(1_000);
    const answeredDuringOutage = answered - answeredBeforeOutage;

    await server.start();
    const restarted = Date.now();
    const probe = someKey();
    await waitUntil(async () => {
      await harness.cache.set(probe, 'back', 30, META);
      return (await harness.cache.get(probe)) !== undefined;
    }, 5_000);
    const recoveredMs = Date.now() - restarted;
    await sleep(300);
    running = false;
    await Promise.all(workers);

    expect(failures).toBe(0);
    expect(answeredDuringOutage).toBeGreaterThan(100);
    expect(recoveredMs).toBeLessThan(5_000);
    expect(slowest).toBeLessThan(1_500);
    expect(harness.redis.status()).toBe('connected');
    // Numbers for the closing note.
    process.stdout.write(
      `redis outage: ${answered} answers, ${answeredDuringOutage} while down, 0 failed, slowest ${slowest} ms, cache back ${recoveredMs} ms after restart\n`,
    );
  });

  it('costs one call about a second when Redis hangs, then nothing until it answers again', async () => {
    const key = someKey();
    await harness.cache.set(key, 'v', 30, META);
    server.freeze(true);
    try {
      const durations: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = Date.now();
        expect(await answer(harness, someKey())).toBe('measured');
        durations.push(Date.now() - started);
        await sleep(100);
      }
      // The first calls wait for the command timeout; once the socket is dropped, none do.
      expect(Math.max(...durations)).toBeLessThan(1_500);
      expect(durations.slice(-5).every((ms) => ms < 100)).toBe(true);
      process.stdout.write(`redis hung: call durations ${durations.join(' ')} ms\n`);
    } finally {
      server.freeze(false);
    }
    await waitUntil(async () => (await harness.cache.get(key)) !== undefined, 5_000);
  });

  it('answers at once, uncached, when Redis is down from the start', async () => {
    const down = cacheHarness({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const key = someKey();
      const started = Date.now();
      expect(await answer(down, key)).toBe('measured');
      expect(await answer(down, key)).toBe('measured');
      expect(await down.cache.getStale(key, 60)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(200);
      expect(await down.cache.status()).toMatchObject({
        backend: 'redis',
        redis: 'disconnected',
        entries: null,
      });
      await expect(down.cache.list()).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    } finally {
      await down.close();
    }
  });
});
