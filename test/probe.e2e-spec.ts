import request from 'supertest';
import { type Harness, startHarness } from './support/harness';

// Targets are strings the simulated routers answer for; nothing is ever really probed.
const STEADY = '127.0.0.8';
const TRACE_HOPS = [
  { address: '127.0.1.1', rttMs: [1, 1, 1] },
  { address: null },
  {
    address: '127.0.2.1',
    rttMs: [4, 5, 6],
    mpls: [
      { label: 103, exp: 2 },
      { label: 19, exp: 2, ttl: 1 },
    ],
  },
  { address: STEADY },
];
const TARGETS = {
  [STEADY]: { rttMs: [10.412, 9.876, 10.153, 9.934], hops: TRACE_HOPS },
  '127.0.0.9': { outcome: 'timeout' as const },
  '127.0.0.10': { outcome: 'no-route' as const },
  'lossy.example': { resolvesTo: '127.0.0.11', lossPercent: 50, rttMs: [20, 30] },
  'nxdomain.example': { outcome: 'dns-fail' as const },
};

describe('POST /api/test and friends, over real SSH to simulated routers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      // A small output bound so that endless output hits it in well under a second.
      env: { SSH_MAX_RETRIES: '0', SSH_TIMEOUT: '2', SSH_MAX_OUTPUT: '4kb' },
      routers: {
        'sim-v7': { format: 'v7', version: '7.12.2', identity: 'core-v7', targets: TARGETS },
        'sim-v6': {
          format: 'v6',
          version: '6.49.17',
          identity: 'edge-v6',
          targets: { [STEADY]: { rttMs: [10, 12, 11, 13], hops: TRACE_HOPS } },
        },
        'sim-fault': { format: 'v7', targets: TARGETS, slowLoginMs: 10_000 },
      },
    });
  });
  afterAll(async () => h.close());
  afterEach(() => h.routers['sim-fault'].setFault('none'));

  const test = (body: Record<string, unknown>) =>
    request(h.url).post('/api/test').set(h.as('operator')).send(body);
  const fastPing = { test_type: 'ping', count: 4, interval: 0.01, use_cache: false };

  it('measures a v7 ping with microsecond RTTs and the spec statistics', async () => {
    const res = await test({ mikrotik_host: 'sim-v7', target: STEADY, ...fastPing }).expect(200);
    expect(res.body.status).toBe('success');
    expect(res.body.cache_hit).toBe(false);
    const stats = res.body.results.ping_stats;
    expect(stats.packets_sent).toBe(4);
    expect(stats.packets_received).toBe(4);
    expect(stats.packet_loss_percent).toBe(0);
    expect(stats.rtts_ms).toEqual([10.412, 9.876, 10.153, 9.934]);
    expect(stats.rtt_min_ms).toBe(9.876);
    expect(stats.rtt_max_ms).toBe(10.412);
    // (9.934 + 10.153) / 2 = 10.0435, rounded to the microsecond
    expect(stats.rtt_median_ms).toBe(10.044);
    // |9.876-10.412| + |10.153-9.876| + |9.934-10.153| = 0.536 + 0.277 + 0.219
    expect(stats.jitter_ms).toBeCloseTo(1.032 / 3, 3);
    expect(res.body.results.availability_percent).toBe(100);
    expect(res.body.results.parameters).toEqual({ count: 4, size: 64, interval: 0.01 });
    expect(res.body.metadata.transport).toBe('ssh');
    expect(res.headers['x-request-id']).toBe(res.body.metadata.request_id);
    expect(h.routers['sim-v7'].received.at(-1)?.command).toBe(
      `/ping address=${STEADY} count=4 size=64 interval=10ms`,
    );
  });

  it('measures a v6 ping with whole-millisecond RTTs', async () => {
    const res = await test({ mikrotik_host: 'sim-v6', target: STEADY, ...fastPing }).expect(200);
    expect(res.body.results.ping_stats.rtts_ms).toEqual([10, 12, 11, 13]);
    // min/avg/max come from the summary line, which v6 prints in whole milliseconds.
    expect(res.body.results.ping_stats.rtt_avg_ms).toBe(11);
    expect(res.body.results.ping_stats.rtt_median_ms).toBe(11.5);
  });

  it('answers 100 % loss as a successful measurement with null RTTs', async () => {
    const res = await test({ mikrotik_host: 'sim-v7', target: '127.0.0.9', ...fastPing }).expect(
      200,
    );
    const stats = res.body.results.ping_stats;
    expect(stats.packet_loss_percent).toBe(100);
    expect(stats.rtt_avg_ms).toBeNull();
    expect(stats.jitter_ms).toBeNull();
    expect(stats.rtts_ms).toEqual([null, null, null, null]);
    expect(res.body.results.quality_score).toBe(0);
    expect(res.body.results.mos).toBe(1);
  });

  it('counts partial loss on a host name the router resolves', async () => {
    const res = await test({
      mikrotik_host: 'sim-v7',
      target: 'lossy.example',
      ...fastPing,
    }).expect(200);
    expect(res.body.results.ping_stats.packet_loss_percent).toBe(50);
    expect(res.body.results.availability_percent).toBe(50);
  });

  it('reports no route to host as total loss', async () => {
    const res = await test({ mikrotik_host: 'sim-v7', target: '127.0.0.10', ...fastPing }).expect(
      200,
    );
    expect(res.body.results.ping_stats.packets_received).toBe(0);
  });

  it('answers a name the router cannot resolve with MIKROTIK_COMMAND_FAILED and its message', async () => {
    const res = await test({
      mikrotik_host: 'sim-v7',
      target: 'nxdomain.example',
      ...fastPing,
    }).expect(502);
    expect(res.body.error.code).toBe('MIKROTIK_COMMAND_FAILED');
    expect(res.body.details.device_message).toMatch(/dns name does not exist|resolve failed/);
  });

  it.each(['sim-v7', 'sim-v6'])(
    'traces a path with a silent hop and MPLS labels on %s',
    async (device) => {
      const res = await test({
        mikrotik_host: device,
        test_type: 'traceroute',
        target: STEADY,
        count: 1,
        timeout: 0.1,
        use_cache: false,
      }).expect(200);
      const { traceroute_stats: stats } = res.body.results;
      const hops = res.body.results.hops as Array<{
        address: string | null;
        mpls_labels: Array<{ label: number }>;
      }>;
      expect(stats.hop_count).toBe(4);
      expect(stats.reached_target).toBe(true);
      expect(hops[1]).toMatchObject({
        hop: 2,
        address: null,
        loss_percent: 100,
        status: 'timeout',
      });
      expect(hops[2].address).toBe('127.0.2.1');
      expect(hops[2].mpls_labels.map((label) => label.label)).toEqual([103, 19]);
      expect(hops[3].address).toBe(STEADY);
    },
  );

  it('runs a batch in request order and lets one failure stand alone', async () => {
    const res = await request(h.url)
      .post('/api/test/batch')
      .set(h.as('operator'))
      .send({
        mikrotik_host: 'sim-v7',
        tests: [
          { target: STEADY, ...fastPing },
          { target: 'nxdomain.example', ...fastPing },
          { test_type: 'traceroute', target: STEADY, count: 1, timeout: 0.1 },
        ],
      })
      .expect(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.tests_requested).toBe(3);
    expect(res.body.tests_successful).toBe(2);
    expect((res.body.results as Array<{ status: string }>).map((r) => r.status)).toEqual([
      'success',
      'error',
      'success',
    ]);
    expect(res.body.results[1].error.code).toBe('MIKROTIK_COMMAND_FAILED');
  });

  it('logs in for a connection test and reports the device', async () => {
    const res = await request(h.url)
      .post('/api/connection-test')
      .set(h.as('operator'))
      .send({ mikrotik_host: 'sim-v7' })
      .expect(200);
    const test = res.body.connection_test;
    expect(test.ssh_connection_successful).toBe(true);
    expect(test.host_key_sha256).toBe(h.routers['sim-v7'].hostKeySha256);
    expect(test.device_info.identity).toBe('core-v7');
    expect(test.device_info.version).toBe('7.12.2');
  });

  it('takes credentials in the request for a router outside the inventory', async () => {
    const address = h.routers['sim-v7'].address;
    if (address === null) throw new Error('router not started');
    const res = await test({
      mikrotik_host: address.host,
      mikrotik_port: address.port,
      mikrotik_user: 'sentinel',
      mikrotik_password: 'router-secret-pw-42',
      target: STEADY,
      ...fastPing,
    }).expect(200);
    expect(res.body.mikrotik_host).toBe(address.host);
  });

  describe('faults answer the right code within a bound', () => {
    const timed = async (body: Record<string, unknown>) => {
      const started = Date.now();
      const res = await test(body);
      return { res, ms: Date.now() - started };
    };
    const ping = { mikrotik_host: 'sim-fault', target: STEADY, ...fastPing, count: 1 };

    it.each([
      ['wrong-password', 502, 'MIKROTIK_AUTH_FAILED', 5000],
      ['refuse', 502, 'MIKROTIK_CONNECTION_FAILED', 5000],
      ['slow-login', 502, 'MIKROTIK_CONNECTION_FAILED', 6000],
      ['hang', 504, 'TIMEOUT_ERROR', 10000],
      ['drop-mid-output', 502, 'MIKROTIK_CONNECTION_FAILED', 5000],
      ['garbage', 502, 'MIKROTIK_COMMAND_FAILED', 5000],
      ['endless-output', 502, 'MIKROTIK_COMMAND_FAILED', 5000],
    ] as const)(
      '%s answers %i %s',
      async (fault, status, code, boundMs) => {
        h.routers['sim-fault'].setFault(fault);
        const { res, ms } = await timed(ping);
        expect(res.status).toBe(status);
        expect(res.body.status).toBe('error');
        expect(res.body.error.code).toBe(code);
        expect(ms).toBeLessThan(boundMs);
      },
      20_000,
    );
  });
});
