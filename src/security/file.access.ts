import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** How a secret file's permission bits look to the guidelines' "600" rule. */
export type ModeVerdict = 'private' | 'group-readable' | 'exposed' | 'missing';

/** The octal mode (`600`) or undefined when the file cannot be stat'ed. */
export function octalMode(path: string): string | undefined {
  try {
    return (statSync(path).mode & 0o777).toString(8).padStart(3, '0');
  } catch {
    return undefined;
  }
}

/**
 * 600 or stricter is private. Group read alone is what a Kubernetes Secret mounted with fsGroup
 * gets (the kubelet adds 0440), so it is told apart from access by everyone or group write.
 */
export function secretFileVerdict(path: string): ModeVerdict {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return 'missing';
  }
  if ((mode & 0o007) !== 0 || (mode & 0o020) !== 0) return 'exposed';
  if ((mode & 0o040) !== 0) return 'group-readable';
  return 'private';
}

/** Anyone but the owner may change it: a pinned host key there can be swapped. */
export function writableByOthers(path: string): boolean {
  try {
    return (statSync(path).mode & 0o022) !== 0;
  } catch {
    return false;
  }
}

/**
 * Whether this process can write `path`, or create it: the audit sink makes missing parent
 * directories, so the nearest existing ancestor must be writable.
 */
export function canWriteOrCreate(path: string): boolean {
  let current = resolve(path);
  for (;;) {
    try {
      statSync(current);
      accessSync(current, constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}
