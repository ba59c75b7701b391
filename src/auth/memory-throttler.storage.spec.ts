import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('counts hits in a fixed window and says when it resets', async () => {
    const storage = new MemoryThrottlerStorage(100, clock);
    await storage.increment('k', 60_000, 3, 1, 'key');
    now += 20_000;
    const record = await storage.increment('k', 60_000, 3, 1, 'key');
    expect(record).toEqual({
      totalHits: 2,
      timeToExpire: 40,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('blocks once over the limit, for the block duration', async () => {
    const storage = new MemoryThrottlerStorage(100, clock);
    for (let i = 0; i < 2; i += 1) await storage.increment('ip', 60_000, 2, 60_000, 'ip');
    const over = await storage.increment('ip', 60_000, 2, 60_000, 'ip');
    expect(over).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 60 });
    now += 59_000;
    expect(await storage.increment('ip', 60_000, 2, 60_000, 'ip')).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 1,
    });
    now += 1_000;
    expect(await storage.increment('ip', 60_000, 2, 60_000, 'ip')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('starts a new window after the old one expires', async () => {
    const storage = new MemoryThrottlerStorage(100, clock);
    for (let i = 0; i < 5; i += 1) await storage.increment('k', 60_000, 10, 1, 'key');
    now += 60_000;
    expect(await storage.increment('k', 60_000, 10, 1, 'key')).toMatchObject({
      totalHits: 1,
      timeToExpire: 60,
    });
  });

  it('keeps counters of different throttlers apart', async () => {
    const storage = new MemoryThrottlerStorage(100, clock);
    await storage.increment('same', 60_000, 10, 1, 'a');
    expect(await storage.increment('same', 60_000, 10, 1, 'b')).toMatchObject({ totalHits: 1 });
  });

  it('never tracks more keys than its cap, dropping expired then oldest', async () => {
    const storage = new MemoryThrottlerStorage(3, clock);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await storage.increment(key, 60_000, 10, 1, 'ip');
    expect(storage.size).toBe(3);
    // The newest keys survive: 'e' still counts from its first hit.
    expect(await storage.increment('e', 60_000, 10, 1, 'ip')).toMatchObject({ totalHits: 2 });
  });
});
