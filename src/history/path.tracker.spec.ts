import { createHash } from 'node:crypto';
import { RedisClient } from '../cache/redis.client';
import { RedisServer, waitUntil } from '../cache/testing/redis-server';
import { diffPaths, pathOf } from './path.diff';
import { pathHash, PathTracker } from './path.tracker';
import { historyConfig, tracerouteResults } from './testing/history.testing';

const A = ['10.0.0.1', '192.0.2.1', '8.8.8.8'];
const B = ['10.0.0.1', '198.51.100.7', '203.0.113.9', '8.8.8.8'];

const memoryTracker = () => new PathTracker(new RedisClient(historyConfig()), historyConfig());

describe('A path hash', () => {
  it('is the first 16 hex digits of SHA-256 over the hop addresses in order, timeouts as "*"', () => {
    const expected = createHash('sha256').update('10.0.0.1,*,8.8.8.8').digest('hex').slice(0, 16);
    expect(
      pathHash(pathOf([{ address: '10.0.0.1' }, { address: null }, { address: '8.8.8.8' }])),
    ).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs when the same hops come in another order', () => {
    expect(pathHash(['10.0.0.1', '10.0.0.2'])).not.toBe(pathHash(['10.0.0.2', '10.0.0.1']));
  });
});

describe('Comparing two paths', () => {
  it('names each hop whose address differs, with the address before and after', () => {
    expect(diffPaths(A, B)).toEqual([
      { hop: 2, previous: '192.0.2.1', current: '198.51.100.7' },
      { hop: 3, previous: '8.8.8.8', current: '203.0.113.9' },
      { hop: 4, previous: null, current: '8.8.8.8' },
    ]);
  });

  it('finds nothing between two equal paths', () => {
    expect(diffPaths(A, [...A])).toEqual([]);
  });

  it('counts a hop that stopped answering as a change', () => {
    expect(diffPaths(A, ['10.0.0.1', '*', '8.8.8.8'])).toEqual([
      { hop: 2, previous: '192.0.2.1', current: '*' },
    ]);
  });
});

describe('Path-change detection', () => {
  it('marks the first traceroute of a device and target as unchanged, with no hop-count delta', async () => {
    const annotated = await memoryTracker().annotate(
      'inventory:core-1',
      '8.8.8.8',
      tracerouteResults(A),
    );
    expect(annotated).toMatchObject({
      path_hash: pathHash(A),
      path_changed: false,
      changed_hops: [],
      hop_count_delta: null,
    });
  });

  it('marks the same path again as unchanged', async () => {
    const tracker = memoryTracker();
    await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(A));
    const annotated = await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(A));
    expect(annotated).toMatchObject({ path_changed: false, changed_hops: [], hop_count_delta: 0 });
  });

  it('reports a new path with the hops that changed and the hop-count delta', async () => {
    const tracker = memoryTracker();
    await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(A));
    const annotated = await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(B));
    expect(annotated.path_changed).toBe(true);
    expect(annotated.path_hash).toBe(pathHash(B));
    expect(annotated.hop_count_delta).toBe(1);
    expect(annotated.changed_hops).toEqual(diffPaths(A, B));
  });

  it('compares against the previous result only, so a change is reported once', async () => {
    const tracker = memoryTracker();
    await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(A));
    await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(B));
    const third = await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(B));
    expect(third.path_changed).toBe(false);
  });

  it('keeps devices and targets apart', async () => {
    const tracker = memoryTracker();
    await tracker.annotate('inventory:core-1', '8.8.8.8', tracerouteResults(A));
    expect(
      (await tracker.annotate('inventory:core-2', '8.8.8.8', tracerouteResults(B))).path_changed,
    ).toBe(false);
    expect(
      (await tracker.annotate('inventory:core-1', '1.1.1.1', tracerouteResults(B))).path_changed,
    ).toBe(false);
  });

  it('leaves the rest of the results as they were', async () => {
    const results = tracerouteResults(A);
    const annotated = await memoryTracker().annotate('inventory:core-1', '8.8.8.8', results);
    expect(annotated).toMatchObject(results);
    expect(results).not.toHaveProperty('path_hash');
  });

  describe('with Redis', () => {
    let server: RedisServer;
    const clients: RedisClient[] = [];
    const replica = () => {
      const config = historyConfig({ redisUrl: server.url, retentionSeconds: 600 });
      const client = new RedisClient(config);
      clients.push(client);
      return { tracker: new PathTracker(client, config), client };
    };

    beforeAll(async () => {
      server = await RedisServer.start();
    });

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.onModuleDestroy()));
      await server.kill();
    });

    it('sees a change across replicas, and keeps no device identity in key names', async () => {
      const first = replica();
      const second = replica();
      await waitUntil(
        () => first.client.status() === 'connected' && second.client.status() === 'connected',
        5_000,
      );
      await first.tracker.annotate(
        'direct:10.0.0.9:22:admin:0123abcd',
        '8.8.8.8',
        tracerouteResults(A),
      );
      // The shared copy is written in the background.
      await waitUntil(
        async () => ((await first.client.available()?.keys('*')) ?? []).length === 1,
        2_000,
      );
      const annotated = await second.tracker.annotate(
        'direct:10.0.0.9:22:admin:0123abcd',
        '8.8.8.8',
        tracerouteResults(B),
      );
      expect(annotated.path_changed).toBe(true);
      const keys = (await first.client.available()?.keys('*')) ?? [];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^sentinel:history:path:[0-9a-f]{32}$/);
      const ttl = (await first.client.available()?.ttl(keys[0])) ?? 0;
      expect(ttl).toBeGreaterThan(590);
    });

    it('still annotates from memory while Redis is down', async () => {
      const { tracker, client } = replica();
      await waitUntil(() => client.status() === 'connected', 5_000);
      await tracker.annotate('inventory:edge-1', '1.1.1.1', tracerouteResults(A));
      await server.kill();
      await waitUntil(() => client.status() === 'disconnected', 5_000);
      const annotated = await tracker.annotate('inventory:edge-1', '1.1.1.1', tracerouteResults(B));
      expect(annotated).toMatchObject({ path_changed: true, hop_count_delta: 1 });
    });
  });
});
