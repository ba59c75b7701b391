import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuditSink } from '../audit/audit.sink';
import { Public } from '../auth/auth.decorators';
import { AuthModule } from '../auth/auth.module';
import { ErrorFilter } from '../common/errors/error.filter';
import { requestIdMiddleware } from '../common/http/request-id';
import { AppConfigModule } from '../config/config.module';
import { loadConfiguration } from '../config/configuration';
import { ProbeEvents } from '../probe/probe.events';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsModule } from './metrics.module';

class NullSink extends AuditSink {
  write(): void {}
  async close(): Promise<void> {}
}

@Controller('api/things')
class ThingsController {
  @Get(':id')
  @Public()
  one(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const MONITOR = 'monitor-secret-0123456';

async function boot(env: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfiguration({
    API_KEYS: `mon:monitor:${MONITOR}`,
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(config),
      AuthModule,
      MetricsModule.forRoot(config.metrics),
      ThingsModule,
    ],
  })
    .overrideProvider(AuditSink)
    .useValue(new NullSink())
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  // The same two lines bootstrap.ts has.
  app.use(app.get(HttpMetricsMiddleware).handle);
  app.use(requestIdMiddleware);
  app.useGlobalFilters(new ErrorFilter());
  await app.init();
  return app;
}

/**
 * Parses the Prometheus text format strictly enough to fail on a malformed line. NaN is matched
 * case-insensitively as Prometheus does (Go's ParseFloat); prom-client writes `Nan`.
 */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const sample =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]Inf)$/;
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = sample.exec(line);
    if (match === null) throw new Error(`not exposition format: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

describe('GET /metrics', () => {
  const apps: INestApplication[] = [];
  const start = async (env?: Record<string, string>) => {
    const app = await boot(env);
    apps.push(app);
    return app;
  };
  const scrape = async (app: INestApplication) => {
    const response = await request(app.getHttpServer())
      .get('/metrics')
      .set('X-API-Key', MONITOR)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;/);
    expect(response.headers['content-type']).toContain('version=0.0.4');
    return { text: response.text, samples: parseExposition(response.text) };
  };

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('labels requests by route pattern, never by raw path, in valid exposition format', async () => {
    const app = await start();
    const server = app.getHttpServer();
    await request(server).get('/api/things/8.8.8.8').expect(200);
    await request(server).get('/api/things/secret-target-123').expect(200);
    await request(server).get('/no/such/route/1.1.1.1').expect(404);
    await request(server).get('/api/stats').expect(401);
    const { text, samples } = await scrape(app);
    expect(
      samples.get('api_requests_total{method="GET",route="/api/things/:id",status="200"}'),
    ).toBe(2);
    expect(samples.get('api_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(samples.get('api_requests_total{method="GET",route="/api/stats",status="401"}')).toBe(1);
    expect(
      samples.get('api_request_duration_seconds_count{method="GET",route="/api/things/:id"}'),
    ).toBe(2);
    expect(samples.get('api_authentication_failures_total')).toBe(1);
    expect(text).not.toMatch(/8\.8\.8\.8|secret-target|1\.1\.1\.1|no\/such/);
    for (const name of [
      'rate_limit_exceeded_total',
      'cache_hits_total',
      'cache_misses_total',
      'coalesced_requests_total',
      'stale_responses_total',
      'ssh_connections_active',
      'ssh_queue_depth',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(samples.get('ssh_connection_attempts_total{outcome="success"}')).toBe(0);
  });

  it('counts router commands by outcome and stale answers from the probe events', async () => {
    const app = await start();
    const events = app.get(ProbeEvents);
    const base = { device: 'core-1', target: '8.8.8.8', durationMs: 3_000 } as const;
    events.emitTest({ ...base, testType: 'ping', outcome: 'success', source: 'device' });
    events.emitTest({ ...base, testType: 'ping', outcome: 'success', source: 'cache' });
    events.emitTest({ ...base, testType: 'ping', outcome: 'success', source: 'coalesced' });
    events.emitTest({
      ...base,
      testType: 'traceroute',
      outcome: 'error',
      source: 'device',
      errorCode: 'TIMEOUT_ERROR',
    });
    events.emitTest({
      ...base,
      testType: 'ping',
      outcome: 'success',
      source: 'stale',
      errorCode: 'MIKROTIK_CONNECTION_FAILED',
    });
    const { samples } = await scrape(app);
    expect(samples.get('device_commands_total{test_type="ping",outcome="success"}')).toBe(1);
    expect(
      samples.get('device_commands_total{test_type="traceroute",outcome="timeout_error"}'),
    ).toBe(1);
    expect(
      samples.get('device_commands_total{test_type="ping",outcome="mikrotik_connection_failed"}'),
    ).toBe(1);
    expect(samples.get('stale_responses_total{test_type="ping"}')).toBe(1);
    expect(samples.get('device_command_duration_seconds_sum{test_type="ping"}')).toBe(6);

    const stats = await request(app.getHttpServer())
      .get('/api/stats')
      .set('X-API-Key', MONITOR)
      .expect(200);
    expect(stats.body.tests).toEqual({
      ping_tests_24h: 4,
      traceroute_tests_24h: 1,
      failed_tests_24h: 1,
      average_test_duration_ms: 3000,
    });
  });

  it('keeps separate numbers for two apps in one process', async () => {
    const [one, two] = [await start(), await start()];
    await request(one.getHttpServer()).get('/api/things/1').expect(200);
    const { samples } = await scrape(two);
    expect(
      samples.has('api_requests_total{method="GET",route="/api/things/:id",status="200"}'),
    ).toBe(false);
  });

  it('needs a monitor key unless METRICS_PUBLIC=true', async () => {
    const closed = await start();
    await request(closed.getHttpServer()).get('/metrics').expect(401);
    const open = await start({ METRICS_PUBLIC: 'true' });
    await request(open.getHttpServer()).get('/metrics').expect(200);
  });

  it('does not exist with METRICS_ENABLED=false, while /api/stats still counts requests', async () => {
    const app = await start({ METRICS_ENABLED: 'false' });
    const server = app.getHttpServer();
    const missing = await request(server).get('/metrics').set('X-API-Key', MONITOR).expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const stats = await request(server).get('/api/stats').set('X-API-Key', MONITOR).expect(200);
    expect(stats.body).toMatchObject({
      total_requests: 1,
      successful_requests: 0,
      failed_requests: 1,
    });
  });
});
