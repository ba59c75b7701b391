import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectRouterOsError } from './error.parser';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

// The tik4net findings mark lines with `<<`, `>>`, `→` and comment with `← ...`; drop those
// marks so the device text is what remains.
const stripAnnotations = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:<<|>>|→)\s*/, '').replace(/\s+←.*$/, ''))
    .join('\n');

describe('detectRouterOsError on real outputs', () => {
  it.each([
    [
      'error-official-docs-syntax-error-undefined-local.txt',
      'syntax',
      'syntax error (line 1 column 7)',
    ],
    [
      'error-v6-expected-end-of-command-traceroute-lg.txt',
      'expected_end',
      'expected end of command (line 1 column 42)',
    ],
    ['error-v7-failure-authentication-failure.txt', 'failure', 'failure: authentication failure'],
    ['error-v7-failure-with-async-log-echo-line.txt', 'failure', 'failure: authentication failure'],
    [
      'error-v7-official-docs-failure-not-allowed-by-device-mode.txt',
      'failure',
      'failure: not allowed by device-mode',
    ],
    [
      'error-v7.15-chr-bad-command-name-routerboard-ssh-exec.txt',
      'bad_command',
      'bad command name routerboard (line 1 column 9)',
    ],
    [
      'resolve-official-docs-failure-dns-name-does-not-exist.txt',
      'failure',
      'failure: dns name does not exist',
    ],
  ])('finds in %s a %s error', (name, kind, message) => {
    expect(detectRouterOsError(fixture(name))).toEqual({ kind, message });
  });

  it('finds the expected end of command in the annotated 7.23 finding', () => {
    const text = stripAnnotations(
      fixture('error-v7.23-expected-end-of-command-empty-value-annotated.txt'),
    );
    expect(detectRouterOsError(text)).toEqual({
      kind: 'expected_end',
      message: 'expected end of command (line 1 column 37)',
    });
  });

  it('finds resolve failed, then the input mismatch, in the annotated as-value finding', () => {
    const text = stripAnnotations(
      fixture('error-v7.23-ping-as-value-resolve-failed-annotated.txt'),
    );
    expect(detectRouterOsError(text)).toEqual({
      kind: 'failure',
      message: 'failure: resolve failed',
    });
    const secondFinding = text.slice(text.indexOf('/interface/monitor-traffic'));
    expect(detectRouterOsError(secondFinding)).toEqual({
      kind: 'input_mismatch',
      message: 'input does not match any value of interface',
    });
  });

  it('finds the bad parameter in the annotated traceroute as-value finding', () => {
    const text = stripAnnotations(
      fixture('traceroute-v7.23-as-value-and-bad-parameter-annotated.txt'),
    );
    expect(detectRouterOsError(text)).toEqual({
      kind: 'bad_parameter',
      message: 'bad parameter once (line 1 column 54)',
    });
  });

  it('does not take an annotated line for device output', () => {
    // Unstripped, the refusal sits behind the author's `<<`: not a line the device printed.
    expect(
      detectRouterOsError(fixture('traceroute-v7.23-as-value-and-bad-parameter-annotated.txt')),
    ).toBeNull();
  });
});

describe('detectRouterOsError by the format rules', () => {
  it('keeps the indented reasons of an invalid value in the message', () => {
    const output = [
      'invalid value for argument address:',
      '    invalid value of mac-address, mac address required',
      '    invalid value for argument ipv6-address',
      '    while resolving ip-address: could not get answer from dns server',
    ].join('\r\n');
    expect(detectRouterOsError(output)).toEqual({
      kind: 'invalid_value',
      message:
        'invalid value for argument address: invalid value of mac-address, mac address required; ' +
        'invalid value for argument ipv6-address; ' +
        'while resolving ip-address: could not get answer from dns server',
    });
  });

  it('reads an invalid value without reasons as its line', () => {
    expect(detectRouterOsError('invalid value for argument count')).toEqual({
      kind: 'invalid_value',
      message: 'invalid value for argument count',
    });
  });

  it('does not take a pushed log line about a login failure for a command error', () => {
    expect(
      detectRouterOsError(
        '14:15:55 echo: system,error,critical login failure for user admin from 10.0.0.1 via ssh\r\n' +
          'echo: system,error,critical login failure for user admin from 10.0.0.1 via ssh',
      ),
    ).toBeNull();
    expect(
      detectRouterOsError(
        fixture('login-official-docs-license-nag-and-critical-login-failure-lines.txt'),
      ),
    ).toBeNull();
  });

  it('finds a refusal printed after a prompt and the echoed command', () => {
    expect(
      detectRouterOsError('[admin@r1] > /ping 8.8.8.8 count=1000\r\nsyntax error\r\n'),
    ).toEqual({
      kind: 'syntax',
      message: 'syntax error',
    });
  });

  it('finds no error in ping, traceroute and system outputs', () => {
    for (const name of [
      'ping-basic-8888-ntc.txt',
      'ping-100pct-loss-timeouts-ntc.txt',
      'ping-v7-no-route-to-host.txt',
      'ping-v7-us-only-wrapped-summary-trailing-spaces.txt',
      'traceroute-v6.44-timeout-hop-and-partial-row.txt',
      'traceroute-v7-columns-header-mpls-label-stack.txt',
      'system-resource-print-v7.12.2-ccr2004.txt',
      'system-routerboard-print-v6-hex.txt',
      'fetch-v7-output-user-data-multiline-and-failed.txt',
      'api-official-docs-trap-category-message.txt',
    ]) {
      expect(detectRouterOsError(fixture(name))).toBeNull();
    }
  });

  it('does not take error words inside a value or a row for an error', () => {
    expect(detectRouterOsError('  name: failure: not really')).toBeNull();
    expect(detectRouterOsError('    0 10.0.0.1      syntax error')).toBeNull();
    expect(detectRouterOsError('')).toBeNull();
  });
});
