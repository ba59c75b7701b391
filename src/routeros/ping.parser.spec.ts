import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PingReply, parsePing } from './ping.parser';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function reply(
  seq: number | null,
  host: string | null,
  size: number | null,
  ttl: number | null,
  timeMs: number | null,
  status: string | null = null,
): PingReply {
  return { seq, host, size, ttl, timeMs, status };
}

const HEADER = '  SEQ HOST                                     SIZE TTL TIME  STATUS';

describe('parsePing on real outputs', () => {
  it('reads ping-basic-8888-ntc.txt: four rows and the summary as printed', () => {
    expect(parsePing(fixture('ping-basic-8888-ntc.txt'))).toEqual({
      replies: [
        reply(0, '8.8.8.8', 56, 64, 157),
        reply(1, '8.8.8.8', 56, 64, 64),
        reply(2, '8.8.8.8', 56, 64, 60),
        reply(3, '8.8.8.8', 56, 64, 65),
      ],
      // The fixture's author trimmed the rows, not the summary.
      summary: { sent: 13, received: 13, lossPercent: 0, minMs: 55, avgMs: 67, maxMs: 157 },
    });
  });

  it('reads ping-100pct-loss-timeouts-ntc.txt: timeout rows fill only SEQ, HOST and STATUS', () => {
    const timeout = (seq: number): PingReply =>
      reply(seq, '88.80.88.88', null, null, null, 'timeout');
    expect(parsePing(fixture('ping-100pct-loss-timeouts-ntc.txt'))).toEqual({
      replies: [timeout(0), timeout(1), timeout(2), timeout(3)],
      summary: { sent: 4, received: 0, lossPercent: 100, minMs: null, avgMs: null, maxMs: null },
    });
  });

  it('reads ping-ipv6-multicast-negative-loss-ntc.txt: four hosts answer one probe', () => {
    expect(parsePing(fixture('ping-ipv6-multicast-negative-loss-ntc.txt'))).toEqual({
      replies: [
        reply(0, 'fe80::20c:42ff:fe49:fceb', 56, 64, 1, 'echo reply'),
        reply(1, 'fe80::20c:42ff:fe72:a1b0', 56, 64, 1, 'echo reply'),
        reply(2, 'fe80::20c:42ff:fe28:7945', 56, 64, 1, 'echo reply'),
        reply(3, 'fe80::21a:4dff:fe5d:8e56', 56, 64, 3, 'echo reply'),
      ],
      summary: { sent: 1, received: 4, lossPercent: -300, minMs: 1, avgMs: 1, maxMs: 3 },
    });
  });

  it('reads ping-mac-address-ntc.txt: a MAC as HOST and an empty TTL', () => {
    expect(parsePing(fixture('ping-mac-address-ntc.txt'))).toEqual({
      replies: [
        reply(0, '00:0C:42:72:A1:B0', 56, null, 0),
        reply(1, '00:0C:42:72:A1:B0', 56, null, 0),
      ],
      summary: { sent: 2, received: 2, lossPercent: 0, minMs: 0, avgMs: 0, maxMs: 0 },
    });
  });

  it('reads ping-official-docs-partial-loss-one-timeout.txt: one timeout between replies', () => {
    const ok = (seq: number): PingReply => reply(seq, '172.16.0.2', 56, 64, 0);
    expect(parsePing(fixture('ping-official-docs-partial-loss-one-timeout.txt'))).toEqual({
      replies: [
        ok(0),
        ok(1),
        ok(2),
        ok(3),
        reply(4, '172.16.0.2', null, null, null, 'timeout'),
        ok(5),
        ok(6),
      ],
      summary: { sent: 7, received: 6, lossPercent: 14, minMs: 0, avgMs: 0, maxMs: 0 },
    });
  });

  it('reads ping-old-format-no-seq-column.txt: rows start at column 0 without SEQ', () => {
    expect(parsePing(fixture('ping-old-format-no-seq-column.txt'))).toEqual({
      replies: [
        reply(null, '192.168.2.2', 56, 255, 10),
        reply(null, '192.168.2.2', 56, 255, 8),
        reply(null, '192.168.2.2', 56, 255, 8),
      ],
      summary: { sent: 3, received: 3, lossPercent: 0, minMs: 8, avgMs: 8, maxMs: 10 },
    });
  });

  it('reads ping-romon-official-docs-seq-host-time-columns.txt: no SIZE and TTL columns', () => {
    const mac = '6C:3B:6B:48:0E:8B';
    expect(parsePing(fixture('ping-romon-official-docs-seq-host-time-columns.txt'))).toEqual({
      replies: [
        reply(0, mac, null, null, 1),
        reply(1, mac, null, null, 0),
        reply(2, mac, null, null, 1),
        reply(3, mac, null, null, 0),
        reply(4, mac, null, null, 1),
      ],
      summary: { sent: 5, received: 5, lossPercent: 0, minMs: 0, avgMs: 0, maxMs: 1 },
    });
  });

  it('reads ping-v6.44-trailing-spaces.txt regardless of the padding', () => {
    expect(parsePing(fixture('ping-v6.44-trailing-spaces.txt'))).toEqual({
      replies: [reply(0, '100.122.6.2', 56, 64, 21), reply(1, '100.122.6.2', 56, 64, 11)],
      summary: { sent: 2, received: 2, lossPercent: 0, minMs: 11, avgMs: 16, maxMs: 21 },
    });
  });

  it('reads ping-v7-count1-ms-us.txt: one row in ms and us', () => {
    expect(parsePing(fixture('ping-v7-count1-ms-us.txt'))).toEqual({
      replies: [reply(0, '192.168.11.11', 56, 60, 3.431)],
      summary: { sent: 1, received: 1, lossPercent: 0, minMs: 3.431, avgMs: 3.431, maxMs: 3.431 },
    });
  });

  it('reads the last of the two runs in ping-v7-ms-us-units.txt', () => {
    expect(parsePing(fixture('ping-v7-ms-us-units.txt'))).toEqual({
      replies: [
        reply(0, '10.2.0.2', 56, 62, 5.45),
        reply(1, '10.2.0.2', 56, 62, 19.038),
        reply(2, '10.2.0.2', 56, 62, 5.543),
      ],
      summary: { sent: 3, received: 3, lossPercent: 0, minMs: 5.45, avgMs: 10.01, maxMs: 19.038 },
    });
  });

  it('reads the first run of ping-v7-ms-us-units.txt when given alone', () => {
    const text = fixture('ping-v7-ms-us-units.txt');
    const firstRun = text.slice(0, text.indexOf('[admin@CE2-6] > ping 10.2.0.2'));
    expect(parsePing(firstRun)).toEqual({
      replies: [
        reply(0, '10.2.0.1', 56, 62, 4.792),
        reply(1, '10.2.0.1', 56, 62, 5.767),
        reply(2, '10.2.0.1', 56, 62, 9.535),
      ],
      summary: { sent: 3, received: 3, lossPercent: 0, minMs: 4.792, avgMs: 6.698, maxMs: 9.535 },
    });
  });

  it('reads ping-v7-no-route-to-host.txt: SEQ and STATUS only, HOST empty', () => {
    const noRoute = (seq: number): PingReply =>
      reply(seq, null, null, null, null, 'no route to host');
    expect(parsePing(fixture('ping-v7-no-route-to-host.txt'))).toEqual({
      replies: [noRoute(0), noRoute(1), noRoute(2)],
      summary: { sent: 3, received: 0, lossPercent: 100, minMs: null, avgMs: null, maxMs: null },
    });
  });

  it('reads ping-v7-us-only-wrapped-summary-trailing-spaces.txt with max-rtt on the next line', () => {
    expect(parsePing(fixture('ping-v7-us-only-wrapped-summary-trailing-spaces.txt'))).toEqual({
      replies: [reply(0, '10.2.1.2', 56, 64, 0.314), reply(1, '10.2.1.2', 56, 64, 0.275)],
      summary: { sent: 2, received: 2, lossPercent: 0, minMs: 0.275, avgMs: 0.294, maxMs: 0.314 },
    });
  });
});

describe('parsePing by the format rules', () => {
  it('continues one run across a header block repeated after an interim summary', () => {
    const output = [
      HEADER,
      '    0 10.0.0.1                                 1472  64 2ms',
      '    1 10.0.0.1                                 1472  64 1ms',
      '    sent=2 received=2 packet-loss=0% min-rtt=1ms avg-rtt=1ms max-rtt=2ms',
      HEADER,
      '    2 10.0.0.1                                              timeout',
      '    3 10.0.0.1                                 1472  64 12ms',
      '    sent=4 received=3 packet-loss=25% min-rtt=1ms avg-rtt=5ms max-rtt=12ms',
    ].join('\r\n');
    expect(parsePing(output)).toEqual({
      replies: [
        reply(0, '10.0.0.1', 1472, 64, 2),
        reply(1, '10.0.0.1', 1472, 64, 1),
        reply(2, '10.0.0.1', null, null, null, 'timeout'),
        reply(3, '10.0.0.1', 1472, 64, 12),
      ],
      summary: { sent: 4, received: 3, lossPercent: 25, minMs: 1, avgMs: 5, maxMs: 12 },
    });
  });

  it('takes a SIZE that starts one character left of its header as the SIZE', () => {
    const output = `${HEADER}\n    0 10.0.0.1                                65535  64 3ms`;
    expect(parsePing(output).replies).toEqual([reply(0, '10.0.0.1', 65535, 64, 3)]);
  });

  it('keeps the router that sent a host unreachable as HOST, with its time and status', () => {
    const output = [
      '  SEQ HOST                                     SIZE TTL TIME       STATUS',
      '    0 192.168.100.2                              84  64 614ms933us host unreachable',
      '    1 8.8.8.8                                                      timeout',
      '    sent=2 received=0 packet-loss=100%',
    ].join('\n');
    expect(parsePing(output).replies).toEqual([
      reply(0, '192.168.100.2', 84, 64, 614.933, 'host unreachable'),
      reply(1, '8.8.8.8', null, null, null, 'timeout'),
    ]);
  });

  it('reads the older HOST-first layout with an echo reply status', () => {
    const output = [
      'HOST                                     SIZE  TTL TIME  STATUS',
      '10.0.0.1                                 56    64  1ms   echo reply',
    ].join('\n');
    expect(parsePing(output).replies).toEqual([reply(null, '10.0.0.1', 56, 64, 1, 'echo reply')]);
  });

  it('ignores prompts, echo lines and text it does not know between rows', () => {
    const output = [
      '[admin@MikroTik] > ping 10.0.0.1 count=2',
      HEADER,
      '    0 10.0.0.1                                   56  64 1ms',
      '10:00:00 echo: system,error,critical login failure for user x from 1.2.3.4 via ssh',
      'interrupted',
      '    1 10.0.0.1                                   56  64 2ms',
      '    sent=2 received=2 packet-loss=0% min-rtt=1ms avg-rtt=1ms max-rtt=2ms',
    ].join('\r\n');
    expect(parsePing(output).replies).toHaveLength(2);
  });

  it('returns a summary without rows when only the summary was printed', () => {
    expect(parsePing('    sent=3 received=0 packet-loss=100%')).toEqual({
      replies: [],
      summary: { sent: 3, received: 0, lossPercent: 100, minMs: null, avgMs: null, maxMs: null },
    });
  });

  it('finds nothing in rows that come without a header', () => {
    expect(parsePing('    0 8.8.8.8   56  64 157ms')).toEqual({ replies: [], summary: null });
  });

  it('finds nothing in a summary whose counters are not numbers', () => {
    expect(parsePing('    sent=x received=2 packet-loss=0%').summary).toBeNull();
  });

  it('finds nothing in traceroute, system and error output', () => {
    for (const name of [
      'traceroute-v6-mpls-labels.txt',
      'system-resource-print-v7.12.2-ccr2004.txt',
      'error-v7-failure-authentication-failure.txt',
      'speed-test-v6.44plus-ping-phase-repeated-blocks.txt',
      'api-rest-v7-ping-count4-and-session-closed-official-docs.txt',
      'api-ping-reply-words-tik4net-debug-comment.txt',
    ]) {
      expect(parsePing(fixture(name))).toEqual({ replies: [], summary: null });
    }
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        parsePing(text);
        parsePing(`${HEADER}\n${text}`);
      }),
    );
  });
});
