import request from 'supertest';
import { type Harness, startHarness } from './support/harness';

const DEVICE = 'sim';
const valid = {
  mikrotik_host: DEVICE,
  test_type: 'ping',
  target: '127.0.0.8',
  count: 1,
  interval: 0.01,
};

describe('request validation and the error envelope, through the real bootstrap', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { BODY_LIMIT: '8kb' }, routers: { [DEVICE]: { format: 'v7' } } });
  });
  afterAll(async () => h.close());

  const post = (body: unknown) =>
    request(h.url)
      .post('/api/test')
      .set(h.as('operator'))
      .send(body as object);

  function expectEnvelope(res: request.Response, status: number, code: string): void {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status: 'error', error: { code } });
    expect(typeof res.body.error.message).toBe('string');
    expect(typeof res.body.error.category).toBe('string');
    expect(typeof res.body.error.retryable).toBe('boolean');
    expect(res.body.request_id).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+|\/work\/|node_modules/);
  }

  it.each([
    ['a missing test_type', { ...valid, test_type: undefined }, 'test_type'],
    ['an unknown test_type', { ...valid, test_type: 'mtr' }, 'test_type'],
    ['a missing target', { ...valid, target: undefined }, 'target'],
    [
      'a target with a command separator',
      { ...valid, target: '127.0.0.8;/system reboot' },
      'target',
    ],
    ['a target with a space', { ...valid, target: '127.0.0.8 count=1000' }, 'target'],
    ['a target with a unicode look-alike', { ...valid, target: 'exаmple.com' }, 'target'],
    [
      'a target over 253 characters',
      { ...valid, target: `${'a'.repeat(60)}.`.repeat(5) + 'com' },
      'target',
    ],
    ['a ping count of 0', { ...valid, count: 0 }, 'count'],
    ['a ping count of 101', { ...valid, count: 101 }, 'count'],
    [
      'a traceroute count of 11',
      { ...valid, test_type: 'traceroute', interval: undefined, count: 11 },
      'count',
    ],
    ['a fractional count', { ...valid, count: 1.5 }, 'count'],
    ['a size of 13', { ...valid, size: 13 }, 'size'],
    [
      'a size on a traceroute',
      { mikrotik_host: DEVICE, test_type: 'traceroute', target: '127.0.0.8', size: 100 },
      'size',
    ],
    ['an interval of 0.001 s', { ...valid, interval: 0.001 }, 'interval'],
    ['an interval of 6 s', { ...valid, interval: 6 }, 'interval'],
    ['an interval as a string', { ...valid, interval: '1' }, 'interval'],
    // Found by the reliability fuzzing: exponent notation without a dot made class-validator's
    // maxDecimalPlaces throw, and the request ended in a 500.
    ['an interval of 5e-323', { ...valid, interval: 5e-323 }, 'interval'],
    ['an interval with four decimals', { ...valid, interval: 0.0125 }, 'interval'],
    [
      'a traceroute timeout of 1e-7',
      { mikrotik_host: DEVICE, test_type: 'traceroute', target: '127.0.0.8', timeout: 1e-7 },
      'timeout',
    ],
    [
      'max_hops of 65',
      { mikrotik_host: DEVICE, test_type: 'traceroute', target: '127.0.0.8', max_hops: 65 },
      'max_hops',
    ],
    [
      'a traceroute timeout of 0.05 s',
      { mikrotik_host: DEVICE, test_type: 'traceroute', target: '127.0.0.8', timeout: 0.05 },
      'timeout',
    ],
    ['max_hops on a ping', { ...valid, max_hops: 5 }, 'max_hops'],
    ['a src_address that is a name', { ...valid, src_address: 'lan-bridge' }, 'src_address'],
    ['a routing_table with a space', { ...valid, routing_table: 'main vrf' }, 'routing_table'],
    ['use_cache as a string', { ...valid, use_cache: 'no' }, 'use_cache'],
    [
      'a port of 70000',
      {
        ...valid,
        mikrotik_host: '127.0.0.1',
        mikrotik_user: 'u',
        mikrotik_password: 'p',
        mikrotik_port: 70000,
      },
      'mikrotik_port',
    ],
    [
      'a user name with a quote',
      { ...valid, mikrotik_host: '127.0.0.1', mikrotik_user: 'ad"min', mikrotik_password: 'p' },
      'mikrotik_user',
    ],
    ['an unknown field', { ...valid, command: '/system reboot' }, 'command'],
  ])('refuses %s with INVALID_REQUEST naming the field', async (_what, body, field) => {
    const res = await post(body);
    expectEnvelope(res, 400, 'INVALID_REQUEST');
    expect((res.body.details.errors as string[]).join(' ')).toContain(field);
  });

  it('refuses a router address without credentials', async () => {
    const res = await post({ ...valid, mikrotik_host: '127.0.0.1' });
    expectEnvelope(res, 400, 'INVALID_REQUEST');
    expect(res.body.error.message).toMatch(/mikrotik_user and mikrotik_password/);
  });

  it('refuses credentials sent for an inventory device', async () => {
    const res = await post({ ...valid, mikrotik_user: 'x', mikrotik_password: 'y' });
    expectEnvelope(res, 400, 'INVALID_REQUEST');
  });

  it('refuses an empty batch and one of 51 tests', async () => {
    expectEnvelope(
      await request(h.url)
        .post('/api/test/batch')
        .set(h.as('operator'))
        .send({ mikrotik_host: DEVICE, tests: [] }),
      400,
      'INVALID_REQUEST',
    );
    const tests = Array.from({ length: 51 }, () => ({ test_type: 'ping', target: '127.0.0.8' }));
    expectEnvelope(
      await request(h.url)
        .post('/api/test/batch')
        .set(h.as('operator'))
        .send({ mikrotik_host: DEVICE, tests }),
      400,
      'INVALID_REQUEST',
    );
  });

  it('refuses an unknown field inside a batch test', async () => {
    const res = await request(h.url)
      .post('/api/test/batch')
      .set(h.as('operator'))
      .send({
        mikrotik_host: DEVICE,
        tests: [{ test_type: 'ping', target: '127.0.0.8', extra: 1 }],
      });
    expectEnvelope(res, 400, 'INVALID_REQUEST');
    expect((res.body.details.errors as string[]).join(' ')).toContain('tests.0.extra');
  });

  it('refuses a batch entry that is an array, not a test (was a 500 inside the batch)', async () => {
    const res = await request(h.url)
      .post('/api/test/batch')
      .set(h.as('operator'))
      .send({ mikrotik_host: DEVICE, tests: [[]] });
    expectEnvelope(res, 400, 'INVALID_REQUEST');
    expect((res.body.details.errors as string[]).join(' ')).toContain('tests');
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const res = await request(h.url)
      .post('/api/test')
      .set(h.as('operator'))
      .set('Content-Type', 'application/json')
      .send('{"mikrotik_host": ');
    expectEnvelope(res, 400, 'INVALID_REQUEST');
  });

  it('refuses prototype-pollution keys while parsing', async () => {
    const res = await request(h.url)
      .post('/api/test')
      .set(h.as('operator'))
      .set('Content-Type', 'application/json')
      .send(
        `{"mikrotik_host":"${DEVICE}","test_type":"ping","target":"127.0.0.8","__proto__":{"admin":true}}`,
      );
    expectEnvelope(res, 400, 'INVALID_REQUEST');
    expect(res.body.error.message).toContain('__proto__');
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post({ ...valid, padding: 'x'.repeat(10_000) });
    expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with the JSON 404 envelope', async () => {
    const res = await request(h.url).get('/api/nothing-here').set(h.as('admin'));
    expectEnvelope(res, 404, 'NOT_FOUND');
  });

  it('echoes a valid X-Request-Id and replaces an invalid one', async () => {
    const echoed = await request(h.url)
      .get('/api/health/live')
      .set('X-Request-Id', 'zabbix-item-42');
    expect(echoed.headers['x-request-id']).toBe('zabbix-item-42');
    const replaced = await request(h.url)
      .get('/api/health/live')
      .set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets nothing that failed validation reach the router', () => {
    const commands = h.routers[DEVICE].received.map((entry) => entry.command);
    expect(commands).toEqual([]);
  });

  it('takes a null src_address or routing_table as not given (was a 500)', async () => {
    // After the check above: this one is valid and reaches the router.
    const res = await post({ ...valid, src_address: null, routing_table: null, use_cache: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', test_type: 'ping' });
  });
});
