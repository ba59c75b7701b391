import { EventEmitter } from 'node:events';
import type { StoredData } from 'keyv';
import type { ListableStore } from './cache.store';

interface Item {
  value: unknown;
  expiresAt: number | undefined;
}

// Full sweeps for expired items are O(n); doing one at most this often keeps a full cache's
// writes O(1) amortized while still preferring to drop dead items over live ones.
const SWEEP_INTERVAL_MS = 1_000;

/**
 * An in-memory Keyv store bounded to `maxEntries`, dropping the least recently used entry when
 * full and counting those evictions (expired entries it removes are not evictions). Written here
 * because it is thirty lines on a Map and the LRU packages in reach are old or unbounded by count.
 */
export class MemoryLruStore extends EventEmitter implements ListableStore {
  readonly opts = { dialect: 'memory-lru' };
  namespace?: string;
  private readonly items = new Map<string, Item>();
  private evicted = 0;
  private lastSweep = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  get evictions(): number {
    return this.evicted;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const item = this.live(key);
    if (item === undefined) return undefined;
    // Map iteration order is insertion order: re-inserting marks the entry most recently used.
    this.items.delete(key);
    this.items.set(key, item);
    return item.value as StoredData<Value>;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.items.delete(key);
    this.items.set(key, { value, expiresAt: ttl === undefined ? undefined : this.now() + ttl });
    this.shrink();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.items.delete(key);
    return existed;
  }

  async has(key: string): Promise<boolean> {
    return this.live(key) !== undefined;
  }

  async clear(): Promise<void> {
    this.items.clear();
  }

  async list(limit: number): Promise<Array<[string, unknown]>> {
    this.sweep();
    return [...this.items].slice(0, limit).map(([key, item]) => [key, item.value]);
  }

  async count(): Promise<number> {
    this.sweep();
    return this.items.size;
  }

  async removeAll(): Promise<number> {
    const removed = await this.count();
    this.items.clear();
    return removed;
  }

  private live(key: string): Item | undefined {
    const item = this.items.get(key);
    if (item === undefined) return undefined;
    if (item.expiresAt !== undefined && item.expiresAt <= this.now()) {
      this.items.delete(key);
      return undefined;
    }
    return item;
  }

  private shrink(): void {
    if (this.items.size <= this.maxEntries) return;
    if (this.now() - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep();
    for (const [key, item] of this.items) {
      if (this.items.size <= this.maxEntries) break;
      this.items.delete(key);
      if (item.expiresAt === undefined || item.expiresAt > this.now()) this.evicted += 1;
    }
  }

  private sweep(): void {
    const now = this.now();
    this.lastSweep = now;
    for (const [key, item] of this.items) {
      if (item.expiresAt !== undefined && item.expiresAt <= now) this.items.delete(key);
    }
  }
}
