import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { ResultCacheService } from '../cache/result-cache.service';
import { DomainError } from '../common/errors/domain.error';
import { CacheConfig, ServerConfig } from '../config/configuration';
import { HistoryService } from '../history/history.service';
import { PathTracker } from '../history/path.tracker';
import { cacheKey } from './cache.key';
import { DeviceResolver, type ResolvedDevice } from './device.resolver';
import type { TestParametersDto } from './dto/test-parameters.dto';
import type { TestRequestDto } from './dto/test-request.dto';
import { MeasurementRunner } from './measurement.runner';
import { ProbeEvents } from './probe.events';
import type { CallContext, MeasuredResult, TestResponse } from './probe.types';
import { planTest, type TestPlan } from './test.plan';

/** POST /api/test: scope check, cache, coalescing, the router, stale fallback, audit. */
@Injectable()
export class ProbeService {
  constructor(
    private readonly resolver: DeviceResolver,
    private readonly scopes: ScopeService,
    private readonly cache: ResultCacheService,
    private readonly runner: MeasurementRunner,
    private readonly audit: AuditService,
    private readonly events: ProbeEvents,
    private readonly server: ServerConfig,
    private readonly cacheConfig: CacheConfig,
    private readonly history: HistoryService,
    private readonly paths: PathTracker,
  ) {}

  async runTest(request: TestRequestDto, context: CallContext): Promise<TestResponse> {
    const device = this.resolver.resolve(request);
    return this.runOnDevice(device, request, context);
  }

  /** One test on an already resolved device (batch resolves once for all its tests). */
  async runOnDevice(
    device: ResolvedDevice,
    test: TestParametersDto,
    context: CallContext,
  ): Promise<TestResponse> {
    this.scopes.assertAllowed(context, device.inventoryName ?? device.label, test.target);
    const plan = planTest(test);
    const key = cacheKey(device, plan);
    const ttl =
      plan.testType === 'ping'
        ? this.cacheConfig.ttlPingSeconds
        : this.cacheConfig.ttlTracerouteSeconds;
    const started = Date.now();

    if (plan.useCache) {
      const hit = await this.cache.get<MeasuredResult>(key);
      if (hit !== undefined) {
        this.report(device, plan, context, started, 'cache', hit.value);
        return respond(hit.value, {
          key,
          ttl: hit.ttlSeconds,
          context,
          cacheHit: true,
          coalesced: false,
        });
      }
    }
    // Whether this request ran the test itself, or waited on an identical one that failed.
    let ran = false;
    try {
      const { value, shared } = await this.cache.coalesce(key, async () => {
        ran = true;
        return this.measureFresh(device, plan, key, ttl, context);
      });
      this.report(device, plan, context, started, shared ? 'coalesced' : 'device', value);
      return respond(value, { key, ttl, context, cacheHit: false, coalesced: shared });
    } catch (error) {
      const stale = plan.allowStale
        ? await this.cache.getStale<MeasuredResult>(key, this.cacheConfig.staleMaxAgeSeconds)
        : undefined;
      if (stale !== undefined) {
        this.report(device, plan, context, started, 'stale', stale.value, error);
        return {
          ...respond(stale.value, { key, ttl: 0, context, cacheHit: true, coalesced: false }),
          stale: true,
        };
      }
      this.report(device, plan, context, started, ran ? 'device' : 'coalesced', undefined, error);
      throw error;
    }
  }

  /** Runs the test on the router; path-change fields are part of the result, so they are cached with it. */
  private async measureFresh(
    device: ResolvedDevice,
    plan: TestPlan,
    key: string,
    ttl: number,
    context: CallContext,
  ): Promise<MeasuredResult> {
    const measured = await this.runner.measure(
      device,
      plan,
      this.server.requestTimeoutMs,
      context.requestId,
    );
    if (measured.test_type === 'traceroute') {
      measured.results = await this.paths.annotate(device.identity, plan.target, measured.results);
    }
    // History keeps fresh results only; it never fails a test.
    void this.history.record(
      device.label,
      plan.testType,
      plan.target,
      measured.measured_at,
      measured.results,
    );
    await this.cache.set(key, measured, ttl, {
      test_type: plan.testType,
      mikrotik_host: device.label,
      target: plan.target,
    });
    return measured;
  }

  private report(
    device: ResolvedDevice,
    plan: TestPlan,
    context: CallContext,
    started: number,
    source: 'device' | 'cache' | 'coalesced' | 'stale',
    result: MeasuredResult | undefined,
    error?: unknown,
  ): void {
    const durationMs = Date.now() - started;
    const errorCode =
      error instanceof DomainError
        ? error.code
        : error === undefined
          ? undefined
          : 'INTERNAL_ERROR';
    const outcome = error === undefined || source === 'stale' ? 'success' : 'error';
    this.events.emitTest({
      testType: plan.testType,
      device: device.label,
      target: plan.target,
      outcome,
      source,
      durationMs,
      errorCode,
      result: source === 'device' ? result?.results : undefined,
    });
    this.audit.record('device_command', {
      request_id: context.requestId,
      source_ip: context.sourceIp,
      key_id: context.keyId,
      device: device.label,
      test_type: plan.testType,
      command: plan.command,
      duration_ms: durationMs,
      outcome: errorCode ?? 'success',
      cache_status:
        source === 'cache'
          ? 'hit'
          : source === 'stale'
            ? 'stale'
            : source === 'coalesced'
              ? 'coalesced'
              : 'miss',
      success: outcome === 'success',
    });
  }
}

interface RespondOptions {
  key: string;
  ttl: number;
  context: CallContext;
  cacheHit: boolean;
  coalesced: boolean;
}

function respond(measured: MeasuredResult, options: RespondOptions): TestResponse {
  const now = Date.now();
  const age = Math.max(0, Math.round((now - Date.parse(measured.measured_at)) / 1000));
  return {
    status: 'success',
    test_type: measured.test_type,
    timestamp: new Date(now).toISOString(),
    execution_time_seconds: measured.execution_time_seconds,
    cache_hit: options.cacheHit,
    cache_ttl: options.ttl,
    measured_at: measured.measured_at,
    age_seconds: age,
    mikrotik_host: measured.mikrotik_host,
    target: measured.target,
    results: measured.results,
    metadata: {
      transport: measured.metadata.transport,
      routeros_version: measured.metadata.routeros_version,
      test_duration_ms: measured.metadata.test_duration_ms,
      cache_key: options.key,
      request_id: options.context.requestId,
      coalesced: options.coalesced,
    },
  };
}
