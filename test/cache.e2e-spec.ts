import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RedisServer, waitUntil } from '../src/cache/testing/redis-server';
import { SHARED_REDIS_URL } from '../src/cache/testing/result-cache.testing';
import type { SimulatedRouter } from '../src/simulator/simulated-router';
import { type Harness, KEYS, startHarness } from './support/harness';

// Caching, coalescing, stale-if-error and Redis outages through the real app: HTTP, the SSH
// pool and a simulated router, on a real Redis.

const TARGET = '192.0.2.10';

interface TestAnswer {
  status: number;
  body: {
    cache_hit?: boolean;
    stale?: boolean;
    metadata?: { coalesced?: boolean; cache_key?: string };
  };
}

// Cache keys the tests made on the shared Redis, removed after each test through the API.
const made = new Set<string>();

async function post(url: string, body: Record<string, unknown>): Promise<TestAnswer> {
  const response = await fetch(`${url}/api/test`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${KEYS.operator}` },
    body: JSON.stringify(body),
  });
  const answer = { status: response.status, body: (await response.json()) as TestAnswer['body'] };
  const key = answer.body.metadata?.cache_key;
  if (key !== undefined) made.add(key);
  return answer;
}

async function forget(url: string): Promise<void> {
  for (const key of made) {
    await fetch(`${url}/api/cache/${key}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${KEYS.operator}` },
    });
  }
  made.clear();
}

function pings(router: SimulatedRouter, target: string): number {
  return router.received.filter(
    (line) => line.command.includes('ping') && line.command.includes(target),
  ).length;
}

function deviceName(): string {
  return `cache-e2e-${randomBytes(4).toString('hex')}`;
}

const ROUTER = { timeScale: 0.25, targets: { [TARGET]: { rttMs: 5 } } };
const ENV = { REDIS_URL: SHARED_REDIS_URL, RATE_LIMIT_ENABLED: 'false' };

describe('Cache and coalescing end to end', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    if (harnesses.length > 0) await forget(harnesses[0].url);
    await Promise.all(
      harnesses
        .splice(0)
        .reverse()
        .map((harness) => harness.close()),
    );
  });

  it('sends one command to the router for 200 concurrent identical requests', async () => {
    const name = deviceName();
    const app = await startHarness({ env: ENV, routers: { [name]: ROUTER } });
    harnesses.push(app);
    const request = { mikrotik_host: name, test_type: 'ping', target: TARGET, count: 3 };
    const answers = await Promise.all(Array.from({ length: 200 }, () => post(app.url, request)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(pings(app.routers[name], TARGET)).toBe(1);
    expect(
      answers.filter(
        (answer) => answer.body.cache_hit === false && answer.body.metadata?.coalesced === false,
      ),
    ).toHaveLength(1);
    process.stdout.write(
      `one instance: 200 concurrent identical requests -> ${pings(app.routers[name], TARGET)} device command\n`,
    );
  });

  it('sends one command for 200 concurrent identical requests split over two replicas on one Redis', async () => {
    const name = deviceName();
    // A 4 s ping, so that all 200 requests arrive while it runs (they take 1-2 s to get in).
    const first = await startHarness({
      env: ENV,
      routers: { [name]: { ...ROUTER, timeScale: 1 } },
    });
    harnesses.push(first);
    const second = await startHarness({
      env: { ...ENV, DEVICES_FILE: join(first.dir, 'devices.yaml') },
    });
    harnesses.push(second);
    // use_cache false: a fresh measurement for everyone, so only coalescing can save the router.
    const request = {
      mikrotik_host: name,
      test_type: 'ping',
      target: TARGET,
      count: 4,
      use_cache: false,
    };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post((i % 2 === 0 ? first : second).url, request)),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(pings(first.routers[name], TARGET)).toBe(1);
    expect(answers.filter((answer) => answer.body.metadata?.coalesced === true)).toHaveLength(199);
    process.stdout.write(
      `two instances: 200 concurrent identical requests -> ${pings(first.routers[name], TARGET)} device command\n`,
    );
  });

  it('answers with the last good result, marked stale, when the router fails and allow_stale is set', async () => {
    const name = deviceName();
    const app = await startHarness({ env: ENV, routers: { [name]: ROUTER } });
    harnesses.push(app);
    const request = { mikrotik_host: name, test_type: 'ping', target: TARGET, count: 1 };
    expect((await post(app.url, request)).status).toBe(200);
    await app.routers[name].stop();
    const failed = await post(app.url, { ...request, use_cache: false });
    expect(failed.status).toBe(502);
    const stale = await post(app.url, { ...request, use_cache: false, allow_stale: true });
    expect(stale.status).toBe(200);
    expect(stale.body).toMatchObject({ stale: true, cache_hit: true });
  });

  it('fails no test while its own Redis is killed and restarted under load, and caches again within 5 s', async () => {
    const redis = await RedisServer.start();
    const name = deviceName();
    try {
      const app = await startHarness({
        env: { REDIS_URL: redis.url, RATE_LIMIT_ENABLED: 'false' },
        routers: { [name]: { ...ROUTER, timeScale: 0.02 } },
      });
      harnesses.push(app);
      const request = { mikrotik_host: name, test_type: 'ping', target: TARGET, count: 1 };
      const statuses: number[] = [];
      let running = true;
      const worker = async () => {
        while (running) statuses.push((await post(app.url, request)).status);
      };
      const workers = Array.from({ length: 10 }, () => worker());
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await redis.start();
      const restarted = Date.now();
      await waitUntil(async () => (await post(app.url, request)).body.cache_hit === true, 5_000);
      const recoveredMs = Date.now() - restarted;
      running = false;
      await Promise.all(workers);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(statuses.length).toBeGreaterThan(50);
      process.stdout.write(
        `redis killed under load: ${statuses.length} tests, 0 failed, cache back ${recoveredMs} ms after restart\n`,
      );
    } finally {
      await redis.kill();
    }
  });
});
