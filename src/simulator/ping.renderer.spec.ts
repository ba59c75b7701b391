import { renderPingHeader, renderPingRow, renderPingSummary } from './ping.renderer';
import { formatV7Time } from './rtt.format';
import { fixtureLines } from './testing/fixtures';

const trimmed = (lines: readonly string[]): string[] => lines.map((line) => line.trimEnd());

describe('ping renderer', () => {
  describe('v6', () => {
    it('prints the header of ping-basic-8888-ntc.txt', () => {
      expect(renderPingHeader('v6')).toBe(fixtureLines('ping-basic-8888-ntc.txt')[0]);
    });

    it('reproduces ping-v6.44-trailing-spaces.txt byte for byte, trailing spaces included', () => {
      const capture = fixtureLines('ping-v6.44-trailing-spaces.txt');
      const reply = (seq: number, us: number): string =>
        renderPingRow('v6', { seq, kind: 'reply', host: '100.122.6.2', size: 56, ttl: 64, us });

      expect([
        renderPingHeader('v6'),
        reply(0, 21_400),
        reply(1, 11_900),
        ...renderPingSummary('v6', { sent: 2, received: 2, replyUs: [21_400, 11_900] }),
      ]).toEqual(capture.slice(1, 5));
    });

    it('prints timeouts and the loss-only summary of ping-100pct-loss-timeouts-ntc.txt', () => {
      const capture = fixtureLines('ping-100pct-loss-timeouts-ntc.txt');
      const rows = [0, 1, 2, 3].map((seq) =>
        renderPingRow('v6', { seq, kind: 'timeout', host: '88.80.88.88' }),
      );
      const summary = renderPingSummary('v6', { sent: 4, received: 0, replyUs: [] });

      expect(trimmed([...rows, ...summary])).toEqual(capture.slice(1, 6));
    });

    it('rounds partial loss down like the Bonding page example (7 sent, 6 back = 14%)', () => {
      const capture = fixtureLines('ping-official-docs-partial-loss-one-timeout.txt');
      const timeout = renderPingRow('v6', { seq: 4, kind: 'timeout', host: '172.16.0.2' });
      const [summary] = renderPingSummary('v6', {
        sent: 7,
        received: 6,
        replyUs: [100, 200, 300, 400, 500, 600],
      });

      expect(timeout).toBe(capture[6].trimEnd());
      expect(summary.trimEnd()).toBe(capture[9]);
    });
  });

  describe('v7', () => {
    it('prints micro-second times without zero padding (ping-v7-ms-us-units.txt)', () => {
      const capture = fixtureLines('ping-v7-ms-us-units.txt');
      const times = [5450, 19_038, 5543];
      const rows = times.map((us, seq) =>
        renderPingRow('v7', { seq, kind: 'reply', host: '10.2.0.2', size: 56, ttl: 62, us }),
      );
      const summary = renderPingSummary('v7', { sent: 3, received: 3, replyUs: times });

      expect(trimmed([renderPingHeader('v7'), ...rows, ...summary])).toEqual(capture.slice(8, 13));
    });

    it('pads TIME and wraps the summary on an 80-column terminal (ping-v7-us-only-...)', () => {
      const capture = fixtureLines('ping-v7-us-only-wrapped-summary-trailing-spaces.txt');
      const rows = [314, 275].map((us, seq) =>
        renderPingRow('v7', { seq, kind: 'reply', host: '10.2.1.2', size: 56, ttl: 64, us }),
      );
      const summary = renderPingSummary('v7', { sent: 2, received: 2, replyUs: [314, 275] }, 80);

      expect([...rows, ...summary]).toEqual(capture.slice(2, 6));
    });

    it('leaves HOST empty in no-route rows (ping-v7-no-route-to-host.txt)', () => {
      const capture = fixtureLines('ping-v7-no-route-to-host.txt');
      const rows = [0, 1, 2].map((seq) => renderPingRow('v7', { seq, kind: 'no-route' }));
      const summary = renderPingSummary('v7', { sent: 3, received: 0, replyUs: [] });

      expect(trimmed([renderPingHeader('v7'), ...rows, ...summary])).toEqual(capture.slice(1, 6));
    });

    it('names the router that sent the ICMP error in host-unreachable rows', () => {
      const row = renderPingRow('v7', {
        seq: 0,
        kind: 'host-unreachable',
        host: '192.168.100.2',
        ttl: 64,
        us: 614_933,
      });

      expect(row).toBe(
        '    0 192.168.100.2                                  64 614ms933us host unreachable',
      );
      expect(row.indexOf('host unreachable')).toBe(renderPingHeader('v7').indexOf('STATUS'));
    });
  });

  it('formats v7 times above a second with a seconds part', () => {
    expect(formatV7Time(1_002_003)).toBe('1s2ms3us');
    expect(formatV7Time(5000)).toBe('5ms');
  });
});
