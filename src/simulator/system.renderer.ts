import type { DeviceProfile } from './device.profile';

/** RouterOS durations: `10w2d6h21m59s`, `2m32s`, `0s`. */
export function formatUptime(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  let text = '';
  for (const [unit, size] of [
    ['w', 604800],
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) {
      text += `${amount}${unit}`;
    }
  }
  return rest > 0 || text === '' ? `${text}${rest}s` : text;
}

// `print` of a single item: keys right-aligned so the colons line up after the longest key.
function keyValues(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...pairs.map(([key]) => key.length)) + 2;
  return pairs.map(([key, value]) => `${key.padStart(width)}: ${value}`);
}

function mib(value: number): string {
  return `${value.toFixed(1)}MiB`;
}

/** `/system identity print`, as system-identity-print-ntc.txt. */
export function renderIdentity(profile: DeviceProfile): string[] {
  return keyValues([['name', profile.identity]]);
}

/**
 * `/system resource print`: the v7.12.2 CCR2004 layout (factory-software, bad-blocks) or the
 * v6.39.3 x86 one; cpu-frequency only where the CPU reports one.
 */
export function renderResource(profile: DeviceProfile, uptimeSeconds: number): string[] {
  const v7 = profile.format === 'v7';
  const pairs: Array<readonly [string, string]> = [
    ['uptime', formatUptime(uptimeSeconds)],
    ['version', `${profile.version} (${profile.channel})`],
    ['build-time', profile.buildTime],
  ];
  if (v7) {
    pairs.push(['factory-software', profile.factorySoftware]);
  }
  pairs.push(
    ['free-memory', mib(profile.freeMemoryMib)],
    ['total-memory', mib(profile.totalMemoryMib)],
    ['cpu', profile.cpu],
    ['cpu-count', String(profile.cpuCount)],
  );
  if (profile.cpuFrequencyMhz !== undefined) {
    pairs.push(['cpu-frequency', `${profile.cpuFrequencyMhz}MHz`]);
  }
  pairs.push(
    ['cpu-load', `${profile.cpuLoadPercent}%`],
    ['free-hdd-space', mib(profile.freeHddMib)],
    ['total-hdd-space', mib(profile.totalHddMib)],
    ['write-sect-since-reboot', String(profile.writeSectSinceReboot)],
    ['write-sect-total', String(profile.writeSectTotal)],
  );
  if (v7) {
    pairs.push(['bad-blocks', '0%']);
  }
  pairs.push(
    ['architecture-name', profile.architecture],
    ['board-name', profile.boardName],
    ['platform', 'MikroTik'],
  );
  return keyValues(pairs);
}

/** `/system routerboard print`, as system-routerboard-print-v6-hex.txt. */
export function renderRouterboard(profile: DeviceProfile): string[] {
  const revision: Array<readonly [string, string]> =
    profile.revision === undefined ? [] : [['revision', profile.revision]];
  return keyValues([
    ['routerboard', 'yes'],
    ['board-name', profile.boardName],
    ['model', profile.model],
    ...revision,
    ['serial-number', profile.serialNumber],
    ['firmware-type', profile.firmwareType],
    ['factory-firmware', profile.factorySoftware],
    ['current-firmware', profile.currentFirmware],
    ['upgrade-firmware', profile.version],
  ]);
}
