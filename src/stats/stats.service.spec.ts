import type { CacheStatus, ResultCacheService } from '../cache/result-cache.service';
import type { DeviceService } from '../device/device.service';
import type { PoolStats } from '../device/ssh.pool';
import { ProbeEvents } from '../probe/probe.events';
import { RequestCounters } from './request.counters';
import { StatsService } from './stats.service';
import { TestActivity } from './test.activity';

const CACHE: CacheStatus = {
  backend: 'memory',
  redis: 'not_configured',
  entries: 3,
  hits: 6,
  misses: 2,
  hit_rate_percent: 75,
  evictions: 1,
  coalesced: 4,
};

function pool(over: Partial<PoolStats> = {}): PoolStats {
  return {
    handshakes: 0,
    connectAttempts: { success: 0, auth_failed: 0, failed: 0, host_key_mismatch: 0 },
    failedConnections: 0,
    averageConnectMs: 0,
    activeConnections: 0,
    pooledKeys: 0,
    inFlight: 0,
    queued: 0,
    devices: {},
    ...over,
  };
}

describe('StatsService', () => {
  let devices: PoolStats;
  let events: ProbeEvents;
  let requests: RequestCounters;
  let stats: StatsService;

  beforeEach(() => {
    devices = pool();
    events = new ProbeEvents();
    requests = new RequestCounters();
    const cache = { status: async () => CACHE } as Pick<
      ResultCacheService,
      'status'
    > as ResultCacheService;
    const deviceService = { stats: () => devices } as Pick<DeviceService, 'stats'> as DeviceService;
    stats = new StatsService(requests, new TestActivity(events), cache, deviceService);
  });

  afterEach(() => stats.onModuleDestroy());

  it('reports requests, cache and tests in the contract shape', async () => {
    for (const status of [200, 200, 304, 401, 502]) requests.record(status);
    const base = { device: 'core-1', target: '8.8.8.8' } as const;
    events.emitTest({
      ...base,
      testType: 'ping',
      outcome: 'success',
      source: 'device',
      durationMs: 3_000,
    });
    events.emitTest({
      ...base,
      testType: 'ping',
      outcome: 'success',
      source: 'device',
      durationMs: 2_000,
    });
    events.emitTest({
      ...base,
      testType: 'ping',
      outcome: 'success',
      source: 'cache',
      durationMs: 1,
    });
    events.emitTest({
      ...base,
      testType: 'traceroute',
      outcome: 'error',
      source: 'device',
      durationMs: 9_000,
      errorCode: 'TIMEOUT_ERROR',
    });

    const report = await stats.report();
    expect(report).toMatchObject({
      total_requests: 5,
      successful_requests: 3,
      failed_requests: 2,
      cache: { total_entries: 3, hit_count: 6, miss_count: 2, hit_rate_percent: 75, evictions: 1 },
      tests: {
        ping_tests_24h: 3,
        traceroute_tests_24h: 1,
        failed_tests_24h: 1,
        average_test_duration_ms: 2_500,
      },
    });
    expect(report.uptime_seconds).toBeGreaterThanOrEqual(0);
  });

  it('says null, not 0, for what has not been measured yet', async () => {
    const report = await stats.report();
    expect(report.connections.average_connection_time_ms).toBeNull();
    expect(report.tests.average_test_duration_ms).toBeNull();
  });

  it('reports the SSH pool and counts connection failures as they grow', async () => {
    devices = pool({
      activeConnections: 2,
      pooledKeys: 1,
      failedConnections: 3,
      averageConnectMs: 41.237,
      connectAttempts: { success: 5, auth_failed: 1, failed: 2, host_key_mismatch: 0 },
    });
    expect((await stats.report()).connections).toEqual({
      active_mikrotik_connections: 2,
      pool_size: 1,
      failed_connections_24h: 3,
      average_connection_time_ms: 41.24,
    });
    devices = { ...devices, failedConnections: 5 };
    expect((await stats.report()).connections.failed_connections_24h).toBe(5);
    expect((await stats.report()).connections.failed_connections_24h).toBe(5);
  });
});
