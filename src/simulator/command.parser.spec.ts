import { parseCommandLine, type ParserContext } from './command.parser';
import { fixtureLines } from './testing/fixtures';

const v6: ParserContext = { format: 'v6', hasRouterboard: true };
const v7: ParserContext = { format: 'v7', hasRouterboard: true };
const chr: ParserContext = { format: 'v7', hasRouterboard: false };

function command(line: string, context: ParserContext = v7): unknown {
  const result = parseCommandLine(line, context);
  if (!result.ok) {
    throw new Error(`expected ${line} to parse: ${result.error.join(' / ')}`);
  }
  return result.commands[0];
}

function error(line: string, context: ParserContext = v7): readonly string[] {
  const result = parseCommandLine(line, context);
  if (result.ok) {
    throw new Error(`expected ${line} to fail`);
  }
  return result.error;
}

describe('command parser', () => {
  it.each([
    '/ping 8.8.8.8 count=4',
    'ping 8.8.8.8 count=4',
    '/ping address=8.8.8.8 count=4',
    '/tool ping 8.8.8.8 count=4',
    '/tool/ping address=8.8.8.8 count=4',
  ])('reads %s as a ping', (line) => {
    expect(command(line)).toEqual({
      kind: 'ping',
      address: '8.8.8.8',
      count: 4,
      size: 56,
      intervalMs: 1000,
      srcAddress: undefined,
      routingTable: undefined,
    });
  });

  it('reads every ping parameter the collector sends', () => {
    expect(
      command(
        '/ping address=2001:db8::1 count=10 size=1400 interval=200ms src-address=10.0.0.1 routing-table=wan2',
        v6,
      ),
    ).toEqual({
      kind: 'ping',
      address: '2001:db8::1',
      count: 10,
      size: 1400,
      intervalMs: 200,
      srcAddress: '10.0.0.1',
      routingTable: 'wan2',
    });
  });

  it.each([
    ['interval=1', 1000],
    ['interval=0.2', 200],
    ['interval=200ms', 200],
    ['interval=1s', 1000],
  ])('accepts %s', (argument, ms) => {
    expect(command(`/ping 1.1.1.1 ${argument}`)).toMatchObject({ intervalMs: ms });
  });

  it.each([
    '/tool traceroute address=10.3.3.2 count=3 max-hops=10 timeout=500ms',
    'tool traceroute 10.3.3.2 count=3 max-hops=10 timeout=0.5',
    '/tool/traceroute address=10.3.3.2 count=3 max-hops=10 timeout=500ms',
  ])('reads %s as a traceroute', (line) => {
    expect(command(line)).toEqual({
      kind: 'traceroute',
      address: '10.3.3.2',
      count: 3,
      maxHops: 10,
      timeoutMs: 500,
      srcAddress: undefined,
      routingTable: undefined,
    });
  });

  it('defaults traceroute to 30 hops, 1 s per probe and no count (runs until stopped)', () => {
    expect(command('/tool traceroute 1.1.1.1')).toMatchObject({
      count: null,
      maxHops: 30,
      timeoutMs: 1000,
    });
  });

  it.each([
    ['/system identity print', 'identity'],
    ['/system/resource/print', 'resource'],
    ['system routerboard print without-paging', 'routerboard'],
    ['/system identity/ print', 'identity'],
    ['/system identity', 'noop'],
  ])('reads %s', (line, kind) => {
    expect(command(line)).toEqual({ kind });
  });

  it('runs `;`-separated commands in order', () => {
    const result = parseCommandLine('/system identity print; /system resource print', v7);

    expect(result.ok && result.commands).toEqual([{ kind: 'identity' }, { kind: 'resource' }]);
  });

  it('answers a CHR like error-v7.15-chr-bad-command-name-routerboard-ssh-exec.txt', () => {
    const capture = fixtureLines('error-v7.15-chr-bad-command-name-routerboard-ssh-exec.txt');

    expect(error('/system routerboard print', chr)).toEqual([capture[1]]);
  });

  it('names an unknown command and where it starts', () => {
    expect(error('ping2 8.8.8.8')).toEqual(['bad command name ping2 (line 1 column 1)']);
    expect(error('/tool tracert 8.8.8.8')).toEqual(['bad command name tracert (line 1 column 7)']);
  });

  it('points an unknown parameter at its `=`', () => {
    expect(error('/ping 8.8.8.8 once=yes')).toEqual(['expected end of command (line 1 column 19)']);
  });

  it('rejects a second positional value at its start', () => {
    expect(error('/ping 8.8.8.8 1.1.1.1')).toEqual(['expected end of command (line 1 column 15)']);
  });

  it('accepts v7 vrf= only on v7', () => {
    expect(command('/ping 8.8.8.8 vrf=blue count=1')).toMatchObject({ routingTable: 'blue' });
    expect(error('/ping 8.8.8.8 vrf=blue', v6)).toEqual([
      'expected end of command (line 1 column 18)',
    ]);
  });

  it.each([
    ['/ping 8.8.8.8 count=abc', 'count'],
    ['/ping 8.8.8.8 count=0', 'count'],
    ['/ping 8.8.8.8 interval=10s', 'interval'],
    ['/ping 8.8.8.8 size=9', 'size'],
    ['/ping 8.8.8.8 src-address=lan', 'src-address'],
    ['/tool traceroute 8.8.8.8 max-hops=300', 'max-hops'],
    ['/tool traceroute 8.8.8.8 timeout=never', 'timeout'],
  ])('rejects a bad value: %s', (line, name) => {
    expect(error(line)).toEqual([`invalid value for argument ${name}`]);
  });

  it('explains an address that is neither IP, MAC nor host name like a v7 console', () => {
    expect(error('/ping a..b')).toEqual([
      'invalid value for argument address:',
      '    invalid value of mac-address, mac address required',
      '    invalid value for argument ipv6-address',
      '    while resolving ip-address: could not get answer from dns server',
    ]);
  });

  it('accepts host names for later resolution', () => {
    expect(command('/ping lossy.example count=2')).toMatchObject({ address: 'lossy.example' });
  });

  it('needs an address', () => {
    expect(error('/ping count=3')).toEqual(['missing value(s) of argument(s) address']);
  });

  it('knows only the routing tables it was told about, when told', () => {
    const context: ParserContext = { ...v7, routingTables: ['main', 'wan2'] };

    expect(command('/ping 8.8.8.8 routing-table=wan2', context)).toMatchObject({
      routingTable: 'wan2',
    });
    expect(error('/ping 8.8.8.8 routing-table=wan9', context)).toEqual([
      'input does not match any value of routing-table',
    ]);
  });

  it('takes nothing literally that looks like scripting', () => {
    expect(error(':put [/system identity get name]')).toEqual([
      'bad command name :put (line 1 column 1)',
    ]);
  });
});
