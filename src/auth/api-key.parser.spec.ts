import { createHash } from 'node:crypto';
import { ConfigError } from '../config/env.reader';
import {
  assertDistinctKeys,
  parseApiKeysEntries,
  parseApiKeysFile,
  parseLegacyApiKey,
} from './api-key.parser';

const SECRET = 'k3y-with:colon-0123456789';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('API_KEYS entries', () => {
  it('split id and role at the first two colons and keep only the hash of the rest', () => {
    const [key] = parseApiKeysEntries([`zabbix:operator:${SECRET}`]);
    expect(key).toEqual({
      id: 'zabbix',
      role: 'operator',
      sha256: sha(SECRET),
      source: 'API_KEYS',
    });
    expect(JSON.stringify(key)).not.toContain(SECRET);
  });

  it.each([
    ['no-colons', 'expected id:role:secret'],
    ['only:one', 'expected id:role:secret'],
    [`bad id:monitor:${SECRET}`, 'id must be'],
    [`x:root:${SECRET}`, 'role "root" is not one of monitor, operator, admin'],
    ['x:monitor:short', 'must be 16-512 characters'],
    [`x:monitor:${SECRET} with space`, 'spaces or non-ASCII'],
  ])('refuse %j naming API_KEYS and the entry', (entry, message) => {
    const error = configError(() => parseApiKeysEntries([`ok:monitor:${SECRET}`, entry]));
    expect(error.variable).toBe('API_KEYS');
    expect(error.message).toContain('entry #2');
    expect(error.message).toContain(message);
  });

  it('never repeat the secret in an error message', () => {
    const error = configError(() =>
      parseApiKeysEntries(['x:superuser:a-secret-that-is-long-enough']),
    );
    expect(error.message).not.toContain('a-secret-that-is-long-enough');
  });
});

describe('API_KEY (legacy)', () => {
  it('is an admin key named legacy-admin', () => {
    expect(parseLegacyApiKey('old,key')).toMatchObject({
      id: 'legacy-admin',
      role: 'admin',
      sha256: sha('old,key'),
    });
  });

  it('refuses control characters', () => {
    expect(configError(() => parseLegacyApiKey('a\tb')).variable).toBe('API_KEY');
  });
});

describe('API_KEYS_FILE', () => {
  const hash = sha('file-secret');

  it('reads a YAML list with scopes', () => {
    const keys = parseApiKeysFile(
      `- id: noc\n  role: monitor\n  sha256: ${hash.toUpperCase()}\n  devices: [core-*]\n  targets: [10.0.0.0/8, 2001:db8::/32, "*.example.net"]\n`,
      'keys.yml',
    );
    expect(keys).toEqual([
      {
        id: 'noc',
        role: 'monitor',
        sha256: hash,
        devices: ['core-*'],
        targets: ['10.0.0.0/8', '2001:db8::/32', '*.example.net'],
        source: 'API_KEYS_FILE',
      },
    ]);
  });

  it('also reads a top-level keys: list, and an empty file as no keys', () => {
    expect(
      parseApiKeysFile(`keys:\n  - { id: a, role: admin, sha256: ${hash} }\n`, 'f'),
    ).toHaveLength(1);
    expect(parseApiKeysFile('', 'f')).toEqual([]);
    expect(parseApiKeysFile('# keys go here\n\n', 'f')).toEqual([]);
  });

  const entry = (fields: string) => `- { id: a, role: admin, sha256: ${hash}, ${fields} }`;

  it.each([
    ['broken YAML', 'not: [valid', 'not valid YAML'],
    ['a scalar', 'just a string', 'expected a YAML list'],
    ['a misspelt field', entry('device: [x]'), 'unknown field(s) device'],
    ['a short hash', '- { id: a, role: admin, sha256: abc }', 'sha256 must be 64 hex digits'],
    ['an unknown role', `- { id: a, role: boss, sha256: ${hash} }`, 'role must be one of'],
    ['an empty scope list', entry('targets: []'), 'targets is empty'],
    ['a bad prefix length', entry('targets: [10.0.0.0/33]'), 'not a valid CIDR'],
    ['a device glob with a space', entry('devices: ["core 1"]'), 'not a name or glob'],
  ])('refuses %s, naming API_KEYS_FILE', (_label, yaml, message) => {
    const error = configError(() => parseApiKeysFile(yaml, 'keys.yml'));
    expect(error.variable).toBe('API_KEYS_FILE');
    expect(error.message).toContain(message);
  });
});

describe('all keys together', () => {
  const key = (id: string, secret: string) => ({
    id,
    role: 'admin' as const,
    sha256: sha(secret),
    source: 'API_KEYS' as const,
  });

  it('must have distinct ids', () => {
    expect(() => assertDistinctKeys([key('a', 'one'), key('a', 'two')])).toThrow(
      'key id "a" is defined twice',
    );
  });

  it('must have distinct secrets, so a key id names exactly one secret', () => {
    expect(() => assertDistinctKeys([key('a', 'same'), key('b', 'same')])).toThrow(
      'have the same secret',
    );
  });
});
