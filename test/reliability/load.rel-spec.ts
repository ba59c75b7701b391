import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedRouter } from '../../src/simulator/simulated-router';
import { KEYS, startRouters } from '../support/harness';
import { type AppProcess, harnessEnv, spawnApp } from './support/app-process';
import { LOAD_P99_MS, RSS_GROWTH_PERCENT } from './support/bounds';
import { percentile, recordFigures } from './support/figures';
import { call, type Reply } from './support/http';
import { differs, type LoadProbe, runLoad } from './support/load';
import { getProbe, pingProbe } from './support/mix';

// Issue 7, item 5: a steady mixed load at a fixed rate on the built app in its own process:
// fresh tests on three routers (v6 and v7 output, loss), cache hits, a traceroute, health,
// metrics, stats, and a role refused, from several keys. Every answer is checked against what
// the simulated routers were set to produce; then p99 and RSS growth (after a full GC).

const RATE = 40;
const WARM_UP_MS = 8_000;
const MEASURED_MS = 30_000;

// More keys than the harness's three: a Zabbix poller and a Grafana scraper of their own.
const ZABBIX_KEY = 'zabbix-operator-key-0123456789abcdef0123';
const GRAFANA_KEY = 'grafana-monitor-key-0123456789abcdef0123';
const API_KEYS = [
  ...Object.entries(KEYS).map(([role, key]) => `${role}:${role}:${key}`),
  `zabbix:operator:${ZABBIX_KEY}`,
  `grafana:monitor:${GRAFANA_KEY}`,
].join(',');

const HOPS = [{ address: '10.9.0.1', rttMs: [1] }, { address: null }, { address: '192.0.2.50' }];

function withKey(probe: LoadProbe, key: string): LoadProbe {
  return {
    ...probe,
    options: { ...probe.options, headers: { Authorization: `Bearer ${key}` } },
  };
}

const MIX: LoadProbe[] = [
  pingProbe({
    name: 'fresh ping v7',
    weight: 2,
    device: 'load-a',
    target: '192.0.2.40',
    rtts: [1.25, 2.5, 3.75],
    useCache: false,
  }),
  withKey(
    pingProbe({
      name: 'fresh ping v6 (zabbix key)',
      weight: 2,
      device: 'load-v6',
      target: '192.0.2.41',
      rtts: [3, 4],
      useCache: false,
    }),
    ZABBIX_KEY,
  ),
  pingProbe({
    name: 'ping with loss (admin key)',
    weight: 1,
    device: 'load-b',
    target: '192.0.2.42',
    rtts: [5, null, 5, null],
    useCache: false,
    role: 'admin',
  }),
  withKey(
    pingProbe({
      name: 'cache hit',
      weight: 4,
      device: 'load-b',
      target: '192.0.2.43',
      rtts: [7.5, 8.5],
      useCache: true,
    }),
    ZABBIX_KEY,
  ),
  {
    name: 'traceroute',
    weight: 1,
    path: '/api/test',
    options: {
      headers: { Authorization: `Bearer ${KEYS.operator}` },
      body: {
        mikrotik_host: 'load-a',
        test_type: 'traceroute',
        target: '192.0.2.50',
        count: 1,
        max_hops: 5,
        timeout: 0.1,
        use_cache: false,
      },
    },
    check: (reply: Reply) =>
      (reply.status === 200 ? null : `status ${reply.status}`) ??
      differs(
        {
          results: {
            traceroute_stats: { hop_count: 3, reached_target: true },
            hops: [
              { hop: 1, address: '10.9.0.1', loss_percent: 0 },
              { hop: 2, address: null, loss_percent: 100, status: 'timeout' },
              { hop: 3, address: '192.0.2.50', loss_percent: 0 },
            ],
          },
        },
        reply.body,
      ),
  },
  getProbe({ name: 'live', weight: 2, path: '/api/health/live', status: 200 }),
  getProbe({
    name: 'health detail',
    weight: 1,
    path: '/api/health',
    role: 'monitor',
    status: 200,
    expected: { status: 'healthy' },
  }),
  withKey(
    getProbe({
      name: 'metrics (grafana key)',
      weight: 1,
      path: '/metrics',
      status: 200,
      contains: 'api_requests_total',
    }),
    GRAFANA_KEY,
  ),
  getProbe({ name: 'stats', weight: 1, path: '/api/stats', role: 'monitor', status: 200 }),
  getProbe({
    name: 'cache status',
    weight: 1,
    path: '/api/cache/status',
    role: 'operator',
    status: 200,
    expected: { backend: 'memory' },
  }),
  {
    ...pingProbe({
      name: 'monitor may not test',
      weight: 1,
      device: 'load-a',
      target: '192.0.2.40',
      rtts: [1],
      useCache: false,
    }),
    options: {
      headers: { Authorization: `Bearer ${KEYS.monitor}` },
      body: { mikrotik_host: 'load-a', test_type: 'ping', target: '192.0.2.40' },
    },
    check: (reply: Reply) =>
      reply.status === 403 ? null : `status ${reply.status}, expected 403 FORBIDDEN`,
  },
];

describe('a steady mixed load at a fixed rate', () => {
  let dir: string;
  let routers: Record<string, SimulatedRouter>;
  let app: AppProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sentinel-rel-load-'));
    const started = await startRouters(
      {
        'load-a': {
          format: 'v7',
          targets: {
            '192.0.2.40': { rttMs: [1.25, 2.5, 3.75] },
            '192.0.2.50': { rttMs: [2], hops: HOPS },
          },
        },
        'load-b': {
          format: 'v7',
          targets: {
            '192.0.2.42': { rttMs: [5], lossPattern: [false, true] },
            '192.0.2.43': { rttMs: [7.5, 8.5] },
          },
        },
        'load-v6': { format: 'v6', targets: { '192.0.2.41': { rttMs: [3, 4] } } },
      },
      dir,
    );
    routers = started.routers;
    app = await spawnApp(
      harnessEnv(dir, started.devicesFile, {
        API_KEYS,
        RATE_LIMIT_PER_API_KEY: '100000/min',
        RATE_LIMIT_GLOBAL: '100000/min',
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await app?.kill();
    await Promise.all(Object.values(routers ?? {}).map((router) => router.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request rightly with no 5xx, p99 within its bound and RSS growth within 10 %', async () => {
    // Warm-up: JIT, pools and caches reach their working size before anything is measured.
    const warmUp = await runLoad({
      baseUrl: app.url,
      ratePerSecond: RATE,
      durationMs: WARM_UP_MS,
      mix: MIX,
    });
    const rssBefore = await app.rssAfterGcKib();
    const load = await runLoad({
      baseUrl: app.url,
      ratePerSecond: RATE,
      durationMs: MEASURED_MS,
      mix: MIX,
    });
    const rssAfter = await app.rssAfterGcKib();
    const metrics = await call(app.url, '/metrics', {
      headers: { Authorization: `Bearer ${GRAFANA_KEY}` },
    });
    const gauge = (name: string) =>
      Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics.text)?.[1] ?? NaN);
    const deviceChannels = Object.values(routers).reduce(
      (sum, router) => sum + router.stats.activeChannels,
      0,
    );
    // One pooled (idle) session per router is by design; anything beyond it is a leak.
    const deviceSessions = Object.values(routers).reduce(
      (sum, router) => sum + Math.max(0, router.stats.activeConnections - 1),
      0,
    );
    const leaked =
      gauge('ssh_commands_in_flight') + gauge('ssh_queue_depth') + deviceChannels + deviceSessions;

    const p99 = percentile(load.latenciesMs, 99);
    const growth = ((rssAfter - rssBefore) / rssBefore) * 100;
    const perProbe = Object.entries(load.byProbe)
      .map(([name, ms]) => `${name} ${Math.round(percentile(ms, 99))}`)
      .join(', ');
    recordFigures('load', {
      requests: warmUp.requests + load.requests,
      errors5xx: warmUp.errors5xx + load.errors5xx,
      wrongAnswers: warmUp.wrongAnswers + load.wrongAnswers,
      leakedSessions: leaked,
      p99Ms: Math.round(p99),
      rssGrowthPercent: Math.round(growth * 10) / 10,
      notes: {
        load: `${RATE} req/s for ${(WARM_UP_MS + MEASURED_MS) / 1000} s, 5 keys of 3 roles; p50 ${Math.round(percentile(load.latenciesMs, 50))} ms`,
        'load p99 by kind (ms)': perProbe,
        'load RSS after GC (MiB)': `${(rssBefore / 1024).toFixed(1)} -> ${(rssAfter / 1024).toFixed(1)}`,
      },
    });

    expect([...warmUp.wrongSamples, ...load.wrongSamples]).toEqual([]);
    expect(warmUp.errors5xx + load.errors5xx).toBe(0);
    expect(p99).toBeLessThan(LOAD_P99_MS);
    expect(growth).toBeLessThan(RSS_GROWTH_PERCENT);
    expect(leaked).toBe(0);
  }, 120_000);
});
