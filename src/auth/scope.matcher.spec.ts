import { assertValidScopes, compileDeviceScope, compileTargetScope } from './scope.matcher';

describe('device scopes', () => {
  const allowed = compileDeviceScope(['core-*', 'edge-{1,2}', 'lab-?']);

  it.each(['core-1', 'core-router.site-a', 'edge-1', 'edge-2', 'lab-x'])(
    'let a key use %s',
    (device) => {
      expect(allowed(device)).toBe(true);
    },
  );

  it.each(['edge-3', 'lab-xy', 'CORE-1', 'acore-1', '10.0.0.1', ''])(
    'keep a key off %j',
    (device) => {
      expect(allowed(device)).toBe(false);
    },
  );
});

describe('target scopes', () => {
  const allowed = compileTargetScope([
    '10.0.0.0/8',
    '192.0.2.7',
    '2001:db8::/32',
    '*.Example.NET',
    'dns.google',
  ]);

  it.each([
    ['an IPv4 address inside a CIDR', '10.200.3.4'],
    ['a bare IPv4 scope', '192.0.2.7'],
    ['an IPv6 address inside a CIDR', '2001:db8:abcd::1'],
    ['an IPv6 address written out in full', '2001:0db8:0000:0000:0000:0000:0000:0001'],
    ['an IPv4-mapped IPv6 address inside an IPv4 CIDR', '::ffff:10.1.2.3'],
    ['a name matching a glob, any case', 'mon.example.net'],
    ['a name matching a glob, with a trailing dot', 'Mon.Example.net.'],
    ['an exact name', 'dns.google'],
  ])('allow %s', (_label, target) => {
    expect(allowed(target)).toBe(true);
  });

  it.each([
    ['an IPv4 address outside every CIDR', '11.0.0.1'],
    ['the neighbour of a bare address', '192.0.2.8'],
    ['an IPv6 address outside the CIDR', '2001:db9::1'],
    ['an IPv6 address whose text starts like an allowed IPv4 one', '::10.0.0.1'],
    ['a name outside the glob', 'example.net.evil.com'],
    ['the glob’s own apex', 'example.net'],
    ['a name that resolves into an allowed CIDR (no DNS here)', 'localhost'],
  ])('refuse %s', (_label, target) => {
    expect(allowed(target)).toBe(false);
  });

  it('match IPv6 prefixes exactly at the boundary', () => {
    const narrow = compileTargetScope(['2001:db8:0:ff00::/56']);
    expect(narrow('2001:db8:0:ffff::1')).toBe(true);
    expect(narrow('2001:db8:0:fe00::1')).toBe(false);
    expect(narrow('10.0.0.1')).toBe(false);
  });

  it('treat an IPv4-mapped IPv6 CIDR as the IPv4 range it maps', () => {
    const mapped = compileTargetScope(['::ffff:10.0.0.0/104']);
    expect(mapped('10.9.9.9')).toBe(true);
    expect(mapped('11.0.0.1')).toBe(false);
  });
});

describe('scope validation', () => {
  it('accepts addresses, CIDRs, names and globs', () => {
    expect(() =>
      assertValidScopes(['core-*'], ['10.0.0.0/8', '::1', 'a.example.com', '*.example.com']),
    ).not.toThrow();
  });

  it.each([
    [undefined, ['10.0.0.0/40'], 'not a valid CIDR'],
    [undefined, ['example.com/24'], 'not a valid CIDR'],
    [undefined, ['bad host name'], 'not an address, CIDR, name or glob'],
    [['core/1'], undefined, 'not a name or glob'],
  ])('refuses devices %j targets %j', (devices, targets, message) => {
    expect(() => assertValidScopes(devices, targets)).toThrow(message);
  });
});
