import {
  isHostName,
  isIpAddress,
  isValidHost,
  isValidRoutingTable,
  isValidSrcAddress,
  isValidTarget,
} from './target.grammar';

const label63 = 'a'.repeat(63);
// 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters.
const name253 = [label63, label63, label63, 'b'.repeat(61)].join('.');

describe('isValidTarget', () => {
  it.each([
    '8.8.8.8',
    '0.0.0.0',
    '255.255.255.255',
    '10.0.0.1',
    '2001:db8::1',
    '::1',
    '::',
    'fe80::20c:42ff:fe49:fceb',
    '2001:0DB8:0000:0000:0000:0000:0000:0001',
    '::ffff:192.0.2.1',
    'dns.google',
    'example.com',
    'Router-1.example.NET',
    'localhost',
    'a',
    '1.example',
    label63,
    name253,
  ])('accepts %j', (value) => {
    expect(isValidTarget(value)).toBe(true);
    expect(isValidHost(value)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a leading zero in an octet', '010.8.8.8'],
    ['a zero-padded octet', '8.8.8.08'],
    ['an octet over 255', '256.1.1.1'],
    ['three octets', '8.8.8'],
    ['an integer address', '134744072'],
    ['a hex address', '0x7f000001'],
    ['a zone id', 'fe80::1%ether1'],
    ['a bad IPv6', '2001:db8:::1'],
    ['a trailing dot', 'example.com.'],
    ['an empty label', 'a..b'],
    ['a label starting with a dash', '-a.example'],
    ['a label ending with a dash', 'a-.example'],
    ['a leading dash', '-8.8.8.8'],
    ['a 64-character label', `${'a'.repeat(64)}.example`],
    ['254 characters', `${name253}c`],
    ['an underscore', 'a_b.example'],
    ['a space', '8.8.8.8 count=1000'],
    ['an argument', 'a=b'],
    ['a semicolon', '8.8.8.8;/system reboot'],
    ['a newline', '8.8.8.8\n/system reboot'],
    ['a carriage return', '8.8.8.8\r'],
    ['a tab', '8.8.8.8\t'],
    ['a NUL', '8.8.8.8\u0000'],
    ['a double quote', '"8.8.8.8"'],
    ['a single quote', "'8.8.8.8'"],
    ['brackets', '[8.8.8.8]'],
    ['a dollar', '$target'],
    ['braces', '{8.8.8.8}'],
    ['a backslash', 'a\\b'],
    ['a Cyrillic a', 'ex\u0430mple.com'],
    ['fullwidth digits', '\uff18.\uff18.\uff18.\uff18'],
    ['a fullwidth dot', '8\uff0e8.8.8'],
    ['an IDN in Unicode', 'b\u00fccher.example'],
  ])('rejects %s', (_why, value) => {
    expect(isValidTarget(value)).toBe(false);
    expect(isValidHost(value)).toBe(false);
  });

  it.each([undefined, null, 8, ['8.8.8.8'], { address: '8.8.8.8' }])(
    'rejects the non-string %j',
    (value) => {
      expect(isValidTarget(value)).toBe(false);
    },
  );
});

describe('isIpAddress and isValidSrcAddress', () => {
  it('accept IPv4 and IPv6 addresses only', () => {
    expect(isIpAddress('192.0.2.1')).toBe(true);
    expect(isIpAddress('2001:db8::1')).toBe(true);
    expect(isValidSrcAddress('10.0.0.1')).toBe(true);
    expect(isValidSrcAddress('router.example')).toBe(false);
    expect(isValidSrcAddress('10.0.0.1/24')).toBe(false);
    expect(isIpAddress('fe80::1%eth0')).toBe(false);
  });

  it('tells a host name from an address', () => {
    expect(isHostName('dns.google')).toBe(true);
    expect(isHostName('8.8.8.8')).toBe(false);
  });
});

describe('isValidRoutingTable', () => {
  it.each(['main', 'vrf-1', 'CUST_A.v4', 'a'.repeat(64)])('accepts %j', (value) => {
    expect(isValidRoutingTable(value)).toBe(true);
  });

  it.each(['', 'a'.repeat(65), 'main table', 'main;', 'ma\u0456n', 'a/b', 'x=y', 7])(
    'rejects %j',
    (value) => {
      expect(isValidRoutingTable(value)).toBe(false);
    },
  );
});
