import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServer } from '../../src/cache/testing/redis-server';
import type { SimulatedRouter } from '../../src/simulator/simulated-router';
import { KEYS, startRouters } from '../support/harness';
import { type AppProcess, harnessEnv, spawnApp } from './support/app-process';
import { REDIS_RECOVERY_MS, RSS_GROWTH_PERCENT } from './support/bounds';
import { recordFigures } from './support/figures';
import { call, sleep } from './support/http';
import { runLoad } from './support/load';
import { getProbe, pingProbe } from './support/mix';

// Issue 7, item 3: a Redis of the test's own is killed during a steady load and started again.
// No test request may fail, caching must be back within 5 s of Redis's return, and the app's
// memory must not grow while Redis is gone. The app is the built one, in its own process.

const CACHED = '192.0.2.20';
const FRESH = '192.0.2.21';

const mib = (kib: number) => (kib / 1024).toFixed(1);

describe('a Redis killed and restarted under steady load', () => {
  let dir: string;
  let redis: RedisServer;
  let routers: Record<string, SimulatedRouter>;
  let app: AppProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sentinel-rel-redis-'));
    redis = await RedisServer.start();
    const started = await startRouters(
      {
        'redis-sim': { targets: { [CACHED]: { rttMs: [1.5, 2.5] }, [FRESH]: { rttMs: [3.25] } } },
      },
      dir,
    );
    routers = started.routers;
    app = await spawnApp(
      harnessEnv(dir, started.devicesFile, {
        REDIS_URL: redis.url,
        RATE_LIMIT_PER_API_KEY: '100000/min',
        RATE_LIMIT_GLOBAL: '100000/min',
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await app?.kill();
    await redis?.kill();
    await Promise.all(Object.values(routers ?? {}).map((router) => router.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails no test, caches again within 5 s of its return, and keeps memory bounded', async () => {
    const mix = [
      pingProbe({
        name: 'cached ping',
        weight: 3,
        device: 'redis-sim',
        target: CACHED,
        rtts: [1.5, 2.5],
        useCache: true,
      }),
      pingProbe({
        name: 'fresh ping',
        weight: 1,
        device: 'redis-sim',
        target: FRESH,
        rtts: [3.25, 3.25],
        useCache: false,
      }),
      getProbe({ name: 'live', weight: 1, path: '/api/health/live', status: 200 }),
    ];
    // Warm up (JIT, pools, Redis connection) before memory is measured.
    await runLoad({ baseUrl: app.url, ratePerSecond: 50, durationMs: 6_000, mix });
    // RSS after a full GC: what the app holds, without the sawtooth of a lazy collector.
    const before = await app.rssAfterGcKib();
    let whileDown = 0;
    let killedAt = 0;
    let restartedAt = 0;
    let recoveredMs = Number.POSITIVE_INFINITY;
    const outage = (async () => {
      await sleep(2_000);
      await redis.kill();
      killedAt = Date.now();
      await sleep(3_500);
      whileDown = await app.rssAfterGcKib();
      await redis.start();
      restartedAt = Date.now();
      // Caching is back when a repeated request is answered from the cache again.
      while (Date.now() < restartedAt + REDIS_RECOVERY_MS + 1_000) {
        const reply = await call(app.url, '/api/test', {
          headers: { Authorization: `Bearer ${KEYS.operator}` },
          body: { mikrotik_host: 'redis-sim', test_type: 'ping', target: CACHED, count: 1 },
        });
        if ((reply.body as { cache_hit?: boolean }).cache_hit === true) {
          recoveredMs = Date.now() - restartedAt;
          return;
        }
        await sleep(100);
      }
    })();
    const load = await runLoad({
      baseUrl: app.url,
      ratePerSecond: 25,
      durationMs: 12_000,
      mix,
    });
    await outage;
    const after = await app.rssAfterGcKib();
    const status = await call(app.url, '/api/cache/status', {
      headers: { Authorization: `Bearer ${KEYS.operator}` },
    });

    const growth = ((Math.max(whileDown, after) - before) / before) * 100;
    const downRequests = Math.round(((restartedAt - killedAt) / 1000) * 25);
    recordFigures('redis', {
      faultsSurvived: load.wrongAnswers === 0 && recoveredMs <= REDIS_RECOVERY_MS ? 1 : 0,
      faultsTotal: 1,
      requests: load.requests,
      errors5xx: load.errors5xx,
      wrongAnswers: load.wrongAnswers,
      notes: {
        'redis killed under load':
          `${load.requests} requests (~${downRequests} while down), ${load.wrongAnswers} failed, ` +
          `cache back ${recoveredMs} ms after restart, RSS after GC ${mib(before)} -> ${mib(whileDown)} (down) -> ${mib(after)} MiB`,
      },
    });

    expect(load.wrongSamples).toEqual([]);
    expect(load.errors5xx).toBe(0);
    expect(recoveredMs).toBeLessThanOrEqual(REDIS_RECOVERY_MS);
    expect(status.body).toMatchObject({ backend: 'redis', redis: 'connected' });
    expect(growth).toBeLessThan(RSS_GROWTH_PERCENT);
  }, 60_000);
});
