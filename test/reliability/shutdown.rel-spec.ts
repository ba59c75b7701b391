import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedRouter } from '../../src/simulator/simulated-router';
import { KEYS, startRouters } from '../support/harness';
import { type AppProcess, harnessEnv, spawnApp } from './support/app-process';
import { recordFigures } from './support/figures';
import { call, type Reply, sleep } from './support/http';

// Issue 7, item 4: SIGTERM while 50 tests are running on the routers. Every one of them must be
// answered 200 with its measurement, new connections must be refused at once, and the process
// must exit 0 before REQUEST_TIMEOUT.

const ROUTERS = 5;
const PER_ROUTER = 10;
const REQUEST_TIMEOUT_S = 20;
// Three probes a second apart: each test is on its router for about 2 s.
const RTTS = [4, 5, 6];

const target = (router: number, test: number) => `198.51.100.${router * PER_ROUTER + test + 1}`;

function attempt(port: number): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', () => resolve('refused'));
    socket.connect(port, '127.0.0.1');
  });
}

describe('graceful shutdown of the built app', () => {
  let dir: string;
  let routers: Record<string, SimulatedRouter>;
  let app: AppProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sentinel-rel-shutdown-'));
    const specs = Object.fromEntries(
      Array.from({ length: ROUTERS }, (_, r) => [
        `drain-${r}`,
        {
          targets: Object.fromEntries(
            Array.from({ length: PER_ROUTER }, (_, t) => [target(r, t), { rttMs: RTTS }]),
          ),
        },
      ]),
    );
    const started = await startRouters(specs, dir);
    routers = started.routers;
    app = await spawnApp(
      harnessEnv(dir, started.devicesFile, {
        REQUEST_TIMEOUT: String(REQUEST_TIMEOUT_S),
        SSH_MAX_SESSIONS_PER_DEVICE: String(PER_ROUTER),
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await app?.kill();
    await Promise.all(Object.values(routers ?? {}).map((router) => router.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers all 50 in-flight tests with 200, refuses new connections and exits 0 within REQUEST_TIMEOUT', async () => {
    const port = Number(new URL(app.url).port);
    const tests = Array.from({ length: ROUTERS * PER_ROUTER }, (_, i) => {
      const [r, t] = [Math.floor(i / PER_ROUTER), i % PER_ROUTER];
      return {
        target: target(r, t),
        reply: call(app.url, '/api/test', {
          headers: { Authorization: `Bearer ${KEYS.operator}` },
          body: {
            mikrotik_host: `drain-${r}`,
            test_type: 'ping',
            target: target(r, t),
            count: RTTS.length,
            interval: 1,
            use_cache: false,
          },
        }),
      };
    });
    const answered = new Set<number>();
    tests.forEach(({ reply }, i) => void reply.then(() => answered.add(i)).catch(() => undefined));
    const running = () =>
      Object.values(routers).reduce((sum, router) => sum + router.stats.activeChannels, 0);
    const until = Date.now() + 10_000;
    while (running() < tests.length && Date.now() < until) await sleep(10);
    expect(running()).toBe(tests.length);

    const signalled = Date.now();
    app.child.kill('SIGTERM');
    let refusedAfterMs = Number.POSITIVE_INFINITY;
    let answeredWhenRefused = -1;
    while (Date.now() - signalled < 2_000) {
      if ((await attempt(port)) === 'refused') {
        refusedAfterMs = Date.now() - signalled;
        answeredWhenRefused = answered.size;
        break;
      }
      await sleep(10);
    }
    const replies: Reply[] = await Promise.all(tests.map((test) => test.reply));
    const { code, signal } = await app.exited;
    const exitMs = Date.now() - signalled;

    const wrong = replies.filter(
      (reply, i) =>
        reply.status !== 200 ||
        (reply.body as { target?: string }).target !== tests[i].target ||
        JSON.stringify(
          (reply.body as { results?: { ping_stats?: { rtts_ms?: unknown } } }).results?.ping_stats
            ?.rtts_ms,
        ) !== JSON.stringify(RTTS),
    );
    recordFigures('shutdown', {
      requests: replies.length,
      errors5xx: replies.filter((reply) => reply.status >= 500).length,
      wrongAnswers: wrong.length,
      notes: {
        'SIGTERM with 50 tests in flight':
          `${replies.length - wrong.length}/50 answered 200, new connections refused after ` +
          `${refusedAfterMs} ms, exit ${code} after ${(exitMs / 1000).toFixed(1)} s (REQUEST_TIMEOUT ${REQUEST_TIMEOUT_S} s)`,
      },
    });

    expect(wrong.map((reply) => `${reply.status} ${reply.text.slice(0, 120)}`)).toEqual([]);
    // Refused while the tests were still running, not after they had all finished.
    expect(refusedAfterMs).toBeLessThan(1_000);
    expect(answeredWhenRefused).toBe(0);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(REQUEST_TIMEOUT_S * 1000);
    expect(app.output()).toContain('SIGTERM received: draining');
    // The app closed its SSH sessions on the way out.
    expect(Object.values(routers).every((router) => router.stats.activeConnections === 0)).toBe(
      true,
    );
  }, 60_000);
});
