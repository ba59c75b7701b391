import {
  type PingCommandParams,
  type SystemCommand,
  type TracerouteCommandParams,
  buildPingCommand,
  buildSystemCommand,
  buildTracerouteCommand,
} from './command.builder';
import { CommandRejectedError } from './routeros.errors';

const ping: PingCommandParams = { target: '8.8.8.8', count: 4, size: 64, interval: 1 };
const trace: TracerouteCommandParams = { target: '8.8.8.8', count: 3, maxHops: 30, timeout: 1 };

const HOSTILE = [
  '8.8.8.8;/system reboot',
  '8.8.8.8\n/system reboot',
  '8.8.8.8\r/system reboot',
  '8.8.8.8 count=1000',
  '8.8.8.8\tcount=1000',
  'a=b',
  '"8.8.8.8"',
  "'8.8.8.8'",
  '[/system reboot]',
  '8.8.8.8]',
  '$x',
  '{:put 1}',
  '8.8.8.8\u0000',
  'a\\b',
  ' 8.8.8.8',
  'ex\u0430mple.com',
  '\uff18.\uff18.\uff18.\uff18',
  '-example.com',
  `${'a'.repeat(64)}.com`,
  `${'a.'.repeat(126)}ab`,
  '',
];

describe('buildPingCommand', () => {
  it('builds the ping line with time literals', () => {
    expect(buildPingCommand(ping)).toBe('/ping address=8.8.8.8 count=4 size=64 interval=1s');
  });

  it.each([
    [0.01, '10ms'],
    [0.2, '200ms'],
    [0.3, '300ms'],
    [1.5, '1500ms'],
    [5, '5s'],
  ])('writes an interval of %d s as %s', (interval, literal) => {
    expect(buildPingCommand({ ...ping, interval })).toContain(` interval=${literal}`);
  });

  it('appends src-address and routing-table when given', () => {
    expect(
      buildPingCommand({
        ...ping,
        target: '2001:db8::1',
        srcAddress: '10.0.0.1',
        routingTable: 'vrf-a',
      }),
    ).toBe(
      '/ping address=2001:db8::1 count=4 size=64 interval=1s src-address=10.0.0.1 routing-table=vrf-a',
    );
  });

  it.each(HOSTILE)('never builds a command for the target %j', (target) => {
    expect(() => buildPingCommand({ ...ping, target })).toThrow(CommandRejectedError);
  });

  it.each(HOSTILE)('never builds a command for the src-address %j', (srcAddress) => {
    expect(() => buildPingCommand({ ...ping, srcAddress })).toThrow(CommandRejectedError);
  });

  // The contract's table grammar `[A-Za-z0-9_.-]{1,64}` allows a leading dash.
  it.each(HOSTILE.filter((v) => v !== '-example.com'))(
    'never builds a command for the routing-table %j',
    (routingTable) => {
      expect(() => buildPingCommand({ ...ping, routingTable })).toThrow(CommandRejectedError);
    },
  );

  it('refuses a host name as src-address', () => {
    expect(() => buildPingCommand({ ...ping, srcAddress: 'router.example' })).toThrow(
      CommandRejectedError,
    );
  });

  it.each([
    ['count', { count: 0 }],
    ['count', { count: 101 }],
    ['count', { count: 2.5 }],
    ['count', { count: Number.NaN }],
    ['count', { count: '4' as unknown as number }],
    ['size', { size: 13 }],
    ['size', { size: 65536 }],
    ['interval', { interval: 0.009 }],
    ['interval', { interval: 5.001 }],
    ['interval', { interval: 0.0155 }],
    ['interval', { interval: Number.POSITIVE_INFINITY }],
    ['interval', { interval: '1; /system reboot' as unknown as number }],
  ])('refuses an out-of-range %s', (field, change) => {
    const attempt = (): string => buildPingCommand({ ...ping, ...change });
    expect(attempt).toThrow(CommandRejectedError);
    expect(attempt).toThrow(field);
  });

  it('keeps the rejected value out of the error message', () => {
    expect(() => buildPingCommand({ ...ping, target: 'evil;value' })).toThrow(
      /^command rejected: target /,
    );
    expect(() => buildPingCommand({ ...ping, target: 'evil;value' })).not.toThrow(/evil/);
  });
});

describe('buildTracerouteCommand', () => {
  it('builds the traceroute line with time literals', () => {
    expect(buildTracerouteCommand(trace)).toBe(
      '/tool traceroute address=8.8.8.8 count=3 max-hops=30 timeout=1s',
    );
    expect(buildTracerouteCommand({ ...trace, timeout: 0.1 })).toContain(' timeout=100ms');
  });

  it('appends src-address and routing-table when given', () => {
    expect(
      buildTracerouteCommand({
        ...trace,
        target: 'dns.google',
        srcAddress: '2001:db8::2',
        routingTable: 'main',
      }),
    ).toBe(
      '/tool traceroute address=dns.google count=3 max-hops=30 timeout=1s src-address=2001:db8::2 routing-table=main',
    );
  });

  it.each(HOSTILE)('never builds a command for the target %j', (target) => {
    expect(() => buildTracerouteCommand({ ...trace, target })).toThrow(CommandRejectedError);
  });

  it.each([
    { count: 0 },
    { count: 11 },
    { maxHops: 0 },
    { maxHops: 65 },
    { timeout: 0.09 },
    { timeout: 10.5 },
  ])('refuses the out-of-range %j', (change) => {
    expect(() => buildTracerouteCommand({ ...trace, ...change })).toThrow(CommandRejectedError);
  });
});

describe('buildSystemCommand', () => {
  it.each([
    ['identity', '/system identity print'],
    ['resource', '/system resource print'],
    ['routerboard', '/system routerboard print'],
  ] as const)('builds the %s print', (what, line) => {
    expect(buildSystemCommand(what)).toBe(line);
  });

  it.each(['reboot', 'constructor', 'toString', 'identity; /system reboot'])(
    'refuses %j',
    (what) => {
      expect(() => buildSystemCommand(what as SystemCommand)).toThrow(CommandRejectedError);
    },
  );
});
