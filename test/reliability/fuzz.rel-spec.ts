import * as fc from 'fast-check';
import { isValidTarget } from '../../src/routeros/target.grammar';
import { outsideGrammar } from '../support/command-grammar';
import { type Harness, KEYS, ROUTER_PASSWORD, ROUTER_USER, startHarness } from '../support/harness';
import { ROUTE_TABLE } from '../support/route-table';
import { MIN_FUZZ_CASES } from './support/bounds';
import { recordFigures } from './support/figures';
import { call, type Reply } from './support/http';

// Issue 7, item 6: property-based fuzzing (fast-check) of bodies, headers, paths and query
// strings against the app with simulated routers. Every answer must be below 500 (but for a
// documented 502 MIKROTIK_AUTH_FAILED when the fuzzed credentials are not the device's) in the
// error envelope when it is an error, never with a stack trace or a file path; the app must keep
// answering; and every command line and login the simulated devices received must be inside the
// documented grammar (test/support/command-grammar.ts).
//
// Loopback only: a body naming a router by address with credentials is always pointed at
// 127.0.0.1 / ::1 (the simulated router's port, or a value validation refuses), never at a
// fuzzed host name or address.

const RUNS = {
  test: 2_000,
  batch: 500,
  connection: 250,
  headers: 500,
  paths: 700,
};
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const INVENTORY = ['fuzz-v7', 'fuzz-v6'];
const KNOWN_TARGET = '192.0.2.10';
// A port nothing listens on: the connection is refused at once (only used with loopback hosts).
const CLOSED_PORT = 1;

const HOSTILE = [
  '',
  ' ',
  '8.8.8.8; /system reboot',
  '8.8.8.8 count=100000',
  '8.8.8.8\n/system reset-configuration',
  '$(reboot)',
  '`id`',
  '"; /user add name=x group=full; "',
  '1.1.1.1 src-address=1.2.3.4',
  '[:put "x"]',
  '{ /system reboot }',
  '../../etc/passwd',
  '%0a/system reboot',
  'a'.repeat(300),
  '8.8.8.8\u0000',
  '８.８.８.８',
  'xn--e1afmkfd.xn--p1ai',
  '-rf',
  '::ffff:127.0.0.1',
  '0x7f000001',
  '1e3',
  'NaN',
  '__proto__',
  'constructor',
];

// A string of any kind: hostile constants, RouterOS / shell syntax, unicode, control characters.
const anyString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[0-9.:a-f]{1,20}$/),
  fc
    .tuple(fc.constantFrom('8.8.8.8', 'example.com', '2001:db8::1', KNOWN_TARGET), anyJunk())
    .map(([a, b]) => a + b),
);

function anyJunk() {
  return fc.oneof(
    fc.constantFrom(' ', ';', '\n', '\r\n', '"', "'", '$', '[', ']', '{', '}', '\\', '=', '/'),
    fc.string({ maxLength: 10 }),
  );
}

// A value of any JSON type, biased to the edges of the documented ranges.
const anyValue = fc.oneof(
  { weight: 3, arbitrary: anyString },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.integer({ min: -5, max: 70_000 }),
      fc.constantFrom(0, 1, 4, 10, 13, 14, 64, 65, 100, 101, 65535, 65536, 0.01, 0.001, 5, 5.001),
      fc.double({ noNaN: true }),
      fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: anyValue }), {
    nil: undefined,
  });

const testFields = {
  test_type: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('ping', 'traceroute') },
    { weight: 1, arbitrary: anyValue },
  ),
  target: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(KNOWN_TARGET, '192.0.2.99', '2001:db8::5', 'example.net'),
    },
    { weight: 2, arbitrary: anyValue },
  ),
  count: field(fc.integer({ min: 1, max: 10 })),
  size: field(fc.integer({ min: 14, max: 65535 })),
  interval: field(fc.constantFrom(0.01, 0.02, 0.5, 1)),
  max_hops: field(fc.integer({ min: 1, max: 64 })),
  timeout: field(fc.constantFrom(0.1, 0.25, 1)),
  src_address: field(fc.constantFrom('10.0.0.1', '2001:db8::2')),
  routing_table: field(fc.constantFrom('main', 'vrf-1', 'a.b_c')),
  use_cache: field(fc.boolean()),
};

const accessFields = {
  mikrotik_host: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INVENTORY) },
    { weight: 1, arbitrary: fc.constantFrom('127.0.0.1', '::1') },
    { weight: 2, arbitrary: anyValue },
  ),
  mikrotik_user: fc.option(
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(ROUTER_USER) },
      { weight: 2, arbitrary: anyValue },
    ),
    { nil: undefined, freq: 2 },
  ),
  mikrotik_password: fc.option(
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(ROUTER_PASSWORD) },
      { weight: 1, arbitrary: anyValue },
    ),
    { nil: undefined, freq: 2 },
  ),
  extra: fc.option(fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 2 }), {
    nil: undefined,
    freq: 4,
  }),
};

type Body = Record<string, unknown>;

// Valid tests (so that the fuzzing reaches the devices), then each with one field made hostile.
const validTarget = fc.oneof(
  fc.constantFrom(KNOWN_TARGET, '192.0.2.99', '2001:db8::5', 'example.net'),
  fc.ipV4(),
  fc.ipV6(),
  fc.domain(),
);
const opt = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const validPing = fc
  .record({
    test_type: fc.constant('ping'),
    target: validTarget,
    count: opt(fc.integer({ min: 1, max: 10 })),
    size: opt(fc.oneof(fc.integer({ min: 14, max: 1500 }), fc.constant(65535))),
    interval: opt(fc.constantFrom(0.01, 0.02, 0.1, 0.125)),
    src_address: opt(fc.oneof(fc.ipV4(), fc.ipV6())),
    routing_table: opt(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)),
    use_cache: opt(fc.boolean()),
  })
  .map(compact);
const validTraceroute = fc
  .record({
    test_type: fc.constant('traceroute'),
    target: validTarget,
    count: opt(fc.integer({ min: 1, max: 3 })),
    max_hops: opt(fc.integer({ min: 1, max: 64 })),
    timeout: opt(fc.constantFrom(0.1, 0.25, 1)),
    src_address: opt(fc.oneof(fc.ipV4(), fc.ipV6())),
    routing_table: opt(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)),
    use_cache: opt(fc.boolean()),
  })
  .map(compact);
const validTest = fc.oneof(validPing, validTraceroute);
const TEST_FIELDS = [
  'test_type',
  'target',
  'count',
  'size',
  'interval',
  'max_hops',
  'timeout',
  'src_address',
  'routing_table',
  'use_cache',
] as const;
const mutatedTest = fc
  .tuple(validTest, fc.constantFrom(...TEST_FIELDS), anyValue)
  .map(([test, name, value]) => ({ ...test, [name]: value }));
const validAccess = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INVENTORY).map((name) => ({ mikrotik_host: name })) },
  {
    weight: 1,
    arbitrary: fc.constant({
      mikrotik_host: '127.0.0.1',
      mikrotik_user: ROUTER_USER,
      mikrotik_password: ROUTER_PASSWORD,
    }),
  },
);
const ACCESS_FIELDS = ['mikrotik_host', 'mikrotik_user', 'mikrotik_password', 'mikrotik_port'];
const mostlyValidBody = fc
  .tuple(
    validAccess,
    fc.oneof(validTest, mutatedTest),
    fc.option(fc.tuple(fc.constantFrom(...ACCESS_FIELDS), anyValue), { nil: undefined, freq: 3 }),
  )
  .map(([access, test, mutation]): Body => ({
    ...access,
    ...test,
    ...(mutation === undefined ? {} : { [mutation[0]]: mutation[1] }),
  }));

function deviceRefusal(reply: Reply): boolean {
  const details = (reply.body as { details?: { device_message?: unknown } }).details;
  return (
    typeof details?.device_message === 'string' && details.device_message.startsWith('failure:')
  );
}

/** Drops undefined fields and spreads `extra` (unknown fields, prototype keys included). */
function compact(record: Record<string, unknown>): Body {
  const body: Body = {};
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (name === 'extra') Object.assign(body, value as Body);
    else body[name] = value;
  }
  return body;
}

describe('hostile input (property-based)', () => {
  let h: Harness;
  let simulatorPort = 0;
  let cases = 0;
  let requests = 0;
  let errors5xx = 0;
  let documented502 = 0;
  const failures: string[] = [];
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    const fast = {
      timeScale: 0.001,
      targets: {
        [KNOWN_TARGET]: { rttMs: [3] },
        'example.net': { rttMs: [5], resolvesTo: '192.0.2.80' },
      },
    };
    h = await startHarness({
      env: {
        // The fuzzing sends thousands of requests, with and without keys, from one address.
        RATE_LIMIT_PER_IP: '10000000/min',
        RATE_LIMIT_PER_API_KEY: '10000000/min',
        RATE_LIMIT_GLOBAL: '10000000/min',
        SSH_TIMEOUT: '2',
        SSH_MAX_RETRIES: '0',
        STRICT_HOST_KEY_CHECKING: 'no',
      },
      routers: {
        'fuzz-v7': { ...fast, version: '7.12.2' },
        'fuzz-v6': { ...fast, version: '6.49.17' },
      },
    });
    simulatorPort = h.routers['fuzz-v7'].address?.port ?? 0;
  });

  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    if (h === undefined) return;
    const received = Object.values(h.routers).flatMap((router) => router.received);
    const outside = outsideGrammar(received);
    recordFigures('fuzz', {
      fuzzCases: cases,
      deviceCommands: received.length,
      outsideGrammar: outside.length,
      requests,
      errors5xx,
      notes: {
        fuzzing: `${cases} cases (bodies of /api/test, /batch, /connection-test; headers; paths and query strings), ${requests} requests, ${documented502} documented 502s (fuzzed credentials the device refused, a closed port, a name the device could not resolve), ${crashes.length} crashes`,
      },
    });
    await h.close();
  });

  /** Any body naming a router by address with credentials is pointed at loopback only. */
  function loopbackOnly(body: Body, port: unknown): Body {
    const direct =
      'mikrotik_user' in body || 'mikrotik_password' in body || 'mikrotik_port' in body;
    if (!direct) return body;
    const host = body.mikrotik_host;
    if (typeof host === 'string' && INVENTORY.includes(host)) return body;
    // The simulated routers listen on 127.0.0.1 only.
    const safeHost = '127.0.0.1';
    // A fuzzed host stays only when it could never name a host: not a string, or a string with
    // characters no address, host name or device name has (so validation refuses it).
    const keepHost =
      typeof host !== 'string' ||
      host === '' ||
      (!isValidTarget(host) && /[^A-Za-z0-9._:%[\]-]/.test(host));
    return {
      ...body,
      mikrotik_host: keepHost ? host : safeHost,
      mikrotik_port: port === 'closed' ? CLOSED_PORT : port === 'device' ? simulatorPort : port,
    };
  }

  const portChoice = fc.oneof(
    { weight: 4, arbitrary: fc.constant('device' as const) },
    { weight: 1, arbitrary: fc.constant('closed' as const) },
    { weight: 2, arbitrary: fc.constantFrom(0, -1, 65536, '22', 1.5, 'abc', [], true) },
  );

  /** The checks every answer must pass; a breach is kept (and fails the spec). */
  function judge(what: string, reply: Reply, credentials?: Body, method = 'GET'): void {
    requests += 1;
    const code = (reply.body as { error?: { code?: unknown } } | undefined)?.error?.code;
    const wrongCredentials =
      credentials !== undefined &&
      !(
        credentials.mikrotik_user === ROUTER_USER &&
        credentials.mikrotik_password === ROUTER_PASSWORD
      );
    const problems: string[] = [];
    if (reply.status >= 500) {
      if (reply.status === 502 && code === 'MIKROTIK_AUTH_FAILED' && wrongCredentials)
        documented502 += 1;
      else if (
        reply.status === 502 &&
        code === 'MIKROTIK_CONNECTION_FAILED' &&
        credentials?.mikrotik_port === CLOSED_PORT
      )
        documented502 += 1;
      // The router's own refusal (a host name it cannot resolve): API.md's 502 with the device's
      // message in details.device_message.
      else if (reply.status === 502 && code === 'MIKROTIK_COMMAND_FAILED' && deviceRefusal(reply))
        documented502 += 1;
      else {
        errors5xx += 1;
        problems.push(`status ${reply.status}`);
      }
    }
    // 431 (headers too large) is Node's own answer, before the app; HEAD has no body.
    if (reply.status >= 400 && reply.status !== 431 && method !== 'HEAD') {
      const body = reply.body as { status?: unknown; error?: { code?: unknown } } | undefined;
      if (body?.status !== 'error' || typeof body.error?.code !== 'string')
        problems.push('not the error envelope');
    }
    if (/\bat .+\.(ts|js):\d+|node_modules|\/work\/|\/tmp\//.test(reply.text))
      problems.push('a stack trace or a file path in the answer');
    const results = (reply.body as { results?: unknown } | undefined)?.results;
    if (Array.isArray(results))
      for (const result of results as Array<{ error?: { code?: unknown } } | null>)
        if (result?.error?.code === 'INTERNAL_ERROR') {
          errors5xx += 1;
          problems.push('a batch entry answered INTERNAL_ERROR');
        }
    if (problems.length > 0)
      failures.push(`${what}: ${problems.join(', ')}: ${reply.status} ${reply.text.slice(0, 300)}`);
    expect(problems).toEqual([]);
  }

  const run = <T>(
    arbitrary: fc.Arbitrary<T>,
    numRuns: number,
    check: (value: T) => Promise<void>,
  ) =>
    fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        cases += 1;
        await check(value);
      }),
      { numRuns, seed: SEED, endOnFailure: true },
    );

  it('POST /api/test: any body', async () => {
    const body = fc.oneof(
      { weight: 6, arbitrary: mostlyValidBody },
      { weight: 3, arbitrary: fc.record({ ...accessFields, ...testFields }).map(compact) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    );
    await run(fc.tuple(body, portChoice), RUNS.test, async ([generated, port]) => {
      const isRecord =
        typeof generated === 'object' && generated !== null && !Array.isArray(generated);
      const sent = isRecord ? loopbackOnly(generated, port) : generated;
      const reply = await call(h.url, '/api/test', {
        headers: { Authorization: `Bearer ${KEYS.operator}` },
        // A raw string goes as it is (mostly invalid JSON); anything else as JSON.
        body: typeof sent === 'string' ? sent : JSON.stringify(sent ?? null),
      });
      judge(
        `POST /api/test ${JSON.stringify(sent).slice(0, 300)}`,
        reply,
        isRecord ? (sent as Body) : undefined,
      );
    });
  });

  it('POST /api/test/batch: any body', async () => {
    const test = fc.oneof(
      { weight: 3, arbitrary: validTest },
      { weight: 3, arbitrary: mutatedTest },
      { weight: 2, arbitrary: fc.record(testFields).map(compact) },
      { weight: 1, arbitrary: anyValue },
    );
    const body = fc
      .record({
        ...accessFields,
        mikrotik_host: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...INVENTORY) },
          { weight: 1, arbitrary: accessFields.mikrotik_host },
        ),
        tests: fc.oneof(
          { weight: 4, arbitrary: fc.array(test, { minLength: 0, maxLength: 6 }) },
          { weight: 1, arbitrary: fc.array(test, { minLength: 49, maxLength: 52 }) },
          { weight: 1, arbitrary: anyValue },
        ),
      })
      .map(compact);
    await run(fc.tuple(body, portChoice), RUNS.batch, async ([generated, port]) => {
      const sent = loopbackOnly(generated, port);
      const reply = await call(h.url, '/api/test/batch', {
        headers: { Authorization: `Bearer ${KEYS.operator}` },
        body: sent,
      });
      judge(`POST /api/test/batch ${JSON.stringify(sent).slice(0, 300)}`, reply, sent);
    });
  });

  it('POST /api/connection-test: any body', async () => {
    const body = fc
      .record({ ...accessFields, timeout: field(fc.constantFrom(1, 2, 5)) })
      .map(compact);
    await run(fc.tuple(body, portChoice), RUNS.connection, async ([generated, port]) => {
      const sent = loopbackOnly(generated, port);
      const reply = await call(h.url, '/api/connection-test', {
        headers: { Authorization: `Bearer ${KEYS.operator}` },
        body: sent,
      });
      judge(`POST /api/connection-test ${JSON.stringify(sent).slice(0, 300)}`, reply, sent);
    });
  });

  it('any headers on every route', async () => {
    // Header names and values Node will send (tokens; visible ASCII and latin-1 values).
    const name = fc.oneof(
      fc.constantFrom(
        'Authorization',
        'X-API-Key',
        'Content-Type',
        'Content-Encoding',
        'Accept',
        'Accept-Encoding',
        'X-Request-Id',
        'X-Forwarded-For',
        'X-Forwarded-Proto',
        'Forwarded',
        'Host',
        'Origin',
        'Cookie',
        'Range',
        'If-None-Match',
        'Transfer-Encoding-X',
        'User-Agent',
      ),
      fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/),
    );
    const value = fc.oneof(
      fc.constantFrom(
        `Bearer ${KEYS.operator}`,
        `Bearer ${KEYS.admin}`,
        `Bearer  ${KEYS.operator}`,
        `bearer ${KEYS.monitor}`,
        'Bearer',
        'Basic YWRtaW46YWRtaW4=',
        KEYS.admin,
        'application/json; charset=utf-16',
        'gzip',
        'text/plain',
        '0',
        '127.0.0.1, 10.0.0.1',
        'a'.repeat(5_000),
      ),
      fc.stringMatching(/^[\t\x20-\x7e]{0,60}$/),
    );
    const route = fc.constantFrom(...ROUTE_TABLE);
    const headers = fc.dictionary(name, value, { minKeys: 1, maxKeys: 5 });
    const keyed = fc.constantFrom<'operator' | 'admin' | 'monitor' | 'none'>(
      'operator',
      'admin',
      'monitor',
      'none',
    );
    await run(fc.tuple(route, headers, keyed), RUNS.headers, async ([entry, fuzzed, key]) => {
      // Never Content-Length or Host forged beyond what Node sends consistently.
      const sent: Record<string, string> =
        key === 'none' ? {} : { Authorization: `Bearer ${KEYS[key]}` };
      for (const [header, content] of Object.entries(fuzzed)) {
        if (/^(content-length|host|transfer-encoding|connection|expect|upgrade)$/i.test(header))
          continue;
        sent[header] = content;
      }
      // Requests with a body still name an inventory device (loopback).
      const body =
        entry.body === undefined
          ? undefined
          : { ...entry.body, mikrotik_host: 'fuzz-v7', target: KNOWN_TARGET };
      if (entry.method === 'DELETE' && entry.path === '/api/cache') return;
      const reply = await call(h.url, entry.path, { method: entry.method, headers: sent, body });
      judge(
        `${entry.method} ${entry.path} ${JSON.stringify(sent).slice(0, 300)}`,
        reply,
        undefined,
        entry.method,
      );
    });
  });

  it('any path and query string', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'api',
        'test',
        'batch',
        'cache',
        'health',
        'live',
        'ready',
        'stats',
        'metrics',
        'devices',
        'zabbix',
        'discovery',
        'docs',
        'docs-json',
        '..',
        '.',
        '%2e%2e',
        '%00',
        '%ff',
        '%',
        '%zz',
        ';',
        '~',
        '*',
        'ping_abc',
      ),
      fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(text)),
    );
    const path = fc
      .array(segment, { minLength: 0, maxLength: 5 })
      .map((parts) => `/${parts.join('/')}`);
    const query = fc.option(
      fc
        .array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(
                'since',
                'limit',
                'key',
                'device',
                'target',
                '__proto__',
                'a[b]',
                'a[]',
              ),
              fc.string({ maxLength: 10 }),
            ),
            fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1e309', '-1', '%', '[]')),
          ),
          { maxLength: 4 },
        )
        .map(
          (pairs) =>
            '?' +
            pairs
              .map(
                ([k, v]) =>
                  `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%25/g, '%')}`,
              )
              .join('&'),
        ),
      { nil: '' },
    );
    const method = fc.constantFrom(
      'GET',
      'GET',
      'POST',
      'DELETE',
      'PUT',
      'PATCH',
      'OPTIONS',
      'HEAD',
    );
    const key = fc.constantFrom<'operator' | 'monitor' | 'none'>('operator', 'monitor', 'none');
    await run(
      fc.tuple(method, path, query, key),
      RUNS.paths,
      async ([verb, where, search, caller]) => {
        // Clearing the whole cache is an admin's; an operator key keeps it out of reach.
        const headers: Record<string, string> =
          caller === 'none' ? {} : { Authorization: `Bearer ${KEYS[caller]}` };
        const reply = await call(h.url, `${where}${search}`, {
          method: verb,
          headers,
          body:
            verb === 'POST'
              ? { mikrotik_host: 'fuzz-v6', test_type: 'ping', target: KNOWN_TARGET }
              : undefined,
        });
        judge(`${verb} ${where}${search}`, reply, undefined, verb);
      },
    );
  });

  it('kept serving, crashed never, and sent the devices nothing outside the grammar', async () => {
    expect(failures).toEqual([]);
    expect(crashes).toEqual([]);
    const live = await call(h.url, '/api/health/live');
    expect(live.status).toBe(200);
    const received = Object.values(h.routers).flatMap((router) => router.received);
    expect(outsideGrammar(received)).toEqual([]);
    // The fuzzing did reach the devices, or it proved nothing about what reaches them.
    expect(received.length).toBeGreaterThan(100);
    expect(cases).toBeGreaterThanOrEqual(MIN_FUZZ_CASES);
  });
});
