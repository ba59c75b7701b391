import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { type Harness, KEYS, startHarness } from './support/harness';

// GET /api/history and /api/history/targets through the real app: guards, validation pipe, error
// filter, and history fed by real tests against a simulated router.

const TARGET = '192.0.2.10';
const PATH_A = [{ address: '10.1.0.1' }, { address: '10.2.0.1' }, { address: TARGET }];
const PATH_B = [
  { address: '10.1.0.1' },
  { address: '10.9.0.1' },
  { address: '10.9.0.2' },
  { address: TARGET },
];
const SCOPED_KEY = 'scoped-monitor-key-0123456789abcdef0123456789';

describe('The history API', () => {
  let app: Harness;
  const http = () => request(app.url);
  const history = (query: string, key: string = KEYS.monitor) =>
    http().get(`/api/history?${query}`).set('Authorization', `Bearer ${key}`);
  const runTest = (body: Record<string, unknown>) =>
    http()
      .post('/api/test')
      .set(app.as('operator'))
      .send({ mikrotik_host: 'core-1', target: TARGET, ...body })
      .expect(200);

  beforeAll(async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'sentinel-history-keys-'));
    const keysFile = join(keysDir, 'keys.yaml');
    const sha = createHash('sha256').update(SCOPED_KEY).digest('hex');
    writeFileSync(
      keysFile,
      `- id: edge-screen\n  role: monitor\n  sha256: "${sha}"\n  devices: ["edge-*"]\n`,
    );
    app = await startHarness({
      env: { RATE_LIMIT_ENABLED: 'false', API_KEYS_FILE: keysFile },
      routers: {
        'core-1': {
          timeScale: 0.05,
          targets: { [TARGET]: { rttMs: [11, 12, 13, 14], hops: PATH_A } },
        },
      },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  describe('access', () => {
    const routes = [
      `/api/history?device=core-1&target=${TARGET}`,
      '/api/history/targets',
      '/api/whoami',
    ];

    it.each(routes)('refuses %s without a key or with a wrong key', async (path) => {
      await http().get(path).expect(401);
      const res = await http()
        .get(path)
        .set('Authorization', 'Bearer not-a-key-at-all-0123456789abcdef')
        .expect(401);
      expect(res.body).toMatchObject({ status: 'error', error: { code: 'UNAUTHORIZED' } });
    });

    it.each(routes)('answers %s to monitor, operator and admin keys', async (path) => {
      for (const role of ['monitor', 'operator', 'admin'] as const) {
        await http().get(path).set(app.as(role)).expect(200);
      }
    });

    it('documents both routes in Swagger, with their query fields and the API key security', async () => {
      const res = await http().get('/api/docs-json').expect(200);
      const read = res.body.paths['/api/history'].get;
      const names = (read.parameters as Array<{ name: string }>).map((parameter) => parameter.name);
      expect(names.sort()).toEqual(['device', 'since', 'target', 'test_type']);
      expect(read.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'api-key': [] }]));
      expect(read.responses['400']).toBeDefined();
      expect(res.body.paths['/api/history/targets'].get.responses['200']).toBeDefined();
    });

    it('tells each key its own id and role', async () => {
      const res = await http().get('/api/whoami').set(app.as('operator')).expect(200);
      expect(res.body).toEqual({ key_id: 'operator', role: 'operator' });
    });

    it("refuses a series outside the key's device scope, and leaves it out of the list", async () => {
      await runTest({ test_type: 'ping', count: 2, use_cache: false });
      const res = await history(`device=core-1&target=${TARGET}`, SCOPED_KEY).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      const list = await http()
        .get('/api/history/targets')
        .set('Authorization', `Bearer ${SCOPED_KEY}`)
        .expect(200);
      expect(list.body.series).toEqual([]);
    });
  });

  describe('validation', () => {
    it.each([
      ['no device', `target=${TARGET}`],
      ['no target', 'device=core-1'],
      ['an unknown field', `device=core-1&target=${TARGET}&limit=5`],
      ['an unknown test type', `device=core-1&target=${TARGET}&test_type=mtr`],
      ['a since that is not a time', `device=core-1&target=${TARGET}&since=yesterday`],
      [
        'markup as a device',
        `device=${encodeURIComponent('<img src=x onerror=alert(1)>')}&target=${TARGET}`,
      ],
      [
        'a target that is no address or host name',
        `device=core-1&target=${encodeURIComponent('8.8.8.8;reboot')}`,
      ],
      ['a device given twice', `device=core-1&device=core-2&target=${TARGET}`],
    ])('answers 400 INVALID_REQUEST for %s', async (_case, query) => {
      const res = await history(query).expect(400);
      expect(res.body).toMatchObject({
        status: 'error',
        error: { code: 'INVALID_REQUEST', category: 'validation' },
      });
    });

    it('names the unknown field', async () => {
      const res = await history(`device=core-1&target=${TARGET}&limit=5`).expect(400);
      expect(res.body.error.message).toContain('limit');
    });

    it('refuses unknown fields on the target list too', async () => {
      await http().get('/api/history/targets?device=core-1').set(app.as('monitor')).expect(400);
      await http().get('/api/history/targets?test_type=ping').set(app.as('monitor')).expect(200);
    });
  });

  describe('content', () => {
    it('keeps every fresh ping with the numbers the router produced, and no cache hit', async () => {
      const before = (await history(`device=core-1&target=${TARGET}&test_type=ping`).expect(200))
        .body.count as number;
      const fresh = await runTest({ test_type: 'ping', count: 4, use_cache: false });
      await runTest({ test_type: 'ping', count: 4 }).expect((res) =>
        expect(res.body.cache_hit).toBe(true),
      );
      const res = await history(`device=core-1&target=${TARGET}&test_type=ping`).expect(200);
      expect(res.body).toMatchObject({
        device: 'core-1',
        target: TARGET,
        test_type: 'ping',
        backend: 'memory',
      });
      expect(res.body.count).toBe(before + 1);
      const last = res.body.points[res.body.points.length - 1];
      expect(last).toEqual({
        t: fresh.body.measured_at,
        loss: 0,
        min: 11,
        median: 12.5,
        avg: fresh.body.results.ping_stats.rtt_avg_ms,
        max: 14,
        jitter: 1,
      });
    });

    it('answers only points measured at or after since', async () => {
      const res = await history(
        `device=core-1&target=${TARGET}&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      ).expect(200);
      expect(res.body.points).toEqual([]);
    });

    it('marks a traceroute whose path changed, and keeps the path in the history', async () => {
      const first = await runTest({ test_type: 'traceroute', count: 1, use_cache: false });
      expect(first.body.results).toMatchObject({
        path_changed: false,
        changed_hops: [],
        hop_count_delta: null,
      });
      expect(first.body.results.path_hash).toMatch(/^[0-9a-f]{16}$/);

      app.routers['core-1'].setTarget(TARGET, { rttMs: 12, hops: PATH_B });
      const second = await runTest({ test_type: 'traceroute', count: 1, use_cache: false });
      expect(second.body.results).toMatchObject({
        path_changed: true,
        hop_count_delta: 1,
        changed_hops: [
          { hop: 2, previous: '10.2.0.1', current: '10.9.0.1' },
          { hop: 3, previous: TARGET, current: '10.9.0.2' },
          { hop: 4, previous: null, current: TARGET },
        ],
      });
      expect(second.body.results.path_hash).not.toBe(first.body.results.path_hash);

      const res = await history(`device=core-1&target=${TARGET}&test_type=traceroute`).expect(200);
      const points = res.body.points as Array<{ path: string[]; path_changed: boolean }>;
      expect(points.map((point) => [point.path, point.path_changed])).toEqual([
        [PATH_A.map((hop) => hop.address), false],
        [PATH_B.map((hop) => hop.address), true],
      ]);
    });

    it('lists the series with their newest point', async () => {
      const res = await http().get('/api/history/targets').set(app.as('monitor')).expect(200);
      expect(res.body.series).toEqual([
        expect.objectContaining({
          device: 'core-1',
          target: TARGET,
          test_type: 'ping',
          last: expect.objectContaining({ min: 11, max: 14 }),
        }),
        expect.objectContaining({
          device: 'core-1',
          target: TARGET,
          test_type: 'traceroute',
          points: 2,
          last: expect.objectContaining({ hop_count: 4, path_changed: true }),
        }),
      ]);
    });
  });
});
