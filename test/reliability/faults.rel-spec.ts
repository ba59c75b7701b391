import { readFileSync } from 'node:fs';
import type { FaultMode } from '../../src/simulator/simulator.types';
import { type Harness, KEYS, ROUTER_PASSWORD, startHarness } from '../support/harness';
import { ISOLATION_EXTRA_MS } from './support/bounds';
import { percentile, recordFigures } from './support/figures';
import { call, errorCode, type Reply, sleep } from './support/http';
import { type Residue, residue, settle } from './support/leaks';

// Issue 7, items 1 and 2: every router fault we can produce, through a simulated device over
// real SSH, answered with the right code within its bound, and nothing left behind afterwards:
// no SSH connection or exec channel (pool and device side), no slot or queue entry, no socket or
// timer beyond the baseline. Then the same router answers correctly again.

const TARGET = '192.0.2.1';
const RTT = 2.5;
const TARGETS = { [TARGET]: { rttMs: [RTT] } };
// Three logins of one router, each its own pool key and so its own SSH session.
const SESSION_USERS = ['user-a', 'user-b', 'user-c'];
// Ping deadline: (count-1) x interval + 1 s reply wait + 5 s margin (measurement.runner.ts).
const PING_DEADLINE_MS = 6_000;
const SETTLE_MS = 8_000;

interface FaultCase {
  fault: FaultMode;
  status: number;
  code: string;
  boundMs: number;
}

// SSH_TIMEOUT 2 s, SSH_MAX_RETRIES 1 (250 ms backoff), SSH_MAX_OUTPUT 8 KiB.
const ROUTER_FAULTS: FaultCase[] = [
  { fault: 'wrong-password', status: 502, code: 'MIKROTIK_AUTH_FAILED', boundMs: 3_000 },
  { fault: 'refuse', status: 502, code: 'MIKROTIK_CONNECTION_FAILED', boundMs: 3_000 },
  { fault: 'slow-login', status: 502, code: 'MIKROTIK_CONNECTION_FAILED', boundMs: 7_000 },
  { fault: 'hang', status: 504, code: 'TIMEOUT_ERROR', boundMs: PING_DEADLINE_MS + 2_000 },
  { fault: 'drop-mid-output', status: 502, code: 'MIKROTIK_CONNECTION_FAILED', boundMs: 3_000 },
  { fault: 'garbage', status: 502, code: 'MIKROTIK_COMMAND_FAILED', boundMs: 3_000 },
  { fault: 'endless-output', status: 502, code: 'MIKROTIK_COMMAND_FAILED', boundMs: 5_000 },
];
const FAULTS_TOTAL = ROUTER_FAULTS.length + 2; // + host key change, + third session refused

describe('router faults through the simulated device', () => {
  let h: Harness;
  let baseline: Residue;
  const survived = new Set<string>();
  const timings: Record<string, string> = {};
  let leakedSessions = 0;
  let requests = 0;
  let errors5xx = 0;

  const ping = (device: string, extra: Record<string, unknown> = {}) =>
    call(h.url, '/api/test', {
      headers: { Authorization: `Bearer ${KEYS.operator}` },
      body: {
        mikrotik_host: device,
        test_type: 'ping',
        target: TARGET,
        count: 1,
        interval: 0.01,
        use_cache: false,
        ...extra,
      },
    });

  // A request whose right answer is a measurement: counted, and checked against the device.
  const expectMeasured = (reply: Reply) => {
    requests += 1;
    if (reply.status >= 500) errors5xx += 1;
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      status: 'success',
      results: { ping_stats: { packets_sent: 1, packets_received: 1, rtts_ms: [RTT] } },
    });
  };

  const expectNothingLeft = async (what: string) => {
    const { leaked, residue: left } = await settle(h, baseline, SETTLE_MS);
    leakedSessions += leaked;
    if (leaked > 0) throw new Error(`${what} left ${leaked} behind: ${JSON.stringify(left)}`);
  };

  beforeAll(async () => {
    h = await startHarness({
      env: {
        SSH_TIMEOUT: '2',
        SSH_MAX_RETRIES: '1',
        SSH_MAX_OUTPUT: '8kb',
        // Idle connections close after 1 s, so "nothing left" can be checked to the last socket.
        SSH_IDLE_TIMEOUT: '1',
      },
      routers: {
        faulty: { targets: TARGETS },
        'healthy-a': { targets: TARGETS },
        'healthy-b': { targets: TARGETS },
        rotating: { targets: TARGETS },
        'two-sessions': {
          targets: TARGETS,
          maxSessions: 2,
          users: SESSION_USERS.map((username) => ({ username, password: ROUTER_PASSWORD })),
        },
      },
    });
    // Warm up every lazily created part (audit file, metrics, pool) before the baseline.
    expectMeasured(await ping('healthy-a'));
    baseline = residue(h);
    baseline = (await settle(h, { ...baseline, resources: {} }, SETTLE_MS)).residue;
    baseline = { ...baseline, resources: residue(h).resources };
  }, 30_000);

  afterAll(async () => {
    recordFigures('faults', {
      faultsSurvived: survived.size,
      faultsTotal: FAULTS_TOTAL,
      leakedSessions,
      requests,
      errors5xx,
      notes: timings,
    });
    await h?.close();
  });

  afterEach(() => {
    for (const router of Object.values(h.routers)) router.setFault('none');
  });

  it.each(ROUTER_FAULTS)(
    '$fault answers $status $code within $boundMs ms, leaves nothing behind, and the router works again',
    async ({ fault, status, code, boundMs }) => {
      h.routers.faulty.setFault(fault);
      const reply = await ping('faulty');
      expect({ status: reply.status, code: errorCode(reply) }).toEqual({ status, code });
      expect(reply.ms).toBeLessThan(boundMs);
      h.routers.faulty.setFault('none');
      expectMeasured(await ping('faulty'));
      await expectNothingLeft(fault);
      timings[`fault ${fault}`] = `${status} ${code} in ${Math.round(reply.ms)} ms`;
      survived.add(fault);
    },
    30_000,
  );

  it('refuses a changed host key with MIKROTIK_HOST_KEY_MISMATCH and an audit event, and leaves nothing behind', async () => {
    expectMeasured(await ping('rotating'));
    await expectNothingLeft('the pinned key');
    const rotated = h.routers.rotating.rotateHostKey();
    const reply = await ping('rotating');
    expect({ status: reply.status, code: errorCode(reply) }).toEqual({
      status: 502,
      code: 'MIKROTIK_HOST_KEY_MISMATCH',
    });
    expect(reply.ms).toBeLessThan(3_000);
    // Refused before any credential is sent: the device never saw a login.
    expect(h.routers.rotating.received).toHaveLength(1);
    // The audit file is written asynchronously (winston): the line may land just after the answer.
    const audited = () =>
      readFileSync(h.auditLog, 'utf8')
        .split('\n')
        .some((line) => line.includes('"host_key_mismatch"') && line.includes(rotated));
    for (let waited = 0; !audited() && waited < 3_000; waited += 50) await sleep(50);
    expect(audited()).toBe(true);
    await expectNothingLeft('host key change');
    timings['fault host key changed'] =
      `502 MIKROTIK_HOST_KEY_MISMATCH in ${Math.round(reply.ms)} ms`;
    survived.add('host-key-changed');
  });

  it('runs ten concurrent tests over one session of a router that accepts only two', async () => {
    const router = h.routers['two-sessions'];
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, router.stats.activeConnections)), 5);
    try {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          call(h.url, '/api/test', {
            headers: { Authorization: `Bearer ${KEYS.operator}` },
            body: {
              mikrotik_host: router.address?.host,
              mikrotik_port: router.address?.port,
              mikrotik_user: 'user-a',
              mikrotik_password: ROUTER_PASSWORD,
              test_type: 'ping',
              target: TARGET,
              count: 1,
              interval: 0.01,
              use_cache: false,
            },
          }),
        ),
      );
      for (const reply of replies) expectMeasured(reply);
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBe(1);
    await expectNothingLeft('ten tests on one session');
  });

  it('answers MIKROTIK_CONNECTION_FAILED when a router refuses a third session, and serves it once one is free', async () => {
    const router = h.routers['two-sessions'];
    const { host, port } = router.address ?? { host: '', port: 0 };
    const as = (user: string, count: number) =>
      call(h.url, '/api/test', {
        headers: { Authorization: `Bearer ${KEYS.operator}` },
        body: {
          mikrotik_host: host,
          mikrotik_port: port,
          mikrotik_user: user,
          mikrotik_password: ROUTER_PASSWORD,
          test_type: 'ping',
          target: TARGET,
          count,
          interval: 1,
          use_cache: false,
        },
      });
    // Two logins hold both sessions for ~2 s each.
    const holding = [as('user-a', 3), as('user-b', 3)];
    const until = Date.now() + 5_000;
    while (router.stats.activeChannels < 2 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(router.stats.activeChannels).toBe(2);
    const third = await as('user-c', 1);
    expect({ status: third.status, code: errorCode(third) }).toEqual({
      status: 502,
      code: 'MIKROTIK_CONNECTION_FAILED',
    });
    expect(third.ms).toBeLessThan(3_000);
    for (const reply of await Promise.all(holding)) {
      requests += 1;
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        results: { ping_stats: { packets_sent: 3, packets_received: 3, rtts_ms: [RTT, RTT, RTT] } },
      });
    }
    // Both sessions idle out (1 s), and the third login gets in.
    await expectNothingLeft('two sessions');
    const later = await as('user-c', 1);
    requests += 1;
    expect(later.status).toBe(200);
    await expectNothingLeft('the third session');
    timings['fault third session refused'] =
      `502 MIKROTIK_CONNECTION_FAILED in ${Math.round(third.ms)} ms`;
    survived.add('third-session-refused');
  }, 30_000);

  it('keeps answering other routers at their usual speed while one router hangs', async () => {
    const healthy = ['healthy-a', 'healthy-b'];
    const sample = async (rounds: number) => {
      const latencies: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const reply = await ping(healthy[i % healthy.length]);
        expectMeasured(reply);
        latencies.push(reply.ms);
      }
      return latencies;
    };
    const before = await sample(30);
    h.routers.faulty.setFault('hang');
    // Four tests on the hanging router: two hold its sessions, two wait in its queue.
    const hanging = Array.from({ length: 4 }, () => ping('faulty'));
    const until = Date.now() + 5_000;
    while (h.routers.faulty.stats.activeChannels < 2 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const during = await sample(30);
    const hung = await Promise.all(hanging);
    h.routers.faulty.setFault('none');
    // Those holding a session time out; those still queued at their deadline are told it is busy.
    for (const reply of hung) {
      expect(['504 TIMEOUT_ERROR', '503 DEVICE_BUSY']).toContain(
        `${reply.status} ${errorCode(reply)}`,
      );
    }
    expect(hung.filter((reply) => reply.status === 504).length).toBeGreaterThanOrEqual(2);
    const p99Before = percentile(before, 99);
    const p99During = percentile(during, 99);
    timings['isolation p99 (others, one router hanging)'] =
      `${Math.round(p99During)} ms (before: ${Math.round(p99Before)} ms)`;
    expect(p99During).toBeLessThan(p99Before + ISOLATION_EXTRA_MS);
    await expectNothingLeft('the hang');
  }, 30_000);
});
