import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseIdentity,
  parseKeyValueBlock,
  parseResource,
  parseRouterboard,
} from './system.parser';

const FIXTURES = join(__dirname, '../../test/fixtures/routeros');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('parseIdentity', () => {
  it('reads the name of system-identity-print-ntc.txt', () => {
    expect(parseIdentity(fixture('system-identity-print-ntc.txt'))).toBe('Mikrotik-Device_Name');
  });

  it('reads the name of ssh-escapes-v7-safe-mode-identity-print.txt, escapes as posted or as bytes', () => {
    const posted = fixture('ssh-escapes-v7-safe-mode-identity-print.txt');
    expect(parseIdentity(posted)).toBe('HOSTNAME');
    expect(parseIdentity(posted.replaceAll('\\x1b', '\u001b'))).toBe('HOSTNAME');
  });

  it('reads no name from an error or an empty output', () => {
    expect(parseIdentity(fixture('error-v7-failure-authentication-failure.txt'))).toBeNull();
    expect(parseIdentity('')).toBeNull();
    expect(parseIdentity('  name: ')).toBeNull();
  });
});

describe('parseResource', () => {
  it('reads system-resource-print-v6.39.3-x86-qemu.txt', () => {
    expect(parseResource(fixture('system-resource-print-v6.39.3-x86-qemu.txt'))).toEqual({
      uptime: '2m32s',
      uptimeSeconds: 152,
      version: '6.39.3',
      channel: 'bugfix',
      buildTime: 'Oct/12/2017 11:24:56',
      factorySoftware: null,
      freeMemory: '105.3MiB',
      totalMemory: '122.6MiB',
      cpu: 'QEMU',
      cpuCount: 1,
      cpuFrequencyMhz: 3515,
      cpuLoadPercent: 8,
      freeHddSpace: '21.8MiB',
      totalHddSpace: '52.1MiB',
      architecture: 'x86',
      boardName: 'x86',
      platform: 'MikroTik',
    });
  });

  it('reads system-resource-print-v7.12.2-ccr2004.txt, which has no cpu-frequency', () => {
    // 10w2d6h21m59s = 70 + 2 days, 6 h, 21 min, 59 s = 72 * 86400 + 22919 s.
    expect(parseResource(fixture('system-resource-print-v7.12.2-ccr2004.txt'))).toEqual({
      uptime: '10w2d6h21m59s',
      uptimeSeconds: 6_243_719,
      version: '7.12.2',
      channel: 'stable',
      buildTime: 'Dec/20/2023 08:41:00',
      factorySoftware: '7.6',
      freeMemory: '3704.1MiB',
      totalMemory: '4032.0MiB',
      cpu: 'ARM64',
      cpuCount: 4,
      cpuFrequencyMhz: null,
      cpuLoadPercent: 36,
      freeHddSpace: '104.4MiB',
      totalHddSpace: '128.0MiB',
      architecture: 'arm64',
      boardName: 'CCR2004-1G-12S+2XS',
      platform: 'MikroTik',
    });
  });

  it('reads every field as null from output that is not a resource print', () => {
    const parsed = parseResource(fixture('ping-basic-8888-ntc.txt'));
    expect(Object.values(parsed).every((v) => v === null)).toBe(true);
  });
});

describe('parseRouterboard', () => {
  it('reads system-routerboard-print-v6-hex.txt', () => {
    expect(parseRouterboard(fixture('system-routerboard-print-v6-hex.txt'))).toEqual({
      routerboard: true,
      boardName: 'hEX',
      model: 'RB750Gr3',
      revision: 'r4',
      serialNumber: 'CC210E592C82',
      firmwareType: 'mt7621L',
      factoryFirmware: '6.48',
      currentFirmware: '6.49',
      upgradeFirmware: '6.49',
    });
  });

  it('reads system-routerboard-print-v6-old-firmware.txt, which has no revision line', () => {
    expect(parseRouterboard(fixture('system-routerboard-print-v6-old-firmware.txt'))).toEqual({
      routerboard: true,
      boardName: 'hEX PoE lite',
      model: 'RouterBOARD 750UP r2',
      revision: null,
      serialNumber: '8B0208F4D5F9',
      firmwareType: 'qca9531L',
      factoryFirmware: '3.41',
      currentFirmware: '3.41',
      upgradeFirmware: '6.48.6',
    });
  });
});

describe('parseKeyValueBlock', () => {
  it('keeps empty values and drops the pager line of pager-v7-pppoe-client-monitor.txt', () => {
    const fields = parseKeyValueBlock(fixture('pager-v7-pppoe-client-monitor.txt'));
    expect(fields).toMatchObject({
      status: 'connected',
      uptime: '13h59m53s',
      encoding: '',
      'service-name': '',
      'ac-mac': 'D0:D0:4B:06:EC:CC',
      'remote-ipv6-address': 'fe80::d2d0:4bff:fe06:eccc',
    });
    expect(Object.keys(fields)).toHaveLength(13);
  });

  it('reads pager-v6-pppoe-client-monitor.txt up to the pager line', () => {
    expect(parseKeyValueBlock(fixture('pager-v6-pppoe-client-monitor.txt'))).toEqual({
      status: 'connected',
      uptime: '54m',
      'active-links': '1',
      encoding: '',
      'service-name': 'pppoe-server-wates',
      'ac-name': 'MikroTik',
      'ac-mac': '0C:26:EA:43:00:01',
      mtu: '1480',
      mru: '1480',
      'local-address': '10.10.10.64',
      'remote-address': '10.10.10.1',
    });
  });

  it('keeps the last value of each key in the repeated blocks of the speed-test output', () => {
    expect(
      parseKeyValueBlock(fixture('speed-test-v6.44plus-ping-phase-repeated-blocks.txt')),
    ).toEqual({
      status: 'ping',
      'time-remaining': '51s',
      'ping-min-avg-max': '852us / 989us / 3.93ms',
      'jitter-min-avg-max': '0s / 159us / 2.97ms',
      loss: '1.23% (1/81)',
    });
  });

  it('joins a value wrapped onto a line indented to the value column', () => {
    const fields = parseKeyValueBlock(
      fixture('fetch-v7-output-user-data-multiline-and-failed.txt'),
    );
    expect(fields['data']).toMatch(/44\n<\/pre><hr><\/body> <\/html>$/);
    expect(fields['status']).toBe('failed');
  });

  it('reads the device-mode print before the failure line', () => {
    expect(
      parseKeyValueBlock(fixture('error-v7-official-docs-failure-not-allowed-by-device-mode.txt')),
    ).toMatchObject({ mode: 'enterprise', sniffer: 'no', hotspot: 'no' });
  });

  it('reads the pager-remnant fetch outputs without the remnant', () => {
    expect(
      parseKeyValueBlock(fixture('fetch-sftp-downloading-with-pager-official-docs.txt')),
    ).toEqual({ status: 'downloading', downloaded: '1048KiB', total: '51200KiB', duration: '6s' });
    expect(
      parseKeyValueBlock(fixture('fetch-v7-status-finished-pager-remnant-and-data.txt'))[
        'downloaded'
      ],
    ).toBe('0KiB');
  });

  it('takes no capitalised prose, URL or time of day for a key', () => {
    expect(
      parseKeyValueBlock(
        'Columns: ADDRESS, LOSS\r\nCommand: /tool traceroute\r\nhttp://x.example/\r\n14:15:55 text',
      ),
    ).toEqual({});
  });

  it('cannot be led to touch the object prototype', () => {
    const fields = parseKeyValueBlock('  constructor: x\r\n  tostring: y');
    expect(fields['constructor']).toBe('x');
    expect(parseKeyValueBlock('').constructor).toBe(Object);
  });
});
