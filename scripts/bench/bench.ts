// `npm run bench [-- --quick] [-- --out FILE]`: the collector's speed, cost and scale on loopback.
// Starts Redis (a private redis-server), the simulated routers (their own process) and the
// production build of the collector (its own process), runs every measurement, prints a table,
// writes the JSON of issue 6 and an SVG of fan-out wall time against devices.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { Socket } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'ssh2';
import { serveBaseline } from './baseline';
import { type FanoutPoint, fanoutChart } from './chart';
import { getJson, hammer, median, percentile, pool, post } from './load';
import {
  firstJsonLine,
  freePort,
  Processes,
  rssMb,
  snapshotBuild,
  start,
  until200,
} from './processes';

const REPO = resolve(__dirname, '..', '..');
const ROUTERS = 500;
const SESSIONS_PER_DEVICE = 2;
// The simulator answers an unlisted IP target in 10 ms; probes go out `interval` apart, so a ping
// of `count` probes takes (count - 1) x interval + 10 ms on the device.
const SIM_RTT_MS = 10;
const pingDeviceMs = (count: number, intervalS: number) =>
  (count - 1) * intervalS * 1000 + SIM_RTT_MS;

interface Options {
  quick: boolean;
  out?: string;
  chart: string;
  dist: string;
  redisUrl?: string;
}

interface SimRouter {
  name: string;
  host: string;
  port: number;
  hostKeySha256: string;
}
interface SimStats {
  name: string;
  handshakes: number;
  activeConnections: number;
  execs: number;
  received: number;
}

export interface BenchResult {
  cache_hit: { rps: number; p50_ms: number; p99_ms: number; baseline_rps: number; ratio: number };
  ssh: { overhead_p50_ms: number; overhead_p99_ms: number; requests: number; handshakes: number };
  fanout: { devices: number; tests: number; wall_s: number; ideal_s: number; ratio: number };
  coalescing: { concurrent: number; device_execs: number };
  memory: {
    rss_mb_idle: number;
    rss_mb_devices: number;
    devices_connected: number;
    rss_growth_percent: number;
  };
  startup: { ready_ms: number };
}

/** Figures the JSON of the issue has no field for, shown in the table. */
interface Extra {
  startupRuns: number[];
  sshDirectP50: number;
  sshP50: number;
  coalescingWallS: number;
  coalescingOk: number;
  fanoutPoints: FanoutPoint[];
  fanoutColdS: number;
  cacheRequests: number;
  cacheErrors: number;
  baselineP50: number;
  baselineP99: number;
  rssRound1: number;
  rssRound2: number;
  rssAfterLoad: number;
  load: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      chart: { type: 'string' },
      dist: { type: 'string' },
      'redis-url': { type: 'string' },
      'serve-baseline': { type: 'string', multiple: true },
    },
    strict: true,
  });
  if (values['serve-baseline'] !== undefined) {
    const [redisUrl, key, bodyFile] = values['serve-baseline'];
    await serveBaseline(redisUrl, key, bodyFile);
    return;
  }
  const options: Options = {
    quick: values.quick === true,
    out: values.out === undefined ? undefined : resolve(values.out),
    chart: resolve(values.chart ?? join(REPO, 'docs', 'benchmarks', 'fanout.svg')),
    dist: resolve(values.dist ?? join(REPO, 'dist')),
    redisUrl: values['redis-url'],
  };
  const processes = new Processes();
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-'));
  let cleanup: (() => Promise<void>) | undefined;
  const stop = async () => {
    await processes.stopAll();
    await cleanup?.();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const redis = await startRedis(processes, options.redisUrl);
    cleanup = redis.cleanup;
    const { result, extra } = await run(options, processes, dir, redis.url);
    report(result, extra, options);
  } finally {
    await stop();
  }
}

async function run(
  options: Options,
  processes: Processes,
  dir: string,
  redisUrl: string,
): Promise<{ result: BenchResult; extra: Extra }> {
  const started = performance.now();
  const step = (what: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
  const quick = options.quick;
  const snapshot = snapshotBuild(REPO, options.dist, dir);
  const password = randomBytes(12).toString('base64url');
  const secret = randomBytes(24).toString('base64url');

  step(`starting ${ROUTERS} simulated routers`);
  const simulator = start(
    processes,
    process.execPath,
    [
      join(snapshot, 'simulator', 'simulator.main.js'),
      ...['--count', String(ROUTERS), '--user', 'bench', '--password', password],
      ...['--stats-port', '0'],
    ],
    { PATH: process.env.PATH },
  );
  const ready = await firstJsonLine(
    simulator,
    (v): v is { routers: SimRouter[]; statsUrl: string } =>
      typeof v === 'object' && v !== null && 'statsUrl' in v,
    60_000,
    'simulator',
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${simulator.stderrTail()}`);
  });
  const routers = ready.routers;
  const simStats = async () =>
    new Map(
      (await getJson<{ routers: SimStats[] }>(ready.statsUrl)).routers.map((r) => [r.name, r]),
    );

  const devicesFile = join(dir, 'devices.yaml');
  writeFileSync(
    devicesFile,
    [
      'devices:',
      ...routers.flatMap((r) => [
        `  - name: ${r.name}`,
        `    host: ${r.host}`,
        `    port: ${r.port}`,
        '    username: bench',
        '    password_env: BENCH_ROUTER_PASSWORD',
        `    host_key_sha256: "${r.hostKeySha256}"`,
      ]),
      '',
    ].join('\n'),
  );
  const appPort = await freePort();
  const base = `http://127.0.0.1:${appPort}`;
  const appEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    COLLECTOR_HOST: '127.0.0.1',
    COLLECTOR_PORT: String(appPort),
    LOG_LEVEL: 'warn',
    API_KEYS: `bench:operator:${secret}`,
    DEVICES_FILE: devicesFile,
    BENCH_ROUTER_PASSWORD: password,
    REDIS_URL: redisUrl,
    CACHE_TTL: '3600',
    RATE_LIMIT_PER_API_KEY: '100000000/min',
    RATE_LIMIT_GLOBAL: '100000000/min',
    AUDIT_LOG_FILE: join(dir, 'audit', 'security_audit.log'),
    KNOWN_HOSTS_FILE: join(dir, 'known_hosts'),
    SSH_MAX_SESSIONS_PER_DEVICE: String(SESSIONS_PER_DEVICE),
    SSH_IDLE_TIMEOUT: '3600',
  };

  // ---- startup: process start to /api/health/ready 200, with the 500-device inventory.
  const startupRuns: number[] = [];
  const runs = quick ? 3 : 5;
  let app = undefined as ReturnType<typeof start> | undefined;
  for (let i = 0; i < runs; i += 1) {
    step(`startup ${i + 1}/${runs}`);
    if (app !== undefined) await processes.stop(app);
    const t0 = performance.now();
    app = start(processes, process.execPath, [join(snapshot, 'main.js')], appEnv);
    app.stdout?.resume();
    const t1 = await until200(`${base}/api/health/ready`, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${app?.stderrTail() ?? ''}`);
    });
    startupRuns.push(t1 - t0);
  }
  if (app?.pid === undefined) throw new Error('the collector did not start');
  const appPid = app.pid;

  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${secret}`,
  };
  const testUrl = `${base}/api/test`;
  const ping = (device: string, target: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ mikrotik_host: device, test_type: 'ping', target, ...extra });
  const expectOk = (answer: { status: number; body: string }, what: string) => {
    if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status} ${answer.body}`);
  };

  // ---- ssh: sequential fresh tests on one router, one login for all of them.
  step('ssh overhead: 200 sequential fresh tests');
  const sshDevice = routers[0].name;
  const sshBody = ping(sshDevice, '10.1.0.1', { count: 1, use_cache: false });
  const sshBefore = (await simStats()).get(sshDevice);
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  const sshSamples: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const answer = await post(testUrl, headers, sshBody, keepAlive);
    expectOk(answer, 'ssh test');
    sshSamples.push(answer.ms);
  }
  keepAlive.destroy();
  const sshAfter = (await simStats()).get(sshDevice);
  const handshakes = (sshAfter?.handshakes ?? 0) - (sshBefore?.handshakes ?? 0);
  const sshDeviceMs = pingDeviceMs(1, 0);
  const overheads = sshSamples.map((ms) => ms - sshDeviceMs);
  step('ssh2 direct: the same command straight to a simulated router');
  const sshDirect = await directExec(
    routers[3],
    password,
    '/ping address=10.1.0.1 count=1 size=64 interval=1s',
    quick ? 50 : 100,
  );

  // ---- coalescing: 500 identical requests at once.
  step('coalescing: 500 identical requests at once');
  const coalesceDevice = routers[1].name;
  const coalesceBody = ping(coalesceDevice, '10.2.0.1', {
    count: 10,
    interval: 0.2,
    use_cache: false,
  });
  const coalesceBefore = (await simStats()).get(coalesceDevice);
  const coalesceStart = performance.now();
  const coalesced = await Promise.all(
    Array.from({ length: 500 }, () => post(testUrl, headers, coalesceBody, false)),
  );
  const coalescingWallS = (performance.now() - coalesceStart) / 1000;
  const coalesceAfter = (await simStats()).get(coalesceDevice);
  const deviceExecs = (coalesceAfter?.received ?? 0) - (coalesceBefore?.received ?? 0);
  const coalescingOk = coalesced.filter((a) => a.status === 200).length;

  // ---- cache_hit: the collector against the bare node:http baseline, same Redis GET, same bytes.
  step('cache hit: seeding the entry');
  const cacheDevice = routers[2].name;
  const cacheBody = ping(cacheDevice, '10.3.0.1', { count: 1 });
  const seedAgent = new Agent({ keepAlive: false });
  expectOk(await post(testUrl, headers, cacheBody, seedAgent), 'cache seed');
  const hit = await post(testUrl, headers, cacheBody, seedAgent);
  expectOk(hit, 'cache hit');
  const hitJson = JSON.parse(hit.body) as { cache_hit: boolean; metadata: { cache_key: string } };
  if (!hitJson.cache_hit) throw new Error('the second identical test was not a cache hit');
  const redisKey = `sentinel:cache:${hitJson.metadata.cache_key}`;
  const bodyFile = join(dir, 'cache-hit.json');
  writeFileSync(bodyFile, hit.body);
  const baseline = fork(
    __filename,
    ['--serve-baseline', redisUrl, '--serve-baseline', redisKey, '--serve-baseline', bodyFile],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  processes.track(baseline);
  const baselinePort = await new Promise<number>((resolveMessage, reject) => {
    baseline.once('message', (message: { port: number }) => resolveMessage(message.port));
    baseline.once('exit', () => reject(new Error('the baseline server exited')));
  });
  const seconds = quick ? 5 : 15;
  const load = (url: string, s: number) =>
    hammer({ url, headers, body: cacheBody, connections: 64, seconds: s });
  const baselineUrl = `http://127.0.0.1:${baselinePort}/api/test`;
  step(`cache hit: baseline, ${seconds} s`);
  await load(baselineUrl, 2);
  const base1 = await load(baselineUrl, seconds);
  step(`cache hit: collector, ${seconds} s`);
  await load(testUrl, 2);
  const app1 = await load(testUrl, seconds);
  let baseRun = base1;
  let appRun = app1;
  if (!quick) {
    // A second pair, in the other order, so a slow moment of the machine does not favour one.
    step(`cache hit: collector again, ${seconds} s`);
    const app2 = await load(testUrl, seconds);
    step(`cache hit: baseline again, ${seconds} s`);
    const base2 = await load(baselineUrl, seconds);
    baseRun = mean(base1, base2);
    appRun = mean(app1, app2);
  }
  await processes.stop(baseline);

  // ---- fanout: devices x 5 tests at once, connections already pooled (steady state).
  const fanoutDevices = routers.slice(10, 110).map((r) => r.name);
  step('fan-out: logging in to 100 routers (one test each)');
  await Promise.all(
    fanoutDevices.map(async (device) =>
      expectOk(
        await post(
          testUrl,
          headers,
          ping(device, '10.4.0.1', { count: 1, use_cache: false }),
          false,
        ),
        'fan-out warm-up',
      ),
    ),
  );
  const fanoutBody = (device: string, t: number) =>
    ping(device, `10.5.0.${t + 1}`, { count: 4, interval: 0.2, use_cache: false });
  const fanout = async (devices: readonly string[]) => {
    const t0 = performance.now();
    const answers = await Promise.all(
      devices.flatMap((device) =>
        Array.from({ length: 5 }, (_, t) => post(testUrl, headers, fanoutBody(device, t), false)),
      ),
    );
    const wallS = (performance.now() - t0) / 1000;
    const failed = answers.filter((a) => a.status !== 200);
    if (failed.length > 0) {
      throw new Error(
        `fan-out: ${failed.length} failed, e.g. ${failed[0].status} ${failed[0].body}`,
      );
    }
    return wallS;
  };
  const fanoutPoints: FanoutPoint[] = [];
  for (const n of [10, 50, 100]) {
    const reps = quick ? 1 : 3;
    const walls: number[] = [];
    for (let i = 0; i < reps; i += 1) {
      step(`fan-out: ${n} devices x 5 tests (${i + 1}/${reps})`);
      walls.push(await fanout(fanoutDevices.slice(0, n)));
      await sleep(500);
    }
    fanoutPoints.push({ devices: n, wallS: median(walls) });
  }
  step('fan-out: 100 routers never logged in to (100 logins included)');
  const fanoutColdS = await fanout(routers.slice(110, 210).map((r) => r.name));
  const idealS = Math.ceil(5 / SESSIONS_PER_DEVICE) * (pingDeviceMs(4, 0.2) / 1000);

  // ---- memory: in a fresh collector, so the heap that the 64-connection load above grew is not
  // counted as the routers' cost (V8 keeps it as RSS); that process's RSS is shown as a detail.
  const rssAfterLoad = rssMb(appPid);
  step('memory: a fresh collector, idle');
  await processes.stop(app);
  const t0 = performance.now();
  app = start(processes, process.execPath, [join(snapshot, 'main.js')], appEnv);
  app.stdout?.resume();
  startupRuns.push((await until200(`${base}/api/health/ready`, 30_000)) - t0);
  if (app.pid === undefined) throw new Error('the collector did not start');
  const memoryPid = app.pid;
  await sleep(2_000);
  const rssIdle = rssMb(memoryPid);
  // Every router connected and pooled, then two identical rounds of 20k requests.
  step(`memory: connecting all ${ROUTERS} routers`);
  await pool(routers, 100, async (r) =>
    expectOk(
      await post(testUrl, headers, ping(r.name, '10.6.0.1', { count: 1, use_cache: false }), false),
      'connect',
    ),
  );
  await sleep(2_000);
  const connected = [...(await simStats()).values()].filter((s) => s.activeConnections > 0).length;
  const rssDevices = rssMb(memoryPid);
  step('memory: round 1 of 20k requests');
  await hammer({ url: testUrl, headers, body: cacheBody, connections: 64, amount: 20_000 });
  await sleep(2_000);
  const rssRound1 = rssMb(memoryPid);
  step('memory: round 2 of 20k requests');
  await hammer({ url: testUrl, headers, body: cacheBody, connections: 64, amount: 20_000 });
  await sleep(2_000);
  const rssRound2 = rssMb(memoryPid);
  step('done; stopping');

  const result: BenchResult = {
    cache_hit: {
      rps: round(appRun.rps, 0),
      p50_ms: round(appRun.p50, 2),
      p99_ms: round(appRun.p99, 2),
      baseline_rps: round(baseRun.rps, 0),
      ratio: round(appRun.rps / baseRun.rps, 3),
    },
    ssh: {
      overhead_p50_ms: round(percentile(overheads, 50), 2),
      overhead_p99_ms: round(percentile(overheads, 99), 2),
      requests: sshSamples.length,
      handshakes,
    },
    fanout: {
      devices: 100,
      tests: 500,
      wall_s: round(fanoutPoints[fanoutPoints.length - 1].wallS, 3),
      ideal_s: round(idealS, 3),
      ratio: round(fanoutPoints[fanoutPoints.length - 1].wallS / idealS, 3),
    },
    coalescing: { concurrent: 500, device_execs: deviceExecs },
    memory: {
      rss_mb_idle: round(rssIdle, 1),
      rss_mb_devices: round(rssDevices, 1),
      devices_connected: connected,
      rss_growth_percent: round(((rssRound2 - rssRound1) / rssRound1) * 100, 2),
    },
    startup: { ready_ms: round(median(startupRuns), 0) },
  };
  const extra: Extra = {
    startupRuns,
    sshDirectP50: percentile(sshDirect, 50),
    sshP50: percentile(sshSamples, 50),
    coalescingWallS,
    coalescingOk,
    fanoutPoints,
    fanoutColdS,
    cacheRequests: appRun.requests,
    cacheErrors: appRun.non2xx + appRun.errors,
    baselineP50: baseRun.p50,
    baselineP99: baseRun.p99,
    rssRound1,
    rssRound2,
    rssAfterLoad,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
  return { result, extra };
}

/** `count` execs of `command` on one ssh2 connection straight to a simulated router (ms each). */
async function directExec(
  router: SimRouter,
  password: string,
  command: string,
  count: number,
): Promise<number[]> {
  const client = new Client();
  // Nagle off, as the collector does: otherwise each exchange waits for a delayed ACK (~40 ms).
  const sock = new Socket();
  sock.setNoDelay(true);
  await new Promise<void>((resolveReady, reject) => {
    client.once('ready', () => resolveReady());
    client.once('error', reject);
    sock.connect(router.port, router.host);
    client.connect({ sock, username: 'bench', password });
  });
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const t0 = performance.now();
      await new Promise<void>((resolveExec, reject) => {
        client.exec(command, (error, channel) => {
          if (error !== undefined) return reject(error);
          channel.on('data', () => undefined);
          channel.stderr.on('data', () => undefined);
          channel.once('close', () => resolveExec());
          channel.end();
        });
      });
      samples.push(performance.now() - t0);
    }
  } finally {
    client.end();
  }
  return samples;
}

async function startRedis(
  processes: Processes,
  url: string | undefined,
): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (url !== undefined) {
    // A shared Redis: only a database that is empty now, emptied again afterwards.
    const client = new Redis(url, { lazyConnect: true });
    await client.connect();
    const size = await client.dbsize();
    if (size > 0) {
      client.disconnect();
      throw new Error(`${url} holds ${size} keys: give --redis-url an empty database (/N)`);
    }
    return {
      url,
      cleanup: async () => {
        await client.flushdb();
        client.disconnect();
      },
    };
  }
  const port = await freePort();
  const server = start(
    processes,
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { PATH: process.env.PATH },
  );
  server.stdout?.resume();
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline || server.exitCode !== null) {
        throw new Error(
          `redis-server did not start (${String(error)}); pass --redis-url redis://127.0.0.1:6379/N to use a running one\n${server.stderrTail()}`,
        );
      }
      client.disconnect();
      await sleep(100);
    }
  }
  client.disconnect();
  return { url: `redis://127.0.0.1:${port}/0`, cleanup: async () => undefined };
}

function report(result: BenchResult, extra: Extra, options: Options): void {
  const { cache_hit: c, ssh, fanout: f, coalescing, memory: m, startup } = result;
  const ok = (pass: boolean) => (pass ? 'yes' : '**NO**');
  const rows: Array<[string, string, string, string]> = [
    ['cache_hit rps (64 connections)', `${c.rps}`, '', ''],
    ['cache_hit baseline_rps (node:http + same Redis GET)', `${c.baseline_rps}`, '', ''],
    ['cache_hit ratio', `${c.ratio}`, '>= 0.5', ok(c.ratio >= 0.5)],
    ['cache_hit p50 ms', `${c.p50_ms}`, '', ''],
    ['cache_hit p99 ms', `${c.p99_ms}`, '<= 25', ok(c.p99_ms <= 25)],
    ['ssh overhead p50 ms', `${ssh.overhead_p50_ms}`, '<= 5', ok(ssh.overhead_p50_ms <= 5)],
    ['ssh overhead p99 ms', `${ssh.overhead_p99_ms}`, '<= 20', ok(ssh.overhead_p99_ms <= 20)],
    ['ssh handshakes for 200 requests', `${ssh.handshakes}`, '= 1', ok(ssh.handshakes === 1)],
    ['fanout wall s (100 devices x 5 tests)', `${f.wall_s}`, '', ''],
    ['fanout ideal s', `${f.ideal_s}`, '', ''],
    ['fanout ratio', `${f.ratio}`, '<= 1.5', ok(f.ratio <= 1.5)],
    [
      'coalescing device_execs (500 at once)',
      `${coalescing.device_execs}`,
      '= 1',
      ok(coalescing.device_execs === 1),
    ],
    ['memory rss_mb_idle', `${m.rss_mb_idle}`, '', ''],
    ['memory rss_mb_devices', `${m.rss_mb_devices}`, '<= 250', ok(m.rss_mb_devices <= 250)],
    ['memory devices_connected', `${m.devices_connected}`, '500', ok(m.devices_connected >= 500)],
    [
      'memory rss_growth_percent (2nd 20k round)',
      `${m.rss_growth_percent}`,
      '<= 10',
      ok(m.rss_growth_percent <= 10),
    ],
    ['startup ready_ms (median)', `${startup.ready_ms}`, '<= 1500', ok(startup.ready_ms <= 1500)],
  ];
  const details: Array<[string, string]> = [
    [
      'cache_hit baseline p50 / p99 ms',
      `${round(extra.baselineP50, 2)} / ${round(extra.baselineP99, 2)}`,
    ],
    ['cache_hit requests measured (errors)', `${extra.cacheRequests} (${extra.cacheErrors})`],
    ['ssh response p50 ms (device time 10 ms)', `${round(extra.sshP50, 2)}`],
    ['ssh2 direct exec p50 ms (same command, bare ssh2 client)', `${round(extra.sshDirectP50, 2)}`],
    [
      'coalescing wall s (200 OK of 500)',
      `${round(extra.coalescingWallS, 2)} (${extra.coalescingOk})`,
    ],
    [
      'fanout wall s at 10 / 50 / 100 devices',
      extra.fanoutPoints.map((p) => round(p.wallS, 2)).join(' / '),
    ],
    ['fanout wall s, 100 routers not yet logged in to', `${round(extra.fanoutColdS, 2)}`],
    [
      'memory rss after 20k round 1 / round 2 MB',
      `${round(extra.rssRound1, 1)} / ${round(extra.rssRound2, 1)}`,
    ],
    [
      'memory rss of the first collector after the cache-hit and fan-out phases MB',
      `${round(extra.rssAfterLoad, 1)}`,
    ],
    [
      'startup runs ms (the last: the fresh collector for memory)',
      extra.startupRuns.map((ms) => round(ms, 0)).join(', '),
    ],
    [
      'machine',
      `${cpus().length} x ${cpus()[0]?.model.trim() ?? '?'}, ${round(totalmem() / 2 ** 30, 1)} GiB, node ${process.version}`,
    ],
    ['load average at the end', extra.load],
  ];
  const lines = [
    `| figure | value | target | met |`,
    `|---|---:|---|---|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `| detail | value |`,
    `|---|---:|`,
    ...details.map((d) => `| ${d.join(' | ')} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  mkdirSync(dirname(options.chart), { recursive: true });
  writeFileSync(
    options.chart,
    fanoutChart(
      extra.fanoutPoints,
      result.fanout.ideal_s,
      `Fan-out: 5 pings (count 4, 0.2 s) per device, all at once`,
    ),
  );
  process.stdout.write(`chart: ${options.chart}\n`);
  if (options.out !== undefined) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`json: ${options.out}\n`);
  }
}

function mean(
  a: Awaited<ReturnType<typeof hammer>>,
  b: Awaited<ReturnType<typeof hammer>>,
): Awaited<ReturnType<typeof hammer>> {
  return {
    rps: (a.rps + b.rps) / 2,
    p50: (a.p50 + b.p50) / 2,
    p99: (a.p99 + b.p99) / 2,
    requests: a.requests + b.requests,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
