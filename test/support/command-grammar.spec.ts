import { buildPingCommand, buildTracerouteCommand } from '../../src/routeros/command.builder';
import { commandViolation, outsideGrammar } from './command-grammar';

// The oracle the security and fuzz suites judge `router.received` by: it must accept what the
// command builder makes and refuse anything else, or those suites could not fail.
describe('the command grammar oracle', () => {
  it('accepts every command line the builder makes', () => {
    const lines = [
      buildPingCommand({ target: '8.8.8.8', count: 4, size: 64, interval: 1 }),
      buildPingCommand({
        target: 'host-1.example',
        count: 100,
        size: 65535,
        interval: 0.01,
        srcAddress: '2001:db8::1',
        routingTable: 'vrf_a.1-b',
      }),
      buildTracerouteCommand({
        target: '::ffff:192.0.2.1',
        count: 10,
        maxHops: 64,
        timeout: 0.1,
        routingTable: 'main',
      }),
      '/system identity print',
    ];
    for (const line of lines) expect(commandViolation(line)).toBeNull();
  });

  it.each([
    ['/ping address=8.8.8.8;/system reboot count=1 size=64 interval=1s'],
    ['/ping address=8.8.8.8 count=1 size=64 interval=1s routing-table=a[b]'],
    ['/ping address=8.8.8.8 count=1 size=64 interval=1s\n/system reboot'],
    ['/ping address=8.8.8.8 count=0 size=64 interval=1s'],
    ['/ping address=8.8.8.8 count=1 size=64 interval=1'],
    ['/ping address=8.8.8.8 count=1 size=64 interval=1s extra=1'],
    ['/ping address=8.8.8.8 count=1 size=64 interval=1s  src-address=1.2.3.4'],
    ['/ping address=ехample.com count=1 size=64 interval=1s'],
    ['/tool traceroute address=8.8.8.8 count=1 max-hops=65 timeout=1s'],
    ['/system reboot'],
    ['/ping address=$x count=1 size=64 interval=1s'],
  ])('refuses %j', (line) => {
    expect(commandViolation(line)).not.toBeNull();
  });

  it('refuses a login that is not a plain user name with the console suffix', () => {
    const entry = { at: 0, user: 'a', command: '/system identity print', channel: 'exec' as const };
    expect(outsideGrammar([{ ...entry, login: 'monitor+ct' }])).toEqual([]);
    expect(outsideGrammar([{ ...entry, login: 'monitor' }])).toHaveLength(1);
    expect(outsideGrammar([{ ...entry, login: 'a;b+ct' }])).toHaveLength(1);
  });
});
