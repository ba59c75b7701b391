import type { RouterOsFormat, SimulatedRouterOptions } from './simulator.types';

/** Everything the `/system` printers need, defaults filled in. */
export interface DeviceProfile {
  readonly format: RouterOsFormat;
  readonly identity: string;
  readonly version: string;
  readonly channel: string;
  readonly boardName: string;
  readonly architecture: string;
  readonly cpu: string;
  readonly cpuCount: number;
  readonly cpuFrequencyMhz?: number;
  readonly cpuLoadPercent: number;
  readonly totalMemoryMib: number;
  readonly freeMemoryMib: number;
  readonly totalHddMib: number;
  readonly freeHddMib: number;
  readonly writeSectSinceReboot: number;
  readonly writeSectTotal: number;
  readonly buildTime: string;
  readonly factorySoftware: string;
  readonly model: string;
  readonly revision?: string;
  readonly serialNumber: string;
  readonly firmwareType: string;
  readonly currentFirmware: string;
  readonly uptimeSeconds: number;
}

type Defaults = Omit<DeviceProfile, 'format' | 'identity'>;

// v7: the CCR2004 of system-resource-print-v7.12.2-ccr2004.txt.
const V7_DEFAULTS: Defaults = {
  version: '7.12.2',
  channel: 'stable',
  boardName: 'CCR2004-1G-12S+2XS',
  architecture: 'arm64',
  cpu: 'ARM64',
  cpuCount: 4,
  cpuLoadPercent: 36,
  totalMemoryMib: 4032,
  freeMemoryMib: 3704.1,
  totalHddMib: 128,
  freeHddMib: 104.4,
  writeSectSinceReboot: 54120,
  writeSectTotal: 291965,
  buildTime: 'Dec/20/2023 08:41:00',
  factorySoftware: '7.6',
  model: 'CCR2004-1G-12S+2XS',
  serialNumber: 'HE108C2R7QK',
  firmwareType: 'al52400',
  currentFirmware: '7.12.2',
  uptimeSeconds: 0,
};

// v6: the hEX of system-routerboard-print-v6-hex.txt.
const V6_DEFAULTS: Defaults = {
  version: '6.49.17',
  channel: 'long-term',
  boardName: 'hEX',
  architecture: 'mmips',
  cpu: 'MIPS 1004Kc V2.15',
  cpuCount: 4,
  cpuFrequencyMhz: 880,
  cpuLoadPercent: 8,
  totalMemoryMib: 256,
  freeMemoryMib: 201.6,
  totalHddMib: 16,
  freeHddMib: 3.5,
  writeSectSinceReboot: 472,
  writeSectTotal: 472,
  buildTime: 'Jun/19/2024 08:27:42',
  factorySoftware: '6.48',
  model: 'RB750Gr3',
  revision: 'r4',
  serialNumber: 'CC210E592C82',
  firmwareType: 'mt7621L',
  currentFirmware: '6.49',
  uptimeSeconds: 0,
};

const VIRTUAL_BOARDS = /^(chr|x86)/i;

/** Fills every printed detail from the options, the version's defaults and the board kind. */
export function buildProfile(options: SimulatedRouterOptions): DeviceProfile {
  const format = options.format ?? 'v7';
  const defaults = format === 'v6' ? V6_DEFAULTS : V7_DEFAULTS;
  const device = options.device ?? {};
  const boardName = options.boardName ?? defaults.boardName;
  const virtual = VIRTUAL_BOARDS.test(boardName);
  return {
    ...defaults,
    format,
    identity: options.identity ?? 'MikroTik',
    version: options.version ?? defaults.version,
    channel: options.channel ?? defaults.channel,
    boardName,
    architecture: options.architecture ?? (virtual ? 'x86_64' : defaults.architecture),
    cpu: device.cpu ?? (virtual ? 'QEMU' : defaults.cpu),
    cpuCount: device.cpuCount ?? defaults.cpuCount,
    cpuFrequencyMhz: device.cpuFrequencyMhz ?? (virtual ? 3515 : defaults.cpuFrequencyMhz),
    cpuLoadPercent: device.cpuLoadPercent ?? defaults.cpuLoadPercent,
    totalMemoryMib: device.totalMemoryMib ?? defaults.totalMemoryMib,
    freeMemoryMib: device.freeMemoryMib ?? defaults.freeMemoryMib,
    totalHddMib: device.totalHddMib ?? defaults.totalHddMib,
    freeHddMib: device.freeHddMib ?? defaults.freeHddMib,
    writeSectSinceReboot: device.writeSectSinceReboot ?? defaults.writeSectSinceReboot,
    writeSectTotal: device.writeSectTotal ?? defaults.writeSectTotal,
    buildTime: device.buildTime ?? defaults.buildTime,
    factorySoftware: device.factorySoftware ?? defaults.factorySoftware,
    model: device.model ?? (options.boardName === undefined ? defaults.model : boardName),
    revision: device.revision ?? (options.boardName === undefined ? defaults.revision : undefined),
    serialNumber: device.serialNumber ?? defaults.serialNumber,
    firmwareType: device.firmwareType ?? defaults.firmwareType,
    currentFirmware: device.currentFirmware ?? defaults.currentFirmware,
    uptimeSeconds: device.uptimeSeconds ?? 0,
  };
}

/** CHR and x86 installs have no RouterBOARD, so `/system routerboard` is not a menu there. */
export function hasRouterboard(profile: DeviceProfile): boolean {
  return !VIRTUAL_BOARDS.test(profile.boardName) && !/^x86/.test(profile.architecture);
}
