import { MemoryLruStore } from './memory-lru.store';

describe('MemoryLruStore', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('holds at most maxEntries and counts each live entry it drops as an eviction', async () => {
    const store = new MemoryLruStore(3, clock);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await store.set(key, key, 60_000);
    expect(await store.count()).toBe(3);
    expect(store.evictions).toBe(2);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('e')).toBe('e');
  });

  it('drops the least recently used entry, not the oldest written', async () => {
    const store = new MemoryLruStore(2, clock);
    await store.set('a', 'a', 60_000);
    await store.set('b', 'b', 60_000);
    await store.get('a');
    await store.set('c', 'c', 60_000);
    expect(await store.has('a')).toBe(true);
    expect(await store.has('b')).toBe(false);
  });

  it('forgets entries after their ttl and does not count expiry as eviction', async () => {
    const store = new MemoryLruStore(2, clock);
    await store.set('short', 1, 1_000);
    await store.set('long', 2, 60_000);
    now += 1_001;
    expect(await store.get('short')).toBeUndefined();
    await store.set('x', 3, 60_000);
    await store.set('y', 4, 60_000);
    expect(store.evictions).toBe(1);
    expect(await store.list(10)).toEqual([
      ['x', 3],
      ['y', 4],
    ]);
  });

  it('prefers dropping expired entries over live ones when full', async () => {
    const store = new MemoryLruStore(2, clock);
    await store.set('live', 1, 60_000);
    await store.set('dying', 2, 500);
    now += 1_500;
    await store.set('new', 3, 60_000);
    expect(await store.has('live')).toBe(true);
    expect(store.evictions).toBe(0);
  });

  it('reports whether a delete removed anything, and removeAll how many', async () => {
    const store = new MemoryLruStore(10, clock);
    await store.set('a', 1, 60_000);
    await store.set('b', 2, 60_000);
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.removeAll()).toBe(1);
    expect(await store.count()).toBe(0);
  });
});
