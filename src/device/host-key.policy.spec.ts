import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { DeviceConfig } from '../config/configuration';
import { HostKeyPolicy } from './host-key.policy';
import { testDeviceConfig } from './testing/device-testing';

const KEY_A = 'SHA256:dJ/xj1rEZJxAIqkJBumCqnSP20myy8qNBO6/P8cX9kU';
const KEY_B = 'SHA256:/6El2/dhzlC1104L7c+N8qmxGa1cbZmPydWEC0uBCS0';
const router = { host: '10.0.0.1', port: 22 };

function knownHostsPath(): string {
  // A directory that does not exist yet: the policy must create it.
  return join(mkdtempSync(join(tmpdir(), 'sentinel-policy-')), 'data', 'known_hosts');
}

function policy(
  mode: DeviceConfig['strictHostKeyChecking'],
  knownHostsFile = knownHostsPath(),
): HostKeyPolicy {
  return new HostKeyPolicy(testDeviceConfig({ strictHostKeyChecking: mode, knownHostsFile }));
}

describe('HostKeyPolicy', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  describe.each(['yes', 'accept-new', 'no'] as const)(
    'in mode %s, a key pinned on the device',
    (mode) => {
      it('is accepted when it matches, whatever padding the pin has', () => {
        expect(policy(mode).verify({ ...router, hostKeySha256: `${KEY_A}=` }, KEY_A)).toEqual({
          accepted: true,
        });
      });

      it('is refused when the router presents another key', () => {
        expect(policy(mode).verify({ ...router, hostKeySha256: KEY_A }, KEY_B)).toMatchObject({
          accepted: false,
          expected: KEY_A,
        });
      });
    },
  );

  describe('mode yes', () => {
    it('refuses an unpinned router and says how to pin it', () => {
      const verdict = policy('yes').verify(router, KEY_A);
      expect(verdict).toMatchObject({ accepted: false });
      expect(verdict.accepted === false && verdict.reason).toMatch(
        /host_key_sha256.*KNOWN_HOSTS_FILE/,
      );
    });

    it('accepts a router listed in the known hosts file, and nothing else for it', () => {
      const file = knownHostsPath();
      const check = policy('accept-new', file);
      check.verify(router, KEY_A);
      const strict = policy('yes', file);
      expect(strict.verify(router, KEY_A)).toEqual({ accepted: true });
      expect(strict.verify(router, KEY_B)).toMatchObject({ accepted: false, expected: KEY_A });
    });
  });

  describe('mode accept-new', () => {
    it('pins the first key in a file only the service can read', () => {
      const file = knownHostsPath();
      expect(policy('accept-new', file).verify(router, KEY_A)).toEqual({ accepted: true });
      expect(readFileSync(file, 'utf8')).toBe(`[10.0.0.1]:22 ssh-fingerprint ${KEY_A}\n`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });

    it('refuses a changed key, also after a restart', () => {
      const file = knownHostsPath();
      const first = policy('accept-new', file);
      first.verify(router, KEY_A);
      expect(first.verify(router, KEY_B)).toMatchObject({ accepted: false, expected: KEY_A });
      expect(policy('accept-new', file).verify(router, KEY_B)).toMatchObject({ accepted: false });
    });

    it('keeps routers apart by port and host', () => {
      const check = policy('accept-new');
      check.verify(router, KEY_A);
      expect(check.verify({ ...router, port: 2222 }, KEY_B)).toEqual({ accepted: true });
      expect(check.verify({ host: '10.0.0.2', port: 22 }, KEY_B)).toEqual({ accepted: true });
      expect(check.verify({ host: '::1', port: 22 }, KEY_B)).toEqual({ accepted: true });
      expect(check.verify({ host: '::1', port: 22 }, KEY_A)).toMatchObject({ accepted: false });
    });

    it('reads operator-edited files: comments, IPv6, padding, last line wins, bad lines skipped', () => {
      const file = knownHostsPath();
      policy('accept-new', file).verify({ host: 'seed', port: 1 }, KEY_A);
      writeFileSync(
        file,
        [
          '# pins',
          `[10.0.0.1]:22 ssh-fingerprint ${KEY_A}`,
          'garbage line',
          `[10.0.0.1]:22 ssh-fingerprint ${KEY_B}=`,
          `[fe80::1]:22 ssh-fingerprint ${KEY_A}`,
          '',
        ].join('\n'),
      );
      const check = policy('yes', file);
      expect(check.verify(router, KEY_B)).toEqual({ accepted: true });
      expect(check.verify({ host: 'FE80::1', port: 22 }, KEY_A)).toEqual({ accepted: true });
      expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('lines 3'));
    });

    it('picks up a re-pinned key on reload', () => {
      const file = knownHostsPath();
      const check = policy('accept-new', file);
      check.verify(router, KEY_A);
      writeFileSync(file, `[10.0.0.1]:22 ssh-fingerprint ${KEY_B}\n`);
      expect(check.verify(router, KEY_B)).toMatchObject({ accepted: false });
      check.reload();
      expect(check.verify(router, KEY_B)).toEqual({ accepted: true });
    });

    it('refuses to start on an unreadable file, and a failed reload keeps the old pins', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sentinel-policy-'));
      // A directory where the file should be cannot be read as one.
      expect(() => policy('accept-new', dir)).toThrow(/EISDIR/);
      const file = join(dir, 'known_hosts');
      const check = policy('accept-new', file);
      check.verify(router, KEY_A);
      rmSync(file);
      mkdirSync(file);
      expect(() => check.reload()).toThrow(/EISDIR/);
      expect(check.verify(router, KEY_B)).toMatchObject({ accepted: false, expected: KEY_A });
    });

    it('keeps the pin in memory when the file cannot be written', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sentinel-policy-'));
      const check = policy('accept-new', join(dir, 'sub', 'known_hosts'));
      // A plain file where the directory should go makes every write fail.
      writeFileSync(join(dir, 'sub'), '');
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      expect(check.verify(router, KEY_A)).toEqual({ accepted: true });
      expect(check.verify(router, KEY_B)).toMatchObject({ accepted: false });
      expect(Logger.prototype.error).toHaveBeenCalled();
    });
  });

  describe('mode no', () => {
    it('accepts any key and warns once', () => {
      const check = policy('no');
      expect(check.verify(router, KEY_A)).toEqual({ accepted: true });
      expect(check.verify(router, KEY_B)).toEqual({ accepted: true });
      expect(Logger.prototype.warn).toHaveBeenCalledTimes(1);
    });
  });
});
