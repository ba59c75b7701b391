import { buildProfile, hasRouterboard } from './device.profile';
import { formatUptime, renderIdentity, renderResource, renderRouterboard } from './system.renderer';
import { fixtureLines } from './testing/fixtures';

const seconds = (w: number, d: number, h: number, m: number, s: number): number =>
  (((w * 7 + d) * 24 + h) * 60 + m) * 60 + s;

describe('system renderers', () => {
  it('prints identity like system-identity-print-ntc.txt', () => {
    const profile = buildProfile({ identity: 'Mikrotik-Device_Name' });

    expect(renderIdentity(profile)).toEqual(
      fixtureLines('system-identity-print-ntc.txt').slice(0, 1),
    );
  });

  it('reproduces the v7.12.2 CCR2004 resource print by default', () => {
    const capture = fixtureLines('system-resource-print-v7.12.2-ccr2004.txt');

    expect(renderResource(buildProfile({ format: 'v7' }), seconds(10, 2, 6, 21, 59))).toEqual(
      capture.slice(0, 17),
    );
  });

  it('reproduces the v6.39.3 x86 resource print from options', () => {
    const capture = fixtureLines('system-resource-print-v6.39.3-x86-qemu.txt');
    const profile = buildProfile({
      format: 'v6',
      version: '6.39.3',
      channel: 'bugfix',
      boardName: 'x86',
      architecture: 'x86',
      device: {
        cpu: 'QEMU',
        cpuCount: 1,
        cpuFrequencyMhz: 3515,
        cpuLoadPercent: 8,
        buildTime: 'Oct/12/2017 11:24:56',
        freeMemoryMib: 105.3,
        totalMemoryMib: 122.6,
        freeHddMib: 21.8,
        totalHddMib: 52.1,
        writeSectSinceReboot: 472,
        writeSectTotal: 472,
      },
    });

    expect(renderResource(profile, 152)).toEqual(capture.slice(1, 17));
  });

  it('reproduces the v6 hEX routerboard print by default', () => {
    const capture = fixtureLines('system-routerboard-print-v6-hex.txt');

    expect(renderRouterboard(buildProfile({ format: 'v6', version: '6.49' }))).toEqual(
      capture.slice(0, 9),
    );
  });

  it('knows CHR and x86 installs have no routerboard menu', () => {
    expect(hasRouterboard(buildProfile({ boardName: 'CHR' }))).toBe(false);
    expect(hasRouterboard(buildProfile({ boardName: 'x86' }))).toBe(false);
    expect(hasRouterboard(buildProfile({ format: 'v6' }))).toBe(true);
    expect(buildProfile({ boardName: 'CHR' }).architecture).toBe('x86_64');
  });

  it('prints uptimes the RouterOS way', () => {
    expect(formatUptime(0)).toBe('0s');
    expect(formatUptime(152)).toBe('2m32s');
    expect(formatUptime(seconds(1, 0, 0, 0, 0))).toBe('1w');
    expect(formatUptime(seconds(10, 2, 6, 21, 59))).toBe('10w2d6h21m59s');
  });
});
