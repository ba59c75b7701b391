import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPromptLine, normalizeOutput } from './output.normalizer';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const ESC = '\u001b';

describe('normalizeOutput', () => {
  it('splits lines ending in CRLF and CR CR LF alike', () => {
    expect(normalizeOutput('a\r\nb\r\r\nc\n')).toEqual(['a', 'b', 'c']);
  });

  it('keeps what the terminal shows last when a CR repaints a line', () => {
    expect(normalizeOutput('status: running\rstatus: stopped')).toEqual(['status: stopped']);
    // Overwriting with a shorter text leaves the tail, as on a real screen.
    expect(normalizeOutput('abcdef\rXY')).toEqual(['XYcdef']);
  });

  it('erases to the end of the line on ESC[K and drops colours and cursor moves', () => {
    expect(normalizeOutput(`abcdef\rXY${ESC}[K`)).toEqual(['XY']);
    expect(normalizeOutput(`${ESC}[9999B${ESC}[1;31mred${ESC}[0m text${ESC}[c`)).toEqual([
      'red text',
    ]);
  });

  it('erases the start of the line on ESC[1K and the whole line on ESC[2K', () => {
    expect(normalizeOutput(`abcdef${ESC}[3D${ESC}[1Kx`)).toEqual(['   xef']);
    expect(normalizeOutput(`abcdef${ESC}[2K`)).toEqual([]);
  });

  it('moves the cursor on ESC[nC, ESC[nD and ESC[nG', () => {
    expect(normalizeOutput(`a${ESC}[3Cb`)).toEqual(['a   b']);
    expect(normalizeOutput(`abc${ESC}[2DX`)).toEqual(['aXc']);
    expect(normalizeOutput(`abc${ESC}[1GZ`)).toEqual(['Zbc']);
  });

  it('bounds a cursor move far to the right instead of filling memory', () => {
    const [line] = normalizeOutput(`${ESC}[999999999Cx`);
    expect(line.length).toBeLessThanOrEqual(10_001);
  });

  it('drops OSC titles and charset selections', () => {
    expect(normalizeOutput(`${ESC}]0;title\u0007${ESC}(Bok`)).toEqual(['ok']);
  });

  it('handles a long line that starts like a prompt but is none in linear time', () => {
    const line = `[a@b]${' x'.repeat(50_000)}`;
    const started = Date.now();
    expect(normalizeOutput(line)).toEqual([line]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps column positions and trims only trailing spaces', () => {
    expect(normalizeOutput('    0 10.2.1.2   56  64 314us     \r\n')).toEqual([
      '    0 10.2.1.2   56  64 314us',
    ]);
  });

  it('drops leading and trailing blank lines but keeps the ones between', () => {
    expect(normalizeOutput('\r\n \r\na\r\n\r\nb\r\n\r\n')).toEqual(['a', '', 'b']);
  });

  it.each([
    '-- [Q quit|D dump|C-z pause]',
    '-- [Q quit|D dump|C-z pause|right]',
    '-[Q quit|C-z pause]-',
  ])('drops the pager line %j', (pager) => {
    expect(normalizeOutput(`  name: x\r\n${pager}\r\n`)).toEqual(['  name: x']);
  });

  it('cuts the remnant a pager line leaves behind when a shorter line overwrote it', () => {
    const lines = normalizeOutput(fixture('fetch-v7-status-finished-pager-remnant-and-data.txt'));
    expect(lines).toContain('  downloaded: 1KiB');
    expect(
      normalizeOutput(fixture('fetch-v6-status-finished-pager-remnant-z-pause.txt')),
    ).toContain('  downloaded: 551KiB');
    expect(normalizeOutput(fixture('fetch-v7-output-user-pager-remnant-se.txt'))).toContain(
      '  downloaded: 0KiB',
    );
  });

  it.each([
    '[admin@MikroTik] > ping 8.8.8.8',
    '[admin@MikroTik] >',
    '[admin@x] /ip/route> ',
    '[admin@MikroTik] /ip route> print',
    '[user@HOSTNAME] <SAFE> ',
    '[aaaaaa@RB5009] /system/script>',
    '[admin@MikroTik] >\u00a0:put $myVar',
  ])('drops the prompt %j', (prompt) => {
    expect(isPromptLine(prompt)).toBe(true);
    expect(normalizeOutput(`${prompt}\r\n  name: x`)).toEqual(['  name: x']);
  });

  it('does not take a table row or a key-value line for a prompt', () => {
    expect(isPromptLine('    0 8.8.8.8                                    56  64 157ms')).toBe(
      false,
    );
    expect(isPromptLine('  name: [admin@x]')).toBe(false);
  });

  it.each([
    '14:15:55 echo: system,error,critical login failure for user aaaaaa from 127.0.0.1 via ssh',
    'echo: system,error,critical login failure for user admin from 10.0.0.1 via api',
    'dec/10/2007 10:40:06 system,error,critical login failure for user root from 10.0.0.1 via telnet',
    '2024-10-17 14:15:55 echo: system,info,account user admin logged in',
  ])('drops the log line the device pushed into the session: %j', (log) => {
    expect(normalizeOutput(`failure: x\r\n${log}\r\n`)).toEqual(['failure: x']);
  });

  it('leaves only the error of error-v7-failure-with-async-log-echo-line.txt', () => {
    expect(normalizeOutput(fixture('error-v7-failure-with-async-log-echo-line.txt'))).toEqual([
      'failure: authentication failure',
    ]);
  });

  it('leaves nothing of the log line and prompt in the wire trace of terminal-v7.23', () => {
    // Decode the author's notation: drop the trace prefix, rejoin the wrapped line, turn
    // <CR>/<LF>/<ESC> into bytes.
    const wire = fixture('terminal-v7.23-async-log-echo-injection-wire-trace.txt')
      .replace(/^.*RECV \| /, '')
      .replace(/\n\s+/g, ' ')
      .trimEnd()
      .replaceAll('<CR>', '\r')
      .replaceAll('<LF>', '\n')
      .replaceAll('<ESC>', ESC);
    expect(wire).toContain(`via api${ESC}[K\r\n\r${ESC}[9999B[admin@CHR] >`);
    expect(normalizeOutput(wire)).toEqual([]);
  });

  it('leaves the identity of ssh-escapes-v7-safe-mode once its escapes are real bytes', () => {
    const raw = fixture('ssh-escapes-v7-safe-mode-identity-print.txt').replaceAll('\\x1b', ESC);
    expect(normalizeOutput(raw)).toEqual(['/system identity print', '', 'name: HOSTNAME']);
  });

  it('resolves the keystroke echo repaints of ssh-raw-v6.49.17 down to the export', () => {
    expect(
      normalizeOutput(fixture('ssh-raw-v6.49.17-keystroke-echo-repaint-and-export.txt')),
    ).toEqual([
      '# oct/17/2024 10:17:11 by RouterOS 6.49.17',
      '# software id = 1111-1111',
      '#',
      '# model = RB3011UiAS',
      '# serial number = 111111111111',
      '/ip service',
      'set telnet disabled=yes',
      'set ftp disabled=yes',
      'set www disabled=yes',
      'set api disabled=yes',
      'set api-ssl disabled=yes',
    ]);
  });

  it('keeps the banner of ssh-raw-v6.49.17 and drops the prompt drawn twice', () => {
    const lines = normalizeOutput(fixture('ssh-raw-v6.49.17-login-banner-and-first-prompt.txt'));
    expect(lines[0]).toBe('  MMM      MMM       KKK                          TTTTTTTTTTT      KKK');
    expect(lines).toContain(
      '  MikroTik RouterOS 6.49.17 (c) 1999-2024       http://www.mikrotik.com/',
    );
    expect(lines[lines.length - 1]).toBe('/command        Use command at the base level');
    expect(lines.some((l) => l.includes('username12345@'))).toBe(false);
    expect(lines.some((l) => l.includes('\r') || l.includes(ESC))).toBe(false);
  });

  it('keeps the banner and the nag of login-banner-v7.18.2-ssh-press-f1.txt, not the prompt', () => {
    const lines = normalizeOutput(fixture('login-banner-v7.18.2-ssh-press-f1.txt'));
    expect(lines[0]).toBe("admin@192.168.1.2's password:");
    // The blank line that holds two spaces is blank once trailing spaces go.
    expect(lines.slice(1, 5)).toEqual(['', '', '', '']);
    expect(lines[lines.length - 1]).toBe('Press F1 for help');
  });

  it('turns the one-space lines of login-banner-v6.22-official-docs.txt into blank lines', () => {
    const lines = normalizeOutput(fixture('login-banner-v6.22-official-docs.txt'));
    expect(lines[6]).toBe('');
    expect(lines[7]).toBe('  MikroTik RouterOS 6.22 (c) 1999-2014       https://www.mikrotik.com/');
    expect(lines).toHaveLength(18);
  });

  it('drops the prompt of login-banner-v6.39.3-license-nag-press-enter.txt and keeps the print', () => {
    const lines = normalizeOutput(fixture('login-banner-v6.39.3-license-nag-press-enter.txt'));
    expect(lines.slice(-5)).toEqual([
      'Please press "Enter" to continue!',
      '',
      '  software-id: ABCD-E12F',
      '       nlevel: 1',
      '     features:',
    ]);
  });

  it('keeps the confirmation of prompt-v6.39.3-reboot-confirmation.txt, which is not a prompt line', () => {
    expect(normalizeOutput(fixture('prompt-v6.39.3-reboot-confirmation.txt'))).toEqual([
      'Reboot, yes? [y/N]:',
      'y',
      'system will reboot shortly',
      'Connection closed by foreign host.',
    ]);
  });

  it('drops the pager line after the update message of pager-v7-device-mode-update.txt', () => {
    expect(normalizeOutput(fixture('pager-v7-device-mode-update.txt'))).toEqual([
      'system/device-mode/update mode=advanced container=yes',
      '  update: turn off power or reboot by pressing reset or mode button in 5m00s to activate changes',
    ]);
  });

  it('passes the API sentences of api-v7-official-docs-resource-print-proplist-oid-sentences.txt through', () => {
    const lines = normalizeOutput(
      fixture('api-v7-official-docs-resource-print-proplist-oid-sentences.txt'),
    );
    expect(lines[0]).toBe('/system/resource/print');
    expect(lines).toContain('=uptime=01:22:53');
    expect(lines[lines.length - 1]).toBe('!trap');
  });

  it('passes the REST records of api-rest-v7-ping-host-unreachable-then-timeouts-captured.txt through', () => {
    const lines = normalizeOutput(
      fixture('api-rest-v7-ping-host-unreachable-then-timeouts-captured.txt'),
    );
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe('   "status":"host unreachable","time":"614ms933us","ttl":"64"},');
  });

  it('expands a tab to the next multiple of eight columns', () => {
    expect(normalizeOutput('a\tb')).toEqual(['a       b']);
  });

  it('returns no lines for empty input', () => {
    expect(normalizeOutput('')).toEqual([]);
    expect(normalizeOutput('\r\n\r\n')).toEqual([]);
  });
});
