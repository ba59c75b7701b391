import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AuthEvents } from '../auth/auth.events';
import { RedisClient } from '../cache/redis.client';
import { ResultCacheService } from '../cache/result-cache.service';
import { DeviceService } from '../device/device.service';
import { ProbeEvents, type TestEvent } from '../probe/probe.events';

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * The Prometheus registry of one app instance (not prom-client's global one, so several apps in
 * one process keep separate numbers). HTTP metrics are pushed by HttpMetricsMiddleware, test
 * outcomes come from ProbeEvents, and everything another module already counts (cache, SSH
 * pool, auth) is read at scrape time by collect callbacks: no second bookkeeping to drift.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly requestDuration: Histogram<'method' | 'route'>;
  private readonly deviceCommands: Counter<'test_type' | 'outcome'>;
  private readonly deviceDuration: Histogram<'test_type'>;
  private readonly staleResponses: Counter<'test_type'>;

  constructor(
    probe: ProbeEvents,
    private readonly devices: DeviceService,
    private readonly cache: ResultCacheService,
    private readonly auth: AuthEvents,
    private readonly redis: RedisClient,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'api_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'api_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.deviceCommands = new Counter({
      name: 'device_commands_total',
      help: 'Tests run on a router, by outcome (success or the lower-cased error code)',
      labelNames: ['test_type', 'outcome'],
      registers,
    });
    this.deviceDuration = new Histogram({
      name: 'device_command_duration_seconds',
      help: 'Time a test took on the router, queueing and connecting included',
      labelNames: ['test_type'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
      registers,
    });
    this.staleResponses = new Counter({
      name: 'stale_responses_total',
      help: 'Failed tests answered with the last good result (allow_stale)',
      labelNames: ['test_type'],
      registers,
    });
    this.mirrorCounters(registers);
    this.mirrorGauges(registers);
    probe.onTest((event) => this.recordTest(event));
  }

  /** One answered HTTP request; `route` is the matched pattern or 'unmatched'. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const verb = HTTP_METHODS.has(method) ? method : 'OTHER';
    this.requests.inc({ method: verb, route, status: String(status) });
    this.requestDuration.observe({ method: verb, route }, seconds);
  }

  /** The Prometheus text exposition. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  private recordTest(event: TestEvent): void {
    // Cache hits and shared runs never reached a router; a stale answer means the router failed.
    if (event.source === 'cache' || event.source === 'coalesced') return;
    const failed = event.source === 'stale' || event.outcome === 'error';
    const outcome = failed ? (event.errorCode ?? 'INTERNAL_ERROR').toLowerCase() : 'success';
    this.deviceCommands.inc({ test_type: event.testType, outcome });
    this.deviceDuration.observe({ test_type: event.testType }, event.durationMs / 1000);
    if (event.source === 'stale') this.staleResponses.inc({ test_type: event.testType });
  }

  private mirrorCounters(registers: Registry[]): void {
    mirror(
      registers,
      'api_authentication_failures_total',
      'Requests refused for a missing or invalid API key',
      () => this.auth.counters.authenticationFailures,
    );
    mirror(
      registers,
      'rate_limit_exceeded_total',
      'Requests refused with 429 by a rate limit',
      () => this.auth.counters.rateLimitRejections,
    );
    mirror(
      registers,
      'cache_hits_total',
      'Tests answered from the cache',
      () => this.cache.counters().hits,
    );
    mirror(
      registers,
      'cache_misses_total',
      'Cache lookups that found no fresh entry',
      () => this.cache.counters().misses,
    );
    mirror(
      registers,
      'coalesced_requests_total',
      'Requests answered by an identical request already running (this or another replica)',
      () => this.cache.counters().coalesced,
    );
    mirror(
      registers,
      'cache_evictions_total',
      'In-memory cache entries dropped to respect MAX_CACHE_SIZE',
      () => this.cache.counters().evictions ?? 0,
    );
    const devices = this.devices;
    const seen: Record<string, number> = {};
    new Counter({
      name: 'ssh_connection_attempts_total',
      help: 'SSH connection attempts to routers, by outcome',
      labelNames: ['outcome'],
      registers,
      collect() {
        for (const [outcome, total] of Object.entries(devices.stats().connectAttempts)) {
          const delta = total - (seen[outcome] ?? 0);
          // inc by 0 too, so every outcome is exported from the first scrape.
          if (delta >= 0) this.inc({ outcome }, delta);
          seen[outcome] = total;
        }
      },
    });
  }

  private mirrorGauges(registers: Registry[]): void {
    const devices = this.devices;
    new Gauge({
      name: 'ssh_connections_active',
      help: 'Open SSH connections to routers',
      registers,
      collect() {
        this.set(devices.stats().activeConnections);
      },
    });
    new Gauge({
      name: 'ssh_queue_depth',
      help: 'Tests waiting for a free session on their router',
      registers,
      collect() {
        this.set(devices.stats().queued);
      },
    });
    new Gauge({
      name: 'ssh_commands_in_flight',
      help: 'Tests running on routers now',
      registers,
      collect() {
        this.set(devices.stats().inFlight);
      },
    });
    if (!this.redis.configured) return;
    const redis = this.redis;
    new Gauge({
      name: 'redis_up',
      help: '1 while the configured Redis is reachable, else 0',
      registers,
      collect() {
        this.set(redis.status() === 'connected' ? 1 : 0);
      },
    });
  }
}

/** A counter that follows a monotonic total kept elsewhere, read at scrape time. */
function mirror(registers: Registry[], name: string, help: string, read: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const total = read();
      if (total > seen) this.inc(total - seen);
      seen = total;
    },
  });
}
