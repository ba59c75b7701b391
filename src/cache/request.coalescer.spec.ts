import { Redis } from 'ioredis';
import { DomainError } from '../common/errors/domain.error';
import {
  type CacheHarness,
  cacheHarness,
  type CacheHarnessOptions,
  connected,
  SHARED_REDIS_URL,
  someKey,
  testPrefix,
} from './testing/result-cache.testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in for the router: counts executions and takes a while, like a real ping. */
function slowDevice(ms = 200) {
  const device = {
    runs: 0,
    run: async () => {
      device.runs += 1;
      await sleep(ms);
      return { measured: device.runs };
    },
  };
  return device;
}

describe('RequestCoalescer', () => {
  const harnesses: CacheHarness[] = [];
  async function make(options: CacheHarnessOptions = {}): Promise<CacheHarness> {
    const harness = cacheHarness(options);
    harnesses.push(harness);
    if (options.redisUrl !== undefined) await connected(harness.redis);
    return harness;
  }

  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  });

  it.each([
    ['without Redis', undefined],
    ['on Redis', SHARED_REDIS_URL],
  ])(
    'runs 200 concurrent identical requests once in one process (%s)',
    async (_label, redisUrl) => {
      const { cache } = await make({ redisUrl });
      const device = slowDevice();
      const key = someKey();
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => cache.coalesce(key, device.run)),
      );
      expect(device.runs).toBe(1);
      expect(answers.filter((answer) => !answer.shared)).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.value.measured))).toEqual(new Set([1]));
      expect(cache.counters().coalesced).toBe(199);
    },
  );

  it('runs 200 concurrent identical requests once across two replicas sharing one Redis', async () => {
    const prefix = testPrefix();
    const [one, two] = await Promise.all([
      make({ redisUrl: SHARED_REDIS_URL, prefix }),
      make({ redisUrl: SHARED_REDIS_URL, prefix }),
    ]);
    const device = slowDevice(300);
    const key = someKey();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? one : two).cache.coalesce(key, device.run),
      ),
    );
    expect(device.runs).toBe(1);
    expect(answers.every((answer) => answer.value.measured === 1)).toBe(true);
    expect(one.cache.counters().coalesced + two.cache.counters().coalesced).toBe(199);
  });

  it('hands the result to the other replica by message as soon as it is ready, not at the next poll', async () => {
    const prefix = testPrefix();
    const slowPolls = { redisUrl: SHARED_REDIS_URL, prefix, pollMs: 5_000 };
    const [one, two] = await Promise.all([make(slowPolls), make(slowPolls)]);
    const device = slowDevice(200);
    const key = someKey();
    const first = one.cache.coalesce(key, device.run);
    await sleep(20);
    const started = Date.now();
    const second = await two.cache.coalesce(key, device.run);
    expect(second.shared).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    await first;
  });

  it('runs again once the first execution has finished', async () => {
    const { cache } = await make({ redisUrl: SHARED_REDIS_URL });
    const device = slowDevice(10);
    const key = someKey();
    await cache.coalesce(key, device.run);
    await cache.coalesce(key, device.run);
    expect(device.runs).toBe(2);
  });

  it("shares the holder's error with every waiter, in this process and on another replica", async () => {
    const prefix = testPrefix();
    const [one, two] = await Promise.all([
      make({ redisUrl: SHARED_REDIS_URL, prefix }),
      make({ redisUrl: SHARED_REDIS_URL, prefix }),
    ]);
    let runs = 0;
    const failing = async (): Promise<never> => {
      runs += 1;
      await sleep(200);
      throw new DomainError('TIMEOUT_ERROR', 'router did not answer', {
        details: { timeout_ms: 100 },
      });
    };
    const key = someKey();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i < 10 ? one : two).cache.coalesce(key, failing)),
    );
    expect(runs).toBe(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as DomainError;
      expect(reason).toBeInstanceOf(DomainError);
      expect(reason).toMatchObject({
        code: 'TIMEOUT_ERROR',
        message: 'router did not answer',
        details: { timeout_ms: 100 },
      });
    }
  });

  it('takes over when the holder on another replica dies without answering', async () => {
    const { cache, options } = await make({
      redisUrl: SHARED_REDIS_URL,
      lockLeaseMs: 400,
      pollMs: 50,
    });
    const key = someKey();
    const raw = new Redis(SHARED_REDIS_URL);
    try {
      // A replica that took the lock and crashed: its lease runs out and nobody renews it.
      await raw.set(options.lockKey(key), 'dead-replica', 'PX', 400);
      const device = slowDevice(10);
      const started = Date.now();
      const answer = await cache.coalesce(key, device.run);
      expect(answer).toEqual({ value: { measured: 1 }, shared: false });
      expect(device.runs).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      raw.disconnect();
    }
  });

  it('waits no longer than COALESCE_WAIT for a holder that never finishes', async () => {
    const { cache, options } = await make({
      redisUrl: SHARED_REDIS_URL,
      coalesceWaitMs: 500,
      pollMs: 50,
    });
    const key = someKey();
    const raw = new Redis(SHARED_REDIS_URL);
    try {
      await raw.set(options.lockKey(key), 'stuck-replica', 'PX', 60_000);
      const device = slowDevice(10);
      const started = Date.now();
      await cache.coalesce(key, device.run);
      expect(device.runs).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      raw.disconnect();
    }
  });

  it('renews its lock while a long test runs, so no other replica starts the same test', async () => {
    const prefix = testPrefix();
    const one = await make({ redisUrl: SHARED_REDIS_URL, prefix, lockLeaseMs: 300, pollMs: 50 });
    const two = await make({ redisUrl: SHARED_REDIS_URL, prefix, lockLeaseMs: 300, pollMs: 50 });
    const device = slowDevice(1_000);
    const key = someKey();
    const first = one.cache.coalesce(key, device.run);
    await sleep(50);
    const [a, b] = await Promise.all([first, two.cache.coalesce(key, device.run)]);
    expect(device.runs).toBe(1);
    expect([a.shared, b.shared]).toEqual([false, true]);
  });

  it('still coalesces in process when the configured Redis is unreachable', async () => {
    const harness = cacheHarness({ redisUrl: 'redis://127.0.0.1:1' });
    harnesses.push(harness);
    const { cache, redis } = harness;
    expect(redis.status()).toBe('disconnected');
    const device = slowDevice(50);
    const key = someKey();
    const started = Date.now();
    await Promise.all(Array.from({ length: 50 }, () => cache.coalesce(key, device.run)));
    expect(device.runs).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
