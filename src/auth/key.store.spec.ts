import type * as NodeCrypto from 'node:crypto';
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthConfig } from '../config/configuration';
import { ConfigError } from '../config/env.reader';
import { KeyNotice } from './key.notice';
import { KeyStore } from './key.store';
import { RecordingAuditSink } from './testing/recording-audit.sink';

// The real comparison, observed: the spec checks the match path goes through it.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof NodeCrypto>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const MONITOR = 'monitor-secret-0123456789';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

class CapturingNotice extends KeyNotice {
  readonly shown: string[] = [];
  override show(key: string): void {
    this.shown.push(key);
  }
}

function store(options: Partial<AuthConfig> = {}) {
  const sink = new RecordingAuditSink();
  const notice = new CapturingNotice();
  const config = new AuthConfig(
    options.enabled ?? true,
    options.apiKeys ?? [],
    options.apiKeysFile,
    options.legacyApiKey,
    true,
  );
  return { keys: new KeyStore(config, new AuditService(sink), notice), sink, notice };
}

describe('KeyStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sentinel-keys-'))));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('recognises a configured key and answers with its principal', () => {
    const { keys } = store({ apiKeys: [`noc:monitor:${MONITOR}`] });
    expect(keys.identify(MONITOR).principal).toEqual({
      keyId: 'noc',
      role: 'monitor',
      devices: undefined,
      targets: undefined,
    });
  });

  it('names an unknown key by the first 8 hex digits of its SHA-256 only', () => {
    const { keys } = store({ apiKeys: [`noc:monitor:${MONITOR}`] });
    const match = keys.identify('a-wrong-key');
    expect(match.principal).toBeUndefined();
    expect(match.fingerprint).toBe(`${sha('a-wrong-key').slice(0, 8)}...`);
  });

  it('confirms a found key with a constant-time comparison of the two digests', () => {
    const compare = jest.mocked(timingSafeEqual);
    compare.mockClear();
    const { keys } = store({ apiKeys: [`noc:monitor:${MONITOR}`] });
    keys.identify(MONITOR);
    expect(compare).toHaveBeenCalledTimes(1);
    const [stored, presented] = compare.mock.calls[0] as [Buffer, Buffer];
    expect(stored.toString('hex')).toBe(sha(MONITOR));
    expect(presented.toString('hex')).toBe(sha(MONITOR));
  });

  it('accepts the legacy API_KEY as admin, alongside API_KEYS', () => {
    const { keys } = store({
      apiKeys: [`noc:monitor:${MONITOR}`],
      legacyApiKey: 'legacy-admin-key',
    });
    expect(keys.identify('legacy-admin-key').principal).toMatchObject({
      keyId: 'legacy-admin',
      role: 'admin',
    });
    expect(keys.size).toBe(2);
  });

  it('stops the start with a ConfigError naming API_KEYS for a bad entry', () => {
    expect(() => store({ apiKeys: ['noc:monitor'] })).toThrow(ConfigError);
    expect(() => store({ apiKeys: ['noc:monitor'] })).toThrow(/^API_KEYS: /);
  });

  it('stops the start with a ConfigError naming API_KEYS_FILE when the file is missing', () => {
    expect(() => store({ apiKeysFile: join(dir, 'absent.yml') })).toThrow(
      /^API_KEYS_FILE: .*ENOENT/,
    );
  });

  describe('with auth on and no key configured', () => {
    it('generates one admin key of 32 random bytes, base64url, that authenticates', () => {
      const { keys } = store();
      const key = keys.generatedKey;
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(keys.identify(key as string).principal).toMatchObject({
        keyId: 'generated-admin',
        role: 'admin',
      });
      expect(store().keys.generatedKey).not.toBe(key);
    });

    it('shows it once at start, and never through the audit trail', () => {
      const { keys, notice, sink } = store();
      keys.onApplicationBootstrap();
      expect(notice.shown).toEqual([keys.generatedKey]);
      expect(JSON.stringify(sink.entries)).not.toContain(keys.generatedKey);
    });

    it('also when API_KEYS_FILE exists but lists no key yet', () => {
      const file = join(dir, 'keys.yml');
      writeFileSync(file, '# none yet\n');
      expect(store({ apiKeysFile: file }).keys.generatedKey).toBeDefined();
    });
  });

  it('warns at every start with auth off', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    store({ enabled: false }).keys.onApplicationBootstrap();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ENABLE_AUTH=false'));
  });

  it('generates nothing when keys are configured, or when auth is off', () => {
    expect(store({ apiKeys: [`noc:monitor:${MONITOR}`] }).keys.generatedKey).toBeUndefined();
    const off = store({ enabled: false });
    expect(off.keys.generatedKey).toBeUndefined();
    off.keys.onApplicationBootstrap();
    expect(off.notice.shown).toEqual([]);
  });

  describe('reload (SIGHUP)', () => {
    const yaml = (id: string, secret: string) =>
      `- { id: ${id}, role: operator, sha256: ${sha(secret)}, devices: [core-*] }\n`;

    it('swaps in the new file and audits config_reloaded', () => {
      const file = join(dir, 'keys.yml');
      writeFileSync(file, yaml('first', 'first-secret'));
      const { keys, sink } = store({ apiKeysFile: file, apiKeys: [`noc:monitor:${MONITOR}`] });
      writeFileSync(file, yaml('second', 'second-secret'));

      expect(keys.reload()).toBe(true);
      expect(keys.identify('first-secret').principal).toBeUndefined();
      expect(keys.identify('second-secret').principal).toMatchObject({
        keyId: 'second',
        devices: ['core-*'],
      });
      expect(keys.identify(MONITOR).principal).toMatchObject({ keyId: 'noc' });
      expect(sink.ofType('config_reloaded')).toEqual([
        expect.objectContaining({
          file: 'API_KEYS_FILE',
          success: true,
          keys: 2,
          message: 'Configuration reloaded',
        }),
      ]);
    });

    it('keeps the old keys when the new file is bad, and audits the failure', () => {
      const file = join(dir, 'keys.yml');
      writeFileSync(file, yaml('first', 'first-secret'));
      const { keys, sink } = store({ apiKeysFile: file });
      writeFileSync(file, '- { id: broken, role: nobody }\n');

      expect(keys.reload()).toBe(false);
      expect(keys.identify('first-secret').principal).toMatchObject({ keyId: 'first' });
      const [entry] = sink.ofType('config_reloaded');
      expect(entry).toMatchObject({ success: false, level: 'warning' });
      expect(entry.message).toMatch(
        /^Configuration reloaded: API_KEYS_FILE: .*role must be one of/,
      );
    });

    it('refuses a file whose key id is already taken by API_KEYS', () => {
      const file = join(dir, 'keys.yml');
      writeFileSync(file, '');
      const { keys } = store({ apiKeysFile: file, apiKeys: [`noc:monitor:${MONITOR}`] });
      writeFileSync(file, yaml('noc', 'other-secret'));
      expect(keys.reload()).toBe(false);
      expect(keys.identify('other-secret').principal).toBeUndefined();
    });
  });
});
