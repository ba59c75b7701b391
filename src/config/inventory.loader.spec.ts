import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './env.reader';
import { loadInventory } from './inventory.loader';

describe('loadInventory', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inventory-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads devices and resolves passwords from the environment and files', () => {
    const passwordFile = write('pw', 'from-file\n');
    const keyFile = write(
      'id',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n',
    );
    const file = write(
      'devices.yaml',
      [
        'devices:',
        '  - { name: core-1, host: 10.0.0.1, username: mon, password_env: CORE1, targets: [8.8.8.8, dns.example] }',
        `  - { name: edge_2, host: "2001:db8::1", port: 2222, username: mon, password_file: ${passwordFile}, max_sessions: 4 }`,
        `  - { name: lab, host: lab.example, username: mon, private_key_file: ${keyFile}, passphrase_env: LAB_PASS,`,
        '      host_key_sha256: "SHA256:b2R0Su3avZuqfthcXQZGNiBJKU25YpXG/i7uDdDq0TY" }',
      ].join('\n'),
    );
    const devices = loadInventory(file, { CORE1: 'from-env', LAB_PASS: 'phrase' });
    expect(devices.map((d) => [d.name, d.port, d.auth])).toEqual([
      ['core-1', 22, 'password_env'],
      ['edge_2', 2222, 'password_file'],
      ['lab', 22, 'private_key_file'],
    ]);
    expect(devices[0].password).toBe('from-env');
    expect(devices[0].targets).toEqual(['8.8.8.8', 'dns.example']);
    expect(devices[1].password).toBe('from-file');
    expect(devices[1].maxSessions).toBe(4);
    expect(devices[2].privateKey).toContain('OPENSSH PRIVATE KEY');
    expect(devices[2].passphrase).toBe('phrase');
  });

  it.each([
    ['a missing devices list', 'routers: []', /top-level "devices:"/],
    [
      'a device without a secret',
      'devices:\n  - { name: a, host: 10.0.0.1, username: u }',
      /needs password_env/,
    ],
    [
      'an unset password variable',
      'devices:\n  - { name: a, host: 10.0.0.1, username: u, password_env: NOPE }',
      /NOPE is not set/,
    ],
    [
      'a host with a shell character',
      'devices:\n  - { name: a, host: "10.0.0.1;reboot", username: u, password_env: P }',
      /host/,
    ],
    [
      'a bad fingerprint',
      'devices:\n  - { name: a, host: 10.0.0.1, username: u, password_env: P, host_key_sha256: "md5:aa" }',
      /host_key_sha256/,
    ],
    [
      'a duplicate name',
      'devices:\n  - { name: a, host: 10.0.0.1, username: u, password_env: P }\n  - { name: a, host: 10.0.0.2, username: u, password_env: P }',
      /appears twice/,
    ],
    [
      'a bad target',
      'devices:\n  - { name: a, host: 10.0.0.1, username: u, password_env: P, targets: ["1.1.1.1 count=9"] }',
      /targets/,
    ],
    ['YAML that does not parse', 'devices: [', /cannot read/],
  ])('refuses %s with a ConfigError naming DEVICES_FILE', (_what, text, message) => {
    const file = write('devices.yaml', text);
    expect(() => loadInventory(file, { P: 'x' })).toThrow(ConfigError);
    expect(() => loadInventory(file, { P: 'x' })).toThrow(message);
  });

  it('refuses a file that does not exist', () => {
    expect(() => loadInventory(join(dir, 'missing.yaml'), {})).toThrow(
      /^DEVICES_FILE: cannot read/,
    );
  });
});
