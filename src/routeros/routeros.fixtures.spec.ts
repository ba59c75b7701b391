import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectRouterOsError } from './error.parser';
import { normalizeOutput } from './output.normalizer';
import { parsePing } from './ping.parser';
import {
  parseIdentity,
  parseKeyValueBlock,
  parseResource,
  parseRouterboard,
} from './system.parser';
import { parseTraceroute } from './traceroute.parser';

const FIXTURES = resolve(__dirname, '../../test/fixtures/routeros');
const SHARED = resolve(__dirname, '../../../shared/routeros');
const SPEC_DIRS = [__dirname, resolve(__dirname, '../probe')];

/** What each fixture is: output of a command we run, or text the parsers must only survive. */
type Role = 'ping' | 'traceroute' | 'system' | 'error' | 'other';

const ROLES: Record<string, Role> = {
  'api-official-docs-trap-category-message.txt': 'other',
  'api-ping-reply-words-tik4net-debug-comment.txt': 'other',
  'api-rest-v7-ping-count4-and-session-closed-official-docs.txt': 'other',
  'api-rest-v7-ping-host-unreachable-then-timeouts-captured.txt': 'other',
  'api-v7-official-docs-resource-print-proplist-oid-sentences.txt': 'other',
  'error-official-docs-syntax-error-undefined-local.txt': 'error',
  'error-v6-expected-end-of-command-traceroute-lg.txt': 'error',
  'error-v7-failure-authentication-failure.txt': 'error',
  'error-v7-failure-with-async-log-echo-line.txt': 'error',
  'error-v7-official-docs-failure-not-allowed-by-device-mode.txt': 'error',
  'error-v7.15-chr-bad-command-name-routerboard-ssh-exec.txt': 'error',
  'error-v7.23-expected-end-of-command-empty-value-annotated.txt': 'error',
  'error-v7.23-ping-as-value-resolve-failed-annotated.txt': 'error',
  'fetch-sftp-downloading-with-pager-official-docs.txt': 'other',
  'fetch-v6-status-finished-pager-remnant-z-pause.txt': 'other',
  'fetch-v7-output-user-data-multiline-and-failed.txt': 'other',
  'fetch-v7-output-user-pager-remnant-se.txt': 'other',
  'fetch-v7-status-finished-pager-remnant-and-data.txt': 'other',
  'login-banner-v6.22-official-docs.txt': 'other',
  'login-banner-v6.39.3-license-nag-press-enter.txt': 'other',
  'login-banner-v7.18.2-ssh-press-f1.txt': 'other',
  'login-official-docs-license-nag-and-critical-login-failure-lines.txt': 'other',
  'pager-v6-pppoe-client-monitor.txt': 'other',
  'pager-v6-traceroute-interactive-pause-line.txt': 'other',
  'pager-v7-device-mode-update.txt': 'other',
  'pager-v7-official-docs-wide-table-right-and-truncation-marker.txt': 'other',
  'pager-v7-pppoe-client-monitor.txt': 'other',
  'ping-100pct-loss-timeouts-ntc.txt': 'ping',
  'ping-basic-8888-ntc.txt': 'ping',
  'ping-ipv6-multicast-negative-loss-ntc.txt': 'ping',
  'ping-mac-address-ntc.txt': 'ping',
  'ping-official-docs-partial-loss-one-timeout.txt': 'ping',
  'ping-old-format-no-seq-column.txt': 'ping',
  'ping-romon-official-docs-seq-host-time-columns.txt': 'ping',
  'ping-v6.44-trailing-spaces.txt': 'ping',
  'ping-v7-count1-ms-us.txt': 'ping',
  'ping-v7-ms-us-units.txt': 'ping',
  'ping-v7-no-route-to-host.txt': 'ping',
  'ping-v7-us-only-wrapped-summary-trailing-spaces.txt': 'ping',
  'prompt-v6.39.3-reboot-confirmation.txt': 'other',
  'resolve-official-docs-failure-dns-name-does-not-exist.txt': 'error',
  'speed-test-v6.44plus-ping-phase-repeated-blocks.txt': 'other',
  'ssh-escapes-v7-safe-mode-identity-print.txt': 'system',
  'ssh-raw-v6.49.17-keystroke-echo-repaint-and-export.txt': 'other',
  'ssh-raw-v6.49.17-login-banner-and-first-prompt.txt': 'other',
  'system-identity-print-ntc.txt': 'system',
  'system-resource-print-v6.39.3-x86-qemu.txt': 'system',
  'system-resource-print-v7.12.2-ccr2004.txt': 'system',
  'system-routerboard-print-v6-hex.txt': 'system',
  'system-routerboard-print-v6-old-firmware.txt': 'system',
  'terminal-v7.23-async-log-echo-injection-wire-trace.txt': 'other',
  'traceroute-official-docs-old-format-address-status-rt-columns.txt': 'traceroute',
  'traceroute-v6-mpls-labels.txt': 'traceroute',
  'traceroute-v6-ssh-exec-noninteractive-two-chunks.txt': 'traceroute',
  'traceroute-v6.44-timeout-hop-and-partial-row.txt': 'traceroute',
  'traceroute-v7-columns-header-mpls-label-stack.txt': 'traceroute',
  'traceroute-v7-ipv6-truncated-addresses-repainted-rounds.txt': 'traceroute',
  'traceroute-v7-timeout-first-hop-truncated-status-header.txt': 'traceroute',
  // An as-value result and a refusal: no table, one error behind the author's marks.
  'traceroute-v7.23-as-value-and-bad-parameter-annotated.txt': 'error',
};

const fixtureNames = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt'));
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const byRole = (role: Role): string[] => fixtureNames.filter((name) => ROLES[name] === role);

describe('RouterOS fixtures', () => {
  it('gives every fixture a role, and names only fixtures that exist', () => {
    expect(Object.keys(ROLES).sort()).toEqual([...fixtureNames].sort());
  });

  it('names every fixture in a spec that checks values written by hand', () => {
    const specs = SPEC_DIRS.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.spec.ts') && name !== 'routeros.fixtures.spec.ts')
        .map((name) => readFileSync(join(dir, name), 'utf8')),
    ).join('\n');
    const untested = fixtureNames.filter((name) => !specs.includes(name));
    expect(untested).toEqual([]);
  });

  (existsSync(SHARED) ? it : it.skip)(
    'holds every file of ../shared/routeros byte for byte',
    () => {
      const shared = readdirSync(SHARED).filter((name) => name.endsWith('.txt'));
      expect(shared.length).toBeGreaterThan(0);
      for (const name of shared) {
        expect(existsSync(join(FIXTURES, name))).toBe(true);
        expect(readFileSync(join(FIXTURES, name)).equals(readFileSync(join(SHARED, name)))).toBe(
          true,
        );
      }
      expect([...fixtureNames].sort()).toEqual([...shared].sort());
    },
  );

  it.each(fixtureNames)('runs every parser over %s without throwing', (name) => {
    const text = read(name);
    expect(() => {
      normalizeOutput(text);
      detectRouterOsError(text);
      parsePing(text);
      parseTraceroute(text);
      parseKeyValueBlock(text);
      parseIdentity(text);
      parseResource(text);
      parseRouterboard(text);
    }).not.toThrow();
  });

  it.each(byRole('other'))('finds no ping, traceroute, system result or error in %s', (name) => {
    const text = read(name);
    expect(parsePing(text)).toEqual({ replies: [], summary: null });
    expect(parseTraceroute(text)).toEqual({ hops: [], tableCount: 0 });
    expect(detectRouterOsError(text)).toBeNull();
    expect(parseIdentity(text)).toBeNull();
    expect(Object.values(parseResource(text)).every((v) => v === null)).toBe(true);
    expect(Object.values(parseRouterboard(text)).every((v) => v === null)).toBe(true);
  });

  it.each(byRole('ping'))('reads %s as ping output and nothing else', (name) => {
    const text = read(name);
    expect(parsePing(text).replies.length).toBeGreaterThan(0);
    expect(parseTraceroute(text).hops).toEqual([]);
    expect(detectRouterOsError(text)).toBeNull();
  });

  it.each(byRole('traceroute'))('reads %s as traceroute output and nothing else', (name) => {
    const text = read(name);
    expect(parseTraceroute(text).hops.length).toBeGreaterThan(0);
    expect(parsePing(text)).toEqual({ replies: [], summary: null });
    expect(detectRouterOsError(text)).toBeNull();
  });

  it.each(byRole('system'))('reads %s as a system print and nothing else', (name) => {
    const text = read(name);
    expect(Object.keys(parseKeyValueBlock(text)).length).toBeGreaterThan(0);
    expect(parsePing(text)).toEqual({ replies: [], summary: null });
    expect(parseTraceroute(text).hops).toEqual([]);
    expect(detectRouterOsError(text)).toBeNull();
  });

  it.each(byRole('error'))('finds no ping or traceroute result in the error output %s', (name) => {
    const text = read(name);
    expect(parsePing(text)).toEqual({ replies: [], summary: null });
    expect(parseTraceroute(text).hops).toEqual([]);
  });
});
