import type { Random } from './seeded-random';
import type { FaultMode } from './simulator.types';

/** Every fault mode, for validating scenario files and flags. */
export const FAULT_MODES: readonly FaultMode[] = [
  'none',
  'wrong-password',
  'refuse',
  'slow-login',
  'hang',
  'drop-mid-output',
  'garbage',
  'endless-output',
];

export function isFaultMode(value: unknown): value is FaultMode {
  return typeof value === 'string' && (FAULT_MODES as readonly string[]).includes(value);
}

/** Faults that change how a running command's output reaches the client. */
export type OutputFault = 'hang' | 'drop-mid-output' | null;

export function outputFault(fault: FaultMode): OutputFault {
  return fault === 'hang' || fault === 'drop-mid-output' ? fault : null;
}

/**
 * Bytes no RouterOS ever printed: control characters, invalid UTF-8 and no line structure, so a
 * parser must reject them rather than find a table in them.
 */
export function garbageBytes(random: Random, length = 512): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) {
    const value = Math.floor(random() * 256);
    // Keep CR and LF out so the noise never looks like lines of output.
    bytes[i] = value === 0x0a || value === 0x0d ? 0xff : value;
  }
  return bytes;
}
